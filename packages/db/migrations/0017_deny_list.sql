CREATE TABLE "deny_list_entry" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organisation_id" uuid NOT NULL,
	"full_name" "bytea" NOT NULL,
	"aliases" "bytea" NOT NULL,
	"date_of_birth" "bytea",
	"reason" "bytea" NOT NULL,
	"review_by" date NOT NULL,
	"added_by_staff_id" text NOT NULL,
	"added_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	"removed_at" timestamp with time zone,
	"removed_by_staff_id" text,
	"removal_note" "bytea"
);
--> statement-breakpoint
CREATE TABLE "deny_list_name" (
	"entry_id" uuid NOT NULL,
	"organisation_id" uuid NOT NULL,
	"token" text NOT NULL,
	CONSTRAINT "deny_list_name_entry_id_token_pk" PRIMARY KEY("entry_id","token")
);
--> statement-breakpoint
CREATE TABLE "visit_screening" (
	"visit_id" uuid PRIMARY KEY NOT NULL,
	"organisation_id" uuid NOT NULL,
	"site_id" uuid NOT NULL,
	"outcome" text NOT NULL,
	"matched_entry_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL,
	"screened_at" timestamp with time zone NOT NULL,
	"decision" text,
	"decided_by_staff_id" text,
	"decided_at" timestamp with time zone,
	"decision_note" "bytea"
);
--> statement-breakpoint
ALTER TABLE "deny_list_entry" ADD CONSTRAINT "deny_list_entry_organisation_id_organisation_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisation"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "deny_list_entry" ADD CONSTRAINT "deny_list_entry_added_by_staff_id_staff_id_fk" FOREIGN KEY ("added_by_staff_id") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "deny_list_entry" ADD CONSTRAINT "deny_list_entry_removed_by_staff_id_staff_id_fk" FOREIGN KEY ("removed_by_staff_id") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "deny_list_name" ADD CONSTRAINT "deny_list_name_entry_id_deny_list_entry_id_fk" FOREIGN KEY ("entry_id") REFERENCES "public"."deny_list_entry"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "deny_list_name" ADD CONSTRAINT "deny_list_name_organisation_id_organisation_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisation"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "visit_screening" ADD CONSTRAINT "visit_screening_visit_id_visit_id_fk" FOREIGN KEY ("visit_id") REFERENCES "public"."visit"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "visit_screening" ADD CONSTRAINT "visit_screening_organisation_id_organisation_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisation"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "visit_screening" ADD CONSTRAINT "visit_screening_site_id_site_id_fk" FOREIGN KEY ("site_id") REFERENCES "public"."site"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "visit_screening" ADD CONSTRAINT "visit_screening_decided_by_staff_id_staff_id_fk" FOREIGN KEY ("decided_by_staff_id") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "deny_list_entry_review_idx" ON "deny_list_entry" USING btree ("organisation_id","review_by") WHERE "deny_list_entry"."removed_at" is null;--> statement-breakpoint
CREATE INDEX "deny_list_name_token_idx" ON "deny_list_name" USING btree ("organisation_id","token");--> statement-breakpoint
CREATE INDEX "visit_screening_pending_idx" ON "visit_screening" USING btree ("site_id") WHERE "visit_screening"."outcome" <> 'clear' and "visit_screening"."decision" is null;