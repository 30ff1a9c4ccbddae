CREATE TABLE "it_amendments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"convention_id" uuid NOT NULL,
	"number" integer NOT NULL,
	"effective_on" date NOT NULL,
	"changes" jsonb NOT NULL,
	"note" text,
	"request_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "it_contribution_lines" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"run_id" uuid NOT NULL,
	"organisation_id" uuid NOT NULL,
	"organisation_name" text NOT NULL,
	"convention_id" uuid NOT NULL,
	"convention_number" text NOT NULL,
	"option_code" text NOT NULL,
	"option_label" text NOT NULL,
	"from_on" date NOT NULL,
	"to_on" date NOT NULL,
	"days" integer NOT NULL,
	"period_days" integer NOT NULL,
	"annual" integer NOT NULL,
	"amount" integer NOT NULL,
	"breakdown" jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "it_contribution_runs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"label" text NOT NULL,
	"period_start" date NOT NULL,
	"period_end" date NOT NULL,
	"grid_id" uuid NOT NULL,
	"grid_year" integer NOT NULL,
	"total" integer NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "it_convention_options" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"convention_id" uuid NOT NULL,
	"option_code" text NOT NULL,
	"workstations" integer DEFAULT 0 NOT NULL,
	"gigabytes" integer DEFAULT 0 NOT NULL,
	"starts_on" date NOT NULL,
	"ends_on" date,
	"amendment_id" uuid
);
--> statement-breakpoint
CREATE TABLE "it_conventions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organisation_id" uuid NOT NULL,
	"number" text NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"generation_starts_on" date NOT NULL,
	"generation_ends_on" date NOT NULL,
	"starts_on" date NOT NULL,
	"current_term_ends_on" date NOT NULL,
	"deliberation_id" uuid,
	"signed_on" date,
	"population" integer DEFAULT 0 NOT NULL,
	"population_as_of" date,
	"terminated_on" date,
	"terminated_by" text,
	"termination_reason" text,
	"termination_note" text,
	"previous_id" uuid,
	"next_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "it_conventions_number_unique" UNIQUE("number")
);
--> statement-breakpoint
CREATE TABLE "it_option_requests" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"convention_id" uuid NOT NULL,
	"organisation_id" uuid NOT NULL,
	"requested_by" uuid,
	"changes" jsonb NOT NULL,
	"wished_on" date NOT NULL,
	"message" text,
	"status" text DEFAULT 'pending' NOT NULL,
	"decision_note" text,
	"decided_at" timestamp with time zone,
	"amendment_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "syntec_indices" (
	"month" text NOT NULL,
	"series" text NOT NULL,
	"value" integer NOT NULL,
	"published_on" date NOT NULL,
	"demo" boolean DEFAULT false NOT NULL,
	"source" text NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "syntec_indices_month_series_pk" PRIMARY KEY("month","series")
);
--> statement-breakpoint
CREATE TABLE "tariff_grids" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"year" integer NOT NULL,
	"effective_on" date NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"index_base_month" text NOT NULL,
	"commission_proposed_on" date,
	"decision_reference" text,
	"decision_on" date,
	"decision_file_id" uuid,
	"decision_file_name" text,
	"revised_from_id" uuid,
	"revised_at" date,
	"adopted_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "tariff_grids_year_unique" UNIQUE("year")
);
--> statement-breakpoint
CREATE TABLE "tariff_options" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"grid_id" uuid NOT NULL,
	"code" text NOT NULL,
	"label" text NOT NULL,
	"mandatory" boolean DEFAULT false NOT NULL,
	"requires_amendment" boolean DEFAULT false NOT NULL,
	"fixed_part" integer DEFAULT 0 NOT NULL,
	"rule" jsonb NOT NULL,
	"revision_trail" jsonb,
	"position" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "tariff_options_gridId_code_unique" UNIQUE("grid_id","code")
);
--> statement-breakpoint
ALTER TABLE "it_amendments" ADD CONSTRAINT "it_amendments_convention_id_it_conventions_id_fk" FOREIGN KEY ("convention_id") REFERENCES "public"."it_conventions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "it_contribution_lines" ADD CONSTRAINT "it_contribution_lines_run_id_it_contribution_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."it_contribution_runs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "it_convention_options" ADD CONSTRAINT "it_convention_options_convention_id_it_conventions_id_fk" FOREIGN KEY ("convention_id") REFERENCES "public"."it_conventions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "it_conventions" ADD CONSTRAINT "it_conventions_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "it_conventions" ADD CONSTRAINT "it_conventions_deliberation_id_member_deliberations_id_fk" FOREIGN KEY ("deliberation_id") REFERENCES "public"."member_deliberations"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "it_option_requests" ADD CONSTRAINT "it_option_requests_convention_id_it_conventions_id_fk" FOREIGN KEY ("convention_id") REFERENCES "public"."it_conventions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tariff_options" ADD CONSTRAINT "tariff_options_grid_id_tariff_grids_id_fk" FOREIGN KEY ("grid_id") REFERENCES "public"."tariff_grids"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "it_contribution_lines_run_id_organisation_id_index" ON "it_contribution_lines" USING btree ("run_id","organisation_id");--> statement-breakpoint
CREATE INDEX "it_convention_options_convention_id_index" ON "it_convention_options" USING btree ("convention_id");--> statement-breakpoint
CREATE INDEX "it_conventions_organisation_id_index" ON "it_conventions" USING btree ("organisation_id");--> statement-breakpoint
CREATE INDEX "it_conventions_status_index" ON "it_conventions" USING btree ("status");--> statement-breakpoint
CREATE INDEX "it_option_requests_organisation_id_index" ON "it_option_requests" USING btree ("organisation_id");