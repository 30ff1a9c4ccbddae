CREATE TABLE "member_budgets" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organisation_id" uuid NOT NULL,
	"name" text NOT NULL,
	"kind" text NOT NULL,
	"siret" text,
	"chorus_structure_id" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "member_competences" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organisation_id" uuid NOT NULL,
	"competence" text NOT NULL,
	"started_on" date NOT NULL,
	"ended_on" date,
	"deliberation_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "member_contacts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organisation_id" uuid NOT NULL,
	"name" text NOT NULL,
	"function" text NOT NULL,
	"function_detail" text,
	"phone" text,
	"phone_digits" text,
	"email" text,
	"user_id" uuid,
	"started_on" date,
	"ended_on" date,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "member_deliberations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organisation_id" uuid NOT NULL,
	"adopted_on" date NOT NULL,
	"number" text NOT NULL,
	"subject" text NOT NULL,
	"decision" text NOT NULL,
	"competence" text,
	"file_id" uuid,
	"file_name" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "organisations" ADD COLUMN "siret" text;--> statement-breakpoint
ALTER TABLE "organisations" ADD COLUMN "departement" text;--> statement-breakpoint
ALTER TABLE "organisations" ADD COLUMN "epci_type" text;--> statement-breakpoint
ALTER TABLE "organisations" ADD COLUMN "address" text;--> statement-breakpoint
ALTER TABLE "organisations" ADD COLUMN "phone" text;--> statement-breakpoint
ALTER TABLE "organisations" ADD COLUMN "email" text;--> statement-breakpoint
ALTER TABLE "organisations" ADD COLUMN "website" text;--> statement-breakpoint
ALTER TABLE "organisations" ADD COLUMN "parent_epci_id" uuid;--> statement-breakpoint
ALTER TABLE "member_budgets" ADD CONSTRAINT "member_budgets_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "member_competences" ADD CONSTRAINT "member_competences_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "member_competences" ADD CONSTRAINT "member_competences_deliberation_id_member_deliberations_id_fk" FOREIGN KEY ("deliberation_id") REFERENCES "public"."member_deliberations"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "member_contacts" ADD CONSTRAINT "member_contacts_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "member_deliberations" ADD CONSTRAINT "member_deliberations_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "member_budgets_organisation_id_index" ON "member_budgets" USING btree ("organisation_id");--> statement-breakpoint
CREATE INDEX "member_competences_organisation_id_index" ON "member_competences" USING btree ("organisation_id");--> statement-breakpoint
CREATE INDEX "member_competences_competence_index" ON "member_competences" USING btree ("competence");--> statement-breakpoint
CREATE INDEX "member_contacts_organisation_id_index" ON "member_contacts" USING btree ("organisation_id");--> statement-breakpoint
CREATE INDEX "member_contacts_phone_digits_index" ON "member_contacts" USING btree ("phone_digits");--> statement-breakpoint
CREATE INDEX "member_contacts_user_id_index" ON "member_contacts" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "member_deliberations_organisation_id_adopted_on_index" ON "member_deliberations" USING btree ("organisation_id","adopted_on");--> statement-breakpoint
ALTER TABLE "organisations" ADD CONSTRAINT "organisations_parent_epci_id_organisations_id_fk" FOREIGN KEY ("parent_epci_id") REFERENCES "public"."organisations"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "organisations_parent_epci_id_index" ON "organisations" USING btree ("parent_epci_id");--> statement-breakpoint
CREATE INDEX "organisations_status_index" ON "organisations" USING btree ("status");--> statement-breakpoint
CREATE UNIQUE INDEX "organisations_siren_unique" ON "organisations" USING btree ("siren");--> statement-breakpoint
CREATE INDEX "organisations_name_search_index" ON "organisations" USING gin (f_unaccent(lower("name")) gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "organisations_postcodes_index" ON "organisations" USING gin ("postcodes");