import { bigint, index, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

/**
 * Attachments. The bytes live on disk under DATA_DIR/files, named by their sha256 (identical uploads share
 * one file); this row carries the name the user gave and who owns it.
 */
export const files = pgTable(
  'files',
  {
    id: uuid().primaryKey().defaultRandom(),
    sha256: text().notNull(),
    name: text().notNull(),
    mime: text().notNull(),
    size: bigint({ mode: 'number' }).notNull(),
    createdBy: uuid(),
    organisationId: uuid(),
    createdAt: timestamp({ withTimezone: true }).notNull(),
  },
  (t) => [index().on(t.sha256), index().on(t.organisationId)],
);
