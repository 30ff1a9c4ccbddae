ALTER TABLE "article_attachments" DROP CONSTRAINT "article_attachments_blob_id_publication_blobs_id_fk";
--> statement-breakpoint
ALTER TABLE "document_versions" DROP CONSTRAINT "document_versions_blob_id_publication_blobs_id_fk";
--> statement-breakpoint
ALTER TABLE "publication_images" DROP CONSTRAINT "publication_images_blob_id_publication_blobs_id_fk";
--> statement-breakpoint
ALTER TABLE "article_attachments" ALTER COLUMN "file_id" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "document_versions" ALTER COLUMN "file_id" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "publication_images" ALTER COLUMN "file_id" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "article_attachments" DROP COLUMN "blob_id";--> statement-breakpoint
ALTER TABLE "document_versions" DROP COLUMN "blob_id";--> statement-breakpoint
ALTER TABLE "publication_images" DROP COLUMN "blob_id";--> statement-breakpoint
-- Hand-edited: an empty blob table is dropped; one with content is kept, renamed, until the server has
-- written its bytes into the file store and drops it (src/modules/publications/legacy-blobs.ts).
DO $$
BEGIN
  IF EXISTS (SELECT 1 FROM publication_blobs) THEN
    ALTER TABLE publication_blobs RENAME TO publication_blob_moves;
  ELSE
    DROP TABLE publication_blobs;
  END IF;
END $$;
