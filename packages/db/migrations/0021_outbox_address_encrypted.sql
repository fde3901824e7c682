-- Start-up remembers what it last verified free of clear values (crypto/clear-check.ts), so it scans only after a
-- migration or a key change instead of on every boot.
CREATE TABLE "encryption_check" (
	"only" boolean PRIMARY KEY DEFAULT true NOT NULL,
	"migration" bigint NOT NULL,
	"key_ids" text NOT NULL,
	"checked_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "encryption_check_one_row" CHECK ("encryption_check"."only")
);
--> statement-breakpoint
-- An email's recipient becomes an application-encrypted envelope like the visitor's email (migration 0015). The
-- database never sees a key: addresses waiting to be sent keep their UTF-8 bytes here, and the server's first start
-- after this migration encrypts them before the sender runs (the same pass as `keys reencrypt`).
ALTER TABLE "outbox_message" ALTER COLUMN "to_address" SET DATA TYPE bytea USING convert_to("to_address", 'UTF8');
