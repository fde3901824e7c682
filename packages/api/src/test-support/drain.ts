/**
 * A drain's limit that reaches every due row. Other test files' sign-ins leave rows in the same job_outbox, older than
 * a test's own, and nothing drains them all: a drain of the oldest 1,000 (as the tests once asked for) could end before
 * reaching the rows the test had just written, which then waited, and the test failed in a full run only.
 */
export const EVERY_DUE_ROW = 1_000_000;
