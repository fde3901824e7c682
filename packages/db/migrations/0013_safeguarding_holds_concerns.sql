CREATE TABLE "safeguarding_concern" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organisation_id" uuid NOT NULL,
	"site_id" uuid NOT NULL,
	"visit_id" uuid NOT NULL,
	"category" text NOT NULL,
	"note" text NOT NULL,
	"raised_by_staff_id" text NOT NULL,
	"raised_via" text NOT NULL,
	"raised_at" timestamp with time zone NOT NULL,
	"closed_at" timestamp with time zone,
	"closed_by_staff_id" text,
	"close_note" text
);
--> statement-breakpoint
CREATE TABLE "safeguarding_hold" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organisation_id" uuid NOT NULL,
	"site_id" uuid NOT NULL,
	"visit_id" uuid NOT NULL,
	"reason" text NOT NULL,
	"note" text DEFAULT '' NOT NULL,
	"review_by" date NOT NULL,
	"concern_id" uuid,
	"placed_by_staff_id" text NOT NULL,
	"placed_at" timestamp with time zone NOT NULL,
	"released_at" timestamp with time zone,
	"released_by_staff_id" text,
	"release_reason" text
);
--> statement-breakpoint
ALTER TABLE "safeguarding_concern" ADD CONSTRAINT "safeguarding_concern_organisation_id_organisation_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisation"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "safeguarding_concern" ADD CONSTRAINT "safeguarding_concern_site_id_site_id_fk" FOREIGN KEY ("site_id") REFERENCES "public"."site"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "safeguarding_concern" ADD CONSTRAINT "safeguarding_concern_visit_id_visit_id_fk" FOREIGN KEY ("visit_id") REFERENCES "public"."visit"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "safeguarding_concern" ADD CONSTRAINT "safeguarding_concern_raised_by_staff_id_staff_id_fk" FOREIGN KEY ("raised_by_staff_id") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "safeguarding_concern" ADD CONSTRAINT "safeguarding_concern_closed_by_staff_id_staff_id_fk" FOREIGN KEY ("closed_by_staff_id") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "safeguarding_hold" ADD CONSTRAINT "safeguarding_hold_organisation_id_organisation_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisation"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "safeguarding_hold" ADD CONSTRAINT "safeguarding_hold_site_id_site_id_fk" FOREIGN KEY ("site_id") REFERENCES "public"."site"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "safeguarding_hold" ADD CONSTRAINT "safeguarding_hold_visit_id_visit_id_fk" FOREIGN KEY ("visit_id") REFERENCES "public"."visit"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "safeguarding_hold" ADD CONSTRAINT "safeguarding_hold_concern_id_safeguarding_concern_id_fk" FOREIGN KEY ("concern_id") REFERENCES "public"."safeguarding_concern"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "safeguarding_hold" ADD CONSTRAINT "safeguarding_hold_placed_by_staff_id_staff_id_fk" FOREIGN KEY ("placed_by_staff_id") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "safeguarding_hold" ADD CONSTRAINT "safeguarding_hold_released_by_staff_id_staff_id_fk" FOREIGN KEY ("released_by_staff_id") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "safeguarding_concern_site_idx" ON "safeguarding_concern" USING btree ("site_id","raised_at" DESC NULLS LAST);--> statement-breakpoint
CREATE UNIQUE INDEX "safeguarding_hold_active_idx" ON "safeguarding_hold" USING btree ("visit_id") WHERE "safeguarding_hold"."released_at" is null;--> statement-breakpoint
CREATE INDEX "safeguarding_hold_review_idx" ON "safeguarding_hold" USING btree ("site_id","review_by") WHERE "safeguarding_hold"."released_at" is null;