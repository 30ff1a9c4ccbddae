CREATE TABLE "report_key_figures" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"year" integer NOT NULL,
	"figures" jsonb NOT NULL,
	"published_at" timestamp with time zone DEFAULT now() NOT NULL,
	"published_by" uuid,
	"published_by_name" text
);
--> statement-breakpoint
CREATE INDEX "report_key_figures_published_at_index" ON "report_key_figures" USING btree ("published_at");