-- Draft (issue #10 items 4-5); the final statements follow in the next commit.
SELECT 1;
