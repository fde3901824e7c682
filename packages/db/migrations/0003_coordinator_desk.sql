CREATE TABLE "auth_two_factor" (
	"id" text PRIMARY KEY NOT NULL,
	"secret" text NOT NULL,
	"backup_codes" text NOT NULL,
	"user_id" text NOT NULL,
	"verified" boolean DEFAULT true NOT NULL,
	"failed_verification_count" integer DEFAULT 0 NOT NULL,
	"locked_until" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "log_review" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organisation_id" uuid NOT NULL,
	"site_id" uuid NOT NULL,
	"period_from" date NOT NULL,
	"period_to" date NOT NULL,
	"visit_count" integer NOT NULL,
	"exceptions" jsonb NOT NULL,
	"note" text DEFAULT '' NOT NULL,
	"signed_off_by_staff_id" text NOT NULL,
	"signed_off_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "roll_call" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organisation_id" uuid NOT NULL,
	"site_id" uuid NOT NULL,
	"started_by_staff_id" text NOT NULL,
	"started_at" timestamp with time zone DEFAULT now() NOT NULL,
	"closed_by_staff_id" text,
	"closed_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "roll_call_entry" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"roll_call_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"visit_id" uuid,
	"staff_id" text,
	"escort_staff_id" text,
	"accounted_at" timestamp with time zone,
	"accounted_by_staff_id" text
);
--> statement-breakpoint
ALTER TABLE "organisation" ADD COLUMN "require_two_factor" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "organisation" ADD COLUMN "escort_confirm_target_minutes" integer DEFAULT 10 NOT NULL;--> statement-breakpoint
ALTER TABLE "staff" ADD COLUMN "two_factor_enabled" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "auth_two_factor" ADD CONSTRAINT "auth_two_factor_user_id_staff_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."staff"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "log_review" ADD CONSTRAINT "log_review_organisation_id_organisation_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisation"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "log_review" ADD CONSTRAINT "log_review_site_id_site_id_fk" FOREIGN KEY ("site_id") REFERENCES "public"."site"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "log_review" ADD CONSTRAINT "log_review_signed_off_by_staff_id_staff_id_fk" FOREIGN KEY ("signed_off_by_staff_id") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "roll_call" ADD CONSTRAINT "roll_call_organisation_id_organisation_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisation"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "roll_call" ADD CONSTRAINT "roll_call_site_id_site_id_fk" FOREIGN KEY ("site_id") REFERENCES "public"."site"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "roll_call" ADD CONSTRAINT "roll_call_started_by_staff_id_staff_id_fk" FOREIGN KEY ("started_by_staff_id") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "roll_call" ADD CONSTRAINT "roll_call_closed_by_staff_id_staff_id_fk" FOREIGN KEY ("closed_by_staff_id") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "roll_call_entry" ADD CONSTRAINT "roll_call_entry_roll_call_id_roll_call_id_fk" FOREIGN KEY ("roll_call_id") REFERENCES "public"."roll_call"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "roll_call_entry" ADD CONSTRAINT "roll_call_entry_visit_id_visit_id_fk" FOREIGN KEY ("visit_id") REFERENCES "public"."visit"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "roll_call_entry" ADD CONSTRAINT "roll_call_entry_staff_id_staff_id_fk" FOREIGN KEY ("staff_id") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "roll_call_entry" ADD CONSTRAINT "roll_call_entry_escort_staff_id_staff_id_fk" FOREIGN KEY ("escort_staff_id") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "roll_call_entry" ADD CONSTRAINT "roll_call_entry_accounted_by_staff_id_staff_id_fk" FOREIGN KEY ("accounted_by_staff_id") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "auth_two_factor_user_idx" ON "auth_two_factor" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "log_review_site_idx" ON "log_review" USING btree ("site_id","period_to" DESC NULLS LAST);--> statement-breakpoint
CREATE UNIQUE INDEX "roll_call_open_idx" ON "roll_call" USING btree ("site_id") WHERE closed_at is null;--> statement-breakpoint
CREATE INDEX "roll_call_site_idx" ON "roll_call" USING btree ("site_id","started_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "roll_call_entry_call_idx" ON "roll_call_entry" USING btree ("roll_call_id");--> statement-breakpoint
CREATE INDEX "visit_log_idx" ON "visit" USING btree ("site_id","signed_in_at" DESC NULLS LAST,"id" DESC NULLS LAST);