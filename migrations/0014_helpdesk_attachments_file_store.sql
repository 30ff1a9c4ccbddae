CREATE TABLE "ticket_attachment_legacy_bytes" (
	"attachment_id" uuid PRIMARY KEY NOT NULL,
	"content" "bytea" NOT NULL
);
--> statement-breakpoint
ALTER TABLE "helpdesk_domains" ADD COLUMN "covered_by" text[] DEFAULT '{}' NOT NULL;--> statement-breakpoint
ALTER TABLE "ticket_attachments" ADD COLUMN "file_id" uuid;--> statement-breakpoint
ALTER TABLE "ticket_attachment_legacy_bytes" ADD CONSTRAINT "ticket_attachment_legacy_bytes_attachment_id_ticket_attachments_id_fk" FOREIGN KEY ("attachment_id") REFERENCES "public"."ticket_attachments"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ticket_attachments" ADD CONSTRAINT "ticket_attachments_file_id_files_id_fk" FOREIGN KEY ("file_id") REFERENCES "public"."files"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
-- Hand-edited. Attachments received before the file store keep their bytes in this table (SQL cannot write
-- files); downloads read them from here (src/modules/helpdesk/attachments.ts). Migration 0015 drops the column.
INSERT INTO "ticket_attachment_legacy_bytes" ("attachment_id", "content") SELECT "id", "content" FROM "ticket_attachments";
--> statement-breakpoint
-- Default entitlement mapping (edited at /assistance/reglages): the business-software domains are covered by
-- the base maintenance; IT security needs the backup option or the full transfer of the IT competence;
-- hardware and network need the full transfer, the only option that includes the hardware.
UPDATE "helpdesk_domains" SET "covered_by" = '{sauvegarde,transfert}' WHERE "code" = 'securite';
--> statement-breakpoint
UPDATE "helpdesk_domains" SET "covered_by" = '{transfert}' WHERE "code" IN ('materiel', 'reseau');
