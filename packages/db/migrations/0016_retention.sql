CREATE TABLE "retention_purge" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organisation_id" uuid NOT NULL,
	"trigger" text NOT NULL,
	"started_at" timestamp with time zone NOT NULL,
	"finished_at" timestamp with time zone,
	"status" text DEFAULT 'running' NOT NULL,
	"periods" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"counts" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"skipped_held" integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
ALTER TABLE "organisation" ADD COLUMN "retention_months" integer DEFAULT 36 NOT NULL;--> statement-breakpoint
ALTER TABLE "site" ADD COLUMN "retention_months" integer;--> statement-breakpoint
ALTER TABLE "retention_purge" ADD CONSTRAINT "retention_purge_organisation_id_organisation_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisation"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "retention_purge_org_idx" ON "retention_purge" USING btree ("organisation_id","started_at" DESC NULLS LAST);