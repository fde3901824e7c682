ALTER TABLE "site" ADD COLUMN "closing_time" text DEFAULT '20:00' NOT NULL;--> statement-breakpoint
ALTER TABLE "visit" ADD COLUMN "sign_out_note" text;