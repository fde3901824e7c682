-- Visitors' personal details become AES-256-GCM envelopes written by the application (crypto/envelope.ts). The
-- database never sees a key, so existing clear values are kept as their UTF-8 bytes here and encrypted by the
-- server's first start after this migration (encryptClearValues, the same pass as `keys reencrypt`).
DROP INDEX "visit_name_search_idx";--> statement-breakpoint
ALTER TABLE "visit" ALTER COLUMN "visitor_name" SET DATA TYPE bytea USING convert_to("visitor_name", 'UTF8');--> statement-breakpoint
ALTER TABLE "visit" ALTER COLUMN "visitor_organisation" SET DATA TYPE bytea USING convert_to("visitor_organisation", 'UTF8');--> statement-breakpoint
ALTER TABLE "visit" ALTER COLUMN "purpose" DROP DEFAULT;--> statement-breakpoint
ALTER TABLE "visit" ALTER COLUMN "purpose" SET DATA TYPE bytea USING convert_to("purpose", 'UTF8');--> statement-breakpoint
ALTER TABLE "visit" ALTER COLUMN "host_name" SET DATA TYPE bytea USING convert_to("host_name", 'UTF8');--> statement-breakpoint
ALTER TABLE "visit" ALTER COLUMN "visitor_email" SET DATA TYPE bytea USING convert_to("visitor_email", 'UTF8');--> statement-breakpoint
ALTER TABLE "visit_signature" ALTER COLUMN "typed_name" SET DATA TYPE bytea USING convert_to("typed_name", 'UTF8');--> statement-breakpoint
ALTER TABLE "visit" ADD COLUMN "visitor_name_index" text[] DEFAULT '{}' NOT NULL;--> statement-breakpoint
ALTER TABLE "visit" ADD COLUMN "visitor_email_index" text;--> statement-breakpoint
CREATE INDEX "visit_name_index_idx" ON "visit" USING gin ("visitor_name_index");--> statement-breakpoint
CREATE INDEX "visit_email_index_idx" ON "visit" USING btree ("visitor_email_index") WHERE "visit"."visitor_email_index" is not null;--> statement-breakpoint
-- A signature stays unchangeable, except that the re-encryption (owner role, in a transaction that declares itself
-- with `set local threshold.reencrypting = 'on'`) may replace the encrypted typed name and image with the same
-- content under a newer key: every other column must stay as it was.
CREATE OR REPLACE FUNCTION signed_record_append_only() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' THEN
    -- Nested, not one AND: PL/pgSQL may evaluate every operand, and other tables lack these columns.
    IF TG_TABLE_NAME = 'visit_signature'
       AND current_setting('threshold.reencrypting', true) = 'on'
       AND pg_has_role(session_user, (SELECT relowner FROM pg_class WHERE oid = TG_RELID), 'MEMBER') THEN
      IF (NEW.visit_id, NEW.document_id, NEW.document_sha256, NEW.signed_at, NEW.reference_hash,
          NEW.reused_from_visit_id)
         IS NOT DISTINCT FROM
         (OLD.visit_id, OLD.document_id, OLD.document_sha256, OLD.signed_at, OLD.reference_hash,
          OLD.reused_from_visit_id) THEN
        RETURN NEW;
      END IF;
    END IF;
    RAISE EXCEPTION '% is a signed record and cannot change', TG_TABLE_NAME
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  IF NOT pg_has_role(session_user, (SELECT relowner FROM pg_class WHERE oid = TG_RELID), 'MEMBER') THEN
    RAISE EXCEPTION '% rows may be deleted only by the owner role (retention, erasure)', TG_TABLE_NAME
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  RETURN OLD;
END;
$$;
