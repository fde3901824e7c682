CREATE TABLE "kiosk_visit_code" (
	"site_id" uuid NOT NULL,
	"code" text NOT NULL,
	"device_id" uuid NOT NULL,
	"seq" integer NOT NULL,
	"reserved_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "kiosk_visit_code_site_id_code_pk" PRIMARY KEY("site_id","code")
);
--> statement-breakpoint
CREATE TABLE "job_outbox" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "job_outbox_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"kind" text NOT NULL,
	"payload" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "kiosk_device" ADD COLUMN "heartbeat_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "kiosk_device" ADD COLUMN "queued_count" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "kiosk_device" ADD COLUMN "queued_since" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "visit" ADD COLUMN "recorded_at" timestamp with time zone DEFAULT now() NOT NULL;--> statement-breakpoint
-- Visits stored before this migration were stored as they were signed.
UPDATE "visit" SET "recorded_at" = "signed_in_at";--> statement-breakpoint
ALTER TABLE "visit" ADD COLUMN "sign_out_key" uuid;--> statement-breakpoint
ALTER TABLE "kiosk_visit_code" ADD CONSTRAINT "kiosk_visit_code_site_id_site_id_fk" FOREIGN KEY ("site_id") REFERENCES "public"."site"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "kiosk_visit_code" ADD CONSTRAINT "kiosk_visit_code_device_id_kiosk_device_id_fk" FOREIGN KEY ("device_id") REFERENCES "public"."kiosk_device"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "kiosk_visit_code_seq_idx" ON "kiosk_visit_code" USING btree ("device_id","seq");--> statement-breakpoint
CREATE INDEX "job_outbox_due_idx" ON "job_outbox" USING btree ("next_attempt_at");--> statement-breakpoint
CREATE UNIQUE INDEX "visit_sign_out_key_idx" ON "visit" USING btree ("site_id","sign_out_key");