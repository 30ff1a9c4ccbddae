import { index, integer, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

/**
 * The background job queue. Workers claim rows with `FOR UPDATE SKIP LOCKED`, so several instances share it
 * safely. `progress` is shown to the user who started the job.
 */
export const jobs = pgTable(
  'jobs',
  {
    id: uuid().primaryKey().defaultRandom(),
    name: text().notNull(),
    payload: jsonb().notNull().default({}),
    /** queued → running → succeeded | failed (a failed attempt with attempts left goes back to queued). */
    status: text({ enum: ['queued', 'running', 'succeeded', 'failed'] }).notNull().default('queued'),
    attempts: integer().notNull().default(0),
    maxAttempts: integer().notNull().default(5),
    runAt: timestamp({ withTimezone: true }).notNull(),
    /** 0–100, and a short French message describing the current step. */
    progress: integer().notNull().default(0),
    progressMessage: text(),
    result: jsonb(),
    lastError: text(),
    startedBy: uuid(),
    organisationId: uuid(),
    /** Which worker holds the job, and since when (renewed by progress reports): a stale lease is recovered. */
    lockedBy: text(),
    lockedAt: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull(),
    startedAt: timestamp({ withTimezone: true }),
    finishedAt: timestamp({ withTimezone: true }),
  },
  (t) => [index().on(t.status, t.runAt), index().on(t.startedBy, t.createdAt), index().on(t.name, t.createdAt), index().on(t.createdAt)],
);

/** Recurring jobs. The row lock + `next_run_at` moved in the same transaction keep one firing per due time. */
export const jobSchedules = pgTable('job_schedules', {
  name: text().primaryKey(),
  cron: text().notNull(),
  nextRunAt: timestamp({ withTimezone: true }).notNull(),
  lastRunAt: timestamp({ withTimezone: true }),
  updatedAt: timestamp({ withTimezone: true }).notNull(),
});
