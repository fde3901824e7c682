CREATE INDEX "alert_visit_idx" ON "alert" USING btree ("visit_id");--> statement-breakpoint
CREATE INDEX "outbox_visit_idx" ON "outbox_message" USING btree ("visit_id");--> statement-breakpoint
CREATE INDEX "roll_call_entry_visit_idx" ON "roll_call_entry" USING btree ("visit_id");--> statement-breakpoint
CREATE INDEX "safeguarding_concern_visit_idx" ON "safeguarding_concern" USING btree ("visit_id");--> statement-breakpoint
CREATE INDEX "safeguarding_hold_visit_idx" ON "safeguarding_hold" USING btree ("visit_id");