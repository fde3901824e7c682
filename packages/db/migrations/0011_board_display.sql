CREATE TABLE "board_display" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organisation_id" uuid NOT NULL,
	"site_id" uuid NOT NULL,
	"name" text NOT NULL,
	"names_from_minute" integer DEFAULT 420 NOT NULL,
	"names_until_minute" integer DEFAULT 1200 NOT NULL,
	"token_hash" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"paired_at" timestamp with time zone,
	"revoked_at" timestamp with time zone,
	"last_seen_at" timestamp with time zone,
	CONSTRAINT "board_display_token_hash_unique" UNIQUE("token_hash")
);
--> statement-breakpoint
CREATE TABLE "board_display_pairing_code" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"display_id" uuid NOT NULL,
	"code_hash" text NOT NULL,
	"created_by_staff_id" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"used_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "board_display" ADD CONSTRAINT "board_display_organisation_id_organisation_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisation"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "board_display" ADD CONSTRAINT "board_display_site_id_site_id_fk" FOREIGN KEY ("site_id") REFERENCES "public"."site"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "board_display_pairing_code" ADD CONSTRAINT "board_display_pairing_code_display_id_board_display_id_fk" FOREIGN KEY ("display_id") REFERENCES "public"."board_display"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "board_display_pairing_code" ADD CONSTRAINT "board_display_pairing_code_created_by_staff_id_staff_id_fk" FOREIGN KEY ("created_by_staff_id") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "board_display_pairing_code_open_idx" ON "board_display_pairing_code" USING btree ("code_hash") WHERE "board_display_pairing_code"."used_at" is null;