ALTER TABLE "article_attachments" ADD COLUMN "file_id" uuid;--> statement-breakpoint
ALTER TABLE "document_versions" ADD COLUMN "file_id" uuid;--> statement-breakpoint
ALTER TABLE "publication_images" ADD COLUMN "file_id" uuid;--> statement-breakpoint
ALTER TABLE "article_attachments" ADD CONSTRAINT "article_attachments_file_id_files_id_fk" FOREIGN KEY ("file_id") REFERENCES "public"."files"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "document_versions" ADD CONSTRAINT "document_versions_file_id_files_id_fk" FOREIGN KEY ("file_id") REFERENCES "public"."files"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "publication_images" ADD CONSTRAINT "publication_images_file_id_files_id_fk" FOREIGN KEY ("file_id") REFERENCES "public"."files"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
-- Uploads move to the platform file store: each blob becomes a `files` row with the same id (syndicate-owned,
-- no organisation). SQL cannot write files: the bytes reach DATA_DIR/files when the server starts (see
-- src/modules/publications/legacy-blobs.ts and migration 0012).
DO $$
BEGIN
  INSERT INTO files (id, sha256, name, mime, size, created_by, organisation_id, created_at)
    SELECT id, sha256, name, mime, size, created_by, NULL, created_at FROM publication_blobs;
  UPDATE article_attachments SET file_id = blob_id;
  UPDATE document_versions SET file_id = blob_id;
  UPDATE publication_images SET file_id = blob_id;
END $$;
