import { and, eq } from 'drizzle-orm';
import type { Ctx } from '../context.ts';
import { NotFound } from '../errors.ts';
import type { Job } from './registry.ts';
import { jobs } from './schema.ts';

export interface EnqueueOptions {
  /** Not before this instant (default: now). */
  runAt?: Date;
  /** Attempts before the job is marked failed (default 5). */
  maxAttempts?: number;
  /** The user who may follow the job's progress (default: the context's actor). `null`: a system job. */
  startedBy?: string | null;
  organisationId?: string | null;
}

/**
 * Adds a job. Runs on `ctx.db`: inside a use case's transaction the job exists only if the transaction
 * commits (no mail for a rolled-back invitation).
 */
export async function enqueue<P extends object>(ctx: Pick<Ctx, 'db' | 'actor' | 'clock'>, name: string, payload: P, opts: EnqueueOptions = {}): Promise<Job<P>> {
  const [row] = await ctx.db
    .insert(jobs)
    .values({
      name,
      payload,
      runAt: opts.runAt ?? ctx.clock.now(),
      maxAttempts: Math.max(1, opts.maxAttempts ?? 5),
      startedBy: opts.startedBy === undefined ? (ctx.actor?.userId ?? null) : opts.startedBy,
      organisationId: opts.organisationId === undefined ? (ctx.actor?.organisationId ?? null) : opts.organisationId,
      createdAt: ctx.clock.now(),
    })
    .returning();
  return row as Job<P>;
}

/** A job followed by the user who started it; anyone else gets "not found" (its existence is not disclosed). */
export async function getOwnJob(ctx: Pick<Ctx, 'db' | 'actor'>, id: string): Promise<Job> {
  if (!ctx.actor || !UUID.test(id)) throw new NotFound('Tâche introuvable.');
  const [row] = await ctx.db.select().from(jobs).where(and(eq(jobs.id, id), eq(jobs.startedBy, ctx.actor.userId)));
  if (!row) throw new NotFound('Tâche introuvable.');
  return row;
}

export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
