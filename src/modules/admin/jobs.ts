import { and, count, eq, lt, or, sql, type SQL } from 'drizzle-orm';
import { userEmails } from '../identity/index.ts';
import { authorize } from '../../platform/auth/permissions.ts';
import type { Ctx } from '../../platform/context.ts';
import { toNumber } from '../../platform/db/types.ts';
import { NotFound } from '../../platform/errors.ts';
import { outbox } from '../../platform/mail/index.ts';
import { jobs, UUID, type JobDefinition, type JobRow } from '../../platform/jobs/index.ts';
import { orderBy, pageWindow, type ListQuery, type ListSpec } from '../../platform/list.ts';

export const JOB_STATUSES = { queued: 'En attente', running: 'En cours', succeeded: 'Terminée', failed: 'En échec' } as const;
export type JobStatus = keyof typeof JOB_STATUSES;
export const JOB_STATUS_VALUES = Object.keys(JOB_STATUSES) as JobStatus[];
export const JOB_SORTS = ['createdAt', 'name', 'status', 'attempts'] as const;
export const JOB_FILTERS = ['status', 'name'] as const;
export type JobFilterName = (typeof JOB_FILTERS)[number];
export type JobListQuery = ListQuery<(typeof JOB_SORTS)[number], JobFilterName>;
export const JOB_LIST: ListSpec<(typeof JOB_SORTS)[number], JobFilterName> = {
  sortable: JOB_SORTS,
  defaultSort: 'createdAt',
  defaultDir: 'desc',
  filters: JOB_FILTERS,
};

export interface JobListRow extends JobRow {
  startedByEmail: string | null;
}

/** Jobs with the address of the user who started each (the identity module gives them). */
async function withStarters(ctx: Pick<Ctx, 'db'>, rows: JobRow[]): Promise<JobListRow[]> {
  const emails = await userEmails(ctx, rows.flatMap((r) => (r.startedBy ? [r.startedBy] : [])));
  return rows.map((r) => ({ ...r, startedByEmail: r.startedBy ? (emails.get(r.startedBy) ?? null) : null }));
}

/** Every job of the instance, for the administrators who watch the queue. */
export async function listJobs(ctx: Ctx, q: JobListQuery): Promise<{ rows: JobListRow[]; total: number }> {
  authorize(ctx.actor, 'admin.jobs.read');
  const where: SQL[] = [];
  const status = q.filters.status;
  if (status && status in JOB_STATUSES) where.push(eq(jobs.status, status as JobStatus));
  if (q.filters.name) where.push(eq(jobs.name, q.filters.name));
  const { limit, offset } = pageWindow(q);
  const sorts = { createdAt: jobs.createdAt, name: jobs.name, status: jobs.status, attempts: jobs.attempts };
  const [rows, [total]] = await Promise.all([
    ctx.db.select().from(jobs).where(and(...where)).orderBy(...orderBy(q, sorts, jobs.id)).limit(limit).offset(offset),
    ctx.db.select({ n: count() }).from(jobs).where(and(...where)),
  ]);
  return { rows: await withStarters(ctx, rows), total: toNumber(total?.n) };
}

/** The names of the jobs the queue holds, for the list's filter. */
export async function jobNames(ctx: Ctx): Promise<string[]> {
  authorize(ctx.actor, 'admin.jobs.read');
  const names = await ctx.db.selectDistinct({ name: jobs.name }).from(jobs).orderBy(jobs.name);
  return names.map((n) => n.name);
}

/** The jobs page: one page of jobs and the names to filter by, read at once. */
export async function loadJobsPage(ctx: Ctx, q: JobListQuery) {
  const [list, names] = await Promise.all([listJobs(ctx, q), jobNames(ctx)]);
  return { ...list, names };
}

export async function getJob(ctx: Ctx, id: string): Promise<JobListRow> {
  authorize(ctx.actor, 'admin.jobs.read');
  const [row] = UUID.test(id) ? await ctx.db.select().from(jobs).where(eq(jobs.id, id)) : [];
  if (!row) throw new NotFound('Tâche introuvable.');
  const [job] = await withStarters(ctx, [row]);
  return job!;
}

/** Finished jobs and delivered mails are kept this long, then purged every night. */
export const RETENTION_DAYS = 90;
export const PURGE_JOB = 'admin.purge';

async function purge(_job: unknown, { ctx }: { ctx: Ctx }) {
  const cutoff = new Date(ctx.clock.now().getTime() - RETENTION_DAYS * 86_400_000);
  const doneJobs = await ctx.db
    .delete(jobs)
    .where(and(or(eq(jobs.status, 'succeeded'), eq(jobs.status, 'failed')), lt(jobs.finishedAt, cutoff)))
    .returning({ id: jobs.id });
  const mails = await ctx.db
    .delete(outbox)
    .where(and(sql`${outbox.status} in ('sent', 'stored')`, lt(outbox.createdAt, cutoff)))
    .returning({ id: outbox.id });
  return { jobs: doneJobs.length, mails: mails.length };
}

export const purgeJob: JobDefinition = { name: PURGE_JOB, handler: purge, label: 'Purge des tâches et courriels anciens', cron: '30 3 * * *' };
