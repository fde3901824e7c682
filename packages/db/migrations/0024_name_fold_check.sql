-- Start-up remembers which version of the name fold the stored name hashes were written for (crypto/reindex.ts):
-- empty here, so the first start after this migration rewrites hashes the new fold (ł as l, æ as ae …) reads
-- differently, before any kiosk sign-in is checked against the deny list.
CREATE TABLE "name_fold_check" (
	"only" boolean PRIMARY KEY DEFAULT true NOT NULL,
	"fold_version" integer NOT NULL,
	"checked_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "name_fold_check_one_row" CHECK ("name_fold_check"."only")
);
