import { and, count, eq, lt, or, sql, type SQL } from 'drizzle-orm';
import { users } from '../identity/index.ts';
import { authorize } from '../../platform/auth/permissions.ts';
import type { Ctx } from '../../platform/context.ts';
import { toNumber } from '../../platform/db/types.ts';
import { NotFound } from '../../platform/errors.ts';
import { outbox } from '../../platform/mail/index.ts';
import { jobs, type JobDefinition, type JobRow } from '../../platform/jobs/index.ts';
import { orderBy, pageWindow, type ListQuery, type ListSpec } from '../../platform/list.ts';

export const JOB_STATUSES = { queued: 'En attente', running: 'En cours', succeeded: 'Terminée', failed: 'En échec' } as const;
export const JOB_SORTS = ['createdAt', 'name', 'status', 'attempts'] as const;
export const JOB_FILTERS = ['statut', 'nom'] as const;
export type JobListQuery = ListQuery<(typeof JOB_SORTS)[number], (typeof JOB_FILTERS)[number]>;
export const JOB_LIST: ListSpec<(typeof JOB_SORTS)[number], (typeof JOB_FILTERS)[number]> = {
  sortable: JOB_SORTS,
  defaultSort: 'createdAt',
  defaultDir: 'desc',
  filters: JOB_FILTERS,
};

export interface JobListRow extends JobRow {
  startedByEmail: string | null;
}

/** Every job of the instance, for the administrators who watch the queue. */
export async function listJobs(ctx: Ctx, q: JobListQuery): Promise<{ rows: JobListRow[]; total: number; names: string[] }> {
  authorize(ctx.actor, 'admin.jobs.read');
  const where: SQL[] = [];
  const status = q.filters.statut;
  if (status && status in JOB_STATUSES) where.push(eq(jobs.status, status as JobRow['status']));
  if (q.filters.nom) where.push(eq(jobs.name, q.filters.nom));
  const { limit, offset } = pageWindow(q);
  const sorts = { createdAt: jobs.createdAt, name: jobs.name, status: jobs.status, attempts: jobs.attempts };
  const rows = await ctx.db
    .select({ job: jobs, email: users.email })
    .from(jobs)
    .leftJoin(users, eq(users.id, jobs.startedBy))
    .where(and(...where))
    .orderBy(...orderBy(q, sorts, jobs.id))
    .limit(limit)
    .offset(offset);
  const [total] = await ctx.db.select({ n: count() }).from(jobs).where(and(...where));
  const names = await ctx.db.selectDistinct({ name: jobs.name }).from(jobs).orderBy(jobs.name);
  return { rows: rows.map((r) => ({ ...r.job, startedByEmail: r.email })), total: toNumber(total?.n), names: names.map((n) => n.name) };
}

export async function getJob(ctx: Ctx, id: string): Promise<JobListRow> {
  authorize(ctx.actor, 'admin.jobs.read');
  const [row] = /^[0-9a-f-]{36}$/i.test(id) ? await ctx.db.select({ job: jobs, email: users.email }).from(jobs).leftJoin(users, eq(users.id, jobs.startedBy)).where(eq(jobs.id, id)) : [];
  if (!row) throw new NotFound('Tâche introuvable.');
  return { ...row.job, startedByEmail: row.email };
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
