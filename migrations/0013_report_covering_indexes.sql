DROP INDEX "interventions_started_at_index";--> statement-breakpoint
DROP INDEX "tickets_created_at_index";--> statement-breakpoint
CREATE INDEX "interventions_report_idx" ON "interventions" USING btree ("started_at","channel","domain","organisation_id","technician_id","duration_minutes","travel_minutes");--> statement-breakpoint
CREATE INDEX "tickets_report_opened_idx" ON "tickets" USING btree ("created_at","first_response_at","first_response_due_at");--> statement-breakpoint
CREATE INDEX "tickets_report_resolved_idx" ON "tickets" USING btree ("resolved_at","created_at","resolution_due_at","rating");