import { index, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

/**
 * Every mail the product sends. Without SMTP the row is the delivery (read on the admin outbox page);
 * with SMTP it records the outcome (sent or failed, with the server's answer).
 */
export const outbox = pgTable(
  'outbox',
  {
    id: uuid().primaryKey().defaultRandom(),
    to: text().notNull(),
    subject: text().notNull(),
    text: text().notNull(),
    html: text(),
    headers: jsonb().$type<Record<string, string>>(),
    /** stored: kept here (no SMTP); queued: waiting for the SMTP job; sent; failed: every attempt failed. */
    status: text({ enum: ['stored', 'queued', 'sent', 'failed'] }).notNull(),
    jobId: uuid(),
    messageId: text(),
    error: text(),
    createdBy: uuid(),
    organisationId: uuid(),
    createdAt: timestamp({ withTimezone: true }).notNull(),
    sentAt: timestamp({ withTimezone: true }),
  },
  (t) => [index().on(t.createdAt), index().on(t.status, t.createdAt), index().on(t.to)],
);
