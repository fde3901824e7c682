CREATE TABLE "disclosure_request" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organisation_id" uuid NOT NULL,
	"site_id" uuid NOT NULL,
	"requester_name" text NOT NULL,
	"requester_role" text DEFAULT '' NOT NULL,
	"agency" text NOT NULL,
	"received_on" date NOT NULL,
	"requested" text NOT NULL,
	"consent" text NOT NULL,
	"reason_without_consent" text DEFAULT '' NOT NULL,
	"told_on" date,
	"not_told_reason" text DEFAULT '' NOT NULL,
	"released" text DEFAULT '' NOT NULL,
	"released_on" date,
	"decided_by_staff_id" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "disclosure_visit" (
	"disclosure_id" uuid NOT NULL,
	"visit_id" uuid NOT NULL,
	CONSTRAINT "disclosure_visit_disclosure_id_visit_id_pk" PRIMARY KEY("disclosure_id","visit_id")
);
--> statement-breakpoint
ALTER TABLE "disclosure_request" ADD CONSTRAINT "disclosure_request_organisation_id_organisation_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisation"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "disclosure_request" ADD CONSTRAINT "disclosure_request_site_id_site_id_fk" FOREIGN KEY ("site_id") REFERENCES "public"."site"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "disclosure_request" ADD CONSTRAINT "disclosure_request_decided_by_staff_id_staff_id_fk" FOREIGN KEY ("decided_by_staff_id") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "disclosure_visit" ADD CONSTRAINT "disclosure_visit_disclosure_id_disclosure_request_id_fk" FOREIGN KEY ("disclosure_id") REFERENCES "public"."disclosure_request"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "disclosure_visit" ADD CONSTRAINT "disclosure_visit_visit_id_visit_id_fk" FOREIGN KEY ("visit_id") REFERENCES "public"."visit"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "disclosure_request_site_idx" ON "disclosure_request" USING btree ("site_id","received_on" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "disclosure_request_created_idx" ON "disclosure_request" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "disclosure_visit_visit_idx" ON "disclosure_visit" USING btree ("visit_id");