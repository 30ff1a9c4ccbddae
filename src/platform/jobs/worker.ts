import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { and, eq, inArray, lt, lte, notInArray, sql } from 'drizzle-orm';
import type { Logger } from 'pino';
import type { Config } from '../../config.ts';
import type { Clock, Ctx } from '../context.ts';
import type { Db } from '../db/types.ts';
import { handlerFor, handlerNames, nextRun, registeredSchedules, type Job, type JobRow } from './registry.ts';
import { jobSchedules, jobs } from './schema.ts';

export interface WorkerDeps {
  db: Db;
  clock: Clock;
  log: Logger;
  config: Config;
}

export interface WorkerOptions {
  /** Jobs run at the same time by this instance. */
  concurrency?: number;
  pollMs?: number;
  /** A running job whose lease (renewed by progress reports) is older than this is taken back. */
  leaseMs?: number;
}

export interface Worker {
  readonly id: string;
  start(): Promise<void>;
  /** Stops claiming, waits for running jobs up to `timeoutMs`, then hands the unfinished ones back to the queue. */
  stop(timeoutMs: number): Promise<void>;
  /** One round: fire due schedules, recover stale jobs, claim and run what is due; resolves when they finish. */
  runDue(): Promise<number>;
  /** Rounds until nothing is due (tests, CLI). */
  drain(maxRounds?: number): Promise<number>;
}

const MAX_ERROR = 2_000;

export function createWorker(deps: WorkerDeps, opts: WorkerOptions = {}): Worker {
  const id = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  const concurrency = opts.concurrency ?? 2;
  const pollMs = opts.pollMs ?? 1_000;
  const leaseMs = opts.leaseMs ?? 10 * 60_000;
  const log = deps.log.child({ worker: id });
  const ctx: Ctx = { db: deps.db, actor: null, clock: deps.clock, log, config: deps.config };
  const running = new Map<string, Promise<void>>();
  let timer: NodeJS.Timeout | null = null;
  let stopped = true;
  let ticking: Promise<unknown> | null = null;

  async function syncSchedules() {
    const wanted = registeredSchedules();
    const now = deps.clock.now();
    for (const s of wanted) {
      // Keeps next_run_at when the expression did not change: a restart must neither skip nor repeat a firing.
      await deps.db
        .insert(jobSchedules)
        .values({ name: s.name, cron: s.cron, nextRunAt: nextRun(s.cron, now), updatedAt: now })
        .onConflictDoUpdate({
          target: jobSchedules.name,
          set: { cron: s.cron, nextRunAt: nextRun(s.cron, now), updatedAt: now },
          setWhere: sql`${jobSchedules.cron} <> excluded.cron`,
        });
    }
    const names = wanted.map((s) => s.name);
    await deps.db.delete(jobSchedules).where(names.length ? notInArray(jobSchedules.name, names) : undefined);
  }

  /** The row lock and the moved next_run_at commit together: another instance skips or sees it done. */
  async function fireSchedules() {
    const now = deps.clock.now();
    await deps.db.transaction(async (tx) => {
      const due = await tx.select().from(jobSchedules).where(lte(jobSchedules.nextRunAt, now)).for('update', { skipLocked: true });
      for (const s of due) {
        await tx.insert(jobs).values({ name: s.name, payload: { scheduledFor: s.nextRunAt.toISOString() }, runAt: now, maxAttempts: 3, createdAt: now });
        await tx.update(jobSchedules).set({ nextRunAt: nextRun(s.cron, now), lastRunAt: now, updatedAt: now }).where(eq(jobSchedules.name, s.name));
      }
    });
  }

  async function recoverStale() {
    const now = deps.clock.now();
    const recovered = await deps.db
      .update(jobs)
      .set({
        status: sql`case when ${jobs.attempts} >= ${jobs.maxAttempts} then 'failed' else 'queued' end`,
        lastError: 'Interrompue : l’instance qui l’exécutait ne répond plus.',
        lockedBy: null,
        lockedAt: null,
        runAt: now,
        finishedAt: sql`case when ${jobs.attempts} >= ${jobs.maxAttempts} then ${now.toISOString()}::timestamptz else null end`,
      })
      .where(and(eq(jobs.status, 'running'), lt(jobs.lockedAt, new Date(now.getTime() - leaseMs))))
      .returning({ id: jobs.id });
    if (recovered.length) log.warn({ jobs: recovered.map((r) => r.id) }, 'tâches reprises après expiration du bail');
  }

  async function claim(limit: number): Promise<JobRow[]> {
    const names = handlerNames();
    if (!names.length || limit <= 0) return [];
    const now = deps.clock.now();
    const due = deps.db
      .select({ id: jobs.id })
      .from(jobs)
      .where(and(eq(jobs.status, 'queued'), lte(jobs.runAt, now), inArray(jobs.name, names)))
      .orderBy(jobs.runAt)
      .limit(limit)
      .for('update', { skipLocked: true });
    return deps.db
      .update(jobs)
      .set({
        status: 'running',
        attempts: sql`${jobs.attempts} + 1`,
        lockedBy: id,
        lockedAt: now,
        startedAt: sql`coalesce(${jobs.startedAt}, ${now.toISOString()}::timestamptz)`,
      })
      .where(and(inArray(jobs.id, due), eq(jobs.status, 'queued')))
      .returning();
  }

  const mine = (jobId: string) => and(eq(jobs.id, jobId), eq(jobs.lockedBy, id), eq(jobs.status, 'running'));

  async function execute(job: JobRow): Promise<void> {
    const handler = handlerFor(job.name)!;
    const jobLog = log.child({ jobId: job.id, job: job.name, attempt: job.attempts });
    const tools = {
      ctx: { ...ctx, log: jobLog },
      progress: async (percent: number, message?: string) => {
        const p = Math.max(0, Math.min(100, Math.round(percent)));
        await deps.db.update(jobs).set({ progress: p, progressMessage: message ?? null, lockedAt: deps.clock.now() }).where(mine(job.id));
      },
    };
    try {
      const result = await handler.fn(job as Job, tools);
      await deps.db
        .update(jobs)
        .set({ status: 'succeeded', progress: 100, result: (result ?? null) as object | null, lastError: null, lockedBy: null, lockedAt: null, finishedAt: deps.clock.now() })
        .where(mine(job.id));
      jobLog.info('tâche terminée');
    } catch (err) {
      const message = (err instanceof Error ? err.message : String(err)).slice(0, MAX_ERROR);
      const now = deps.clock.now();
      const final = job.attempts >= job.maxAttempts;
      await deps.db
        .update(jobs)
        .set(
          final
            ? { status: 'failed', lastError: message, lockedBy: null, lockedAt: null, finishedAt: now }
            : { status: 'queued', lastError: message, lockedBy: null, lockedAt: null, runAt: new Date(now.getTime() + handler.backoffMs(job.attempts)) },
        )
        .where(mine(job.id))
        .catch((e: unknown) => jobLog.error({ err: e }, 'échec de l’enregistrement du résultat'));
      jobLog[final ? 'error' : 'warn']({ err }, final ? 'tâche en échec définitif' : 'tâche en échec, nouvel essai prévu');
    }
  }

  async function round(): Promise<JobRow[]> {
    await fireSchedules();
    await recoverStale();
    const claimed = await claim(concurrency - running.size);
    for (const job of claimed) {
      const p = execute(job).finally(() => running.delete(job.id));
      running.set(job.id, p);
    }
    return claimed;
  }

  function loop() {
    if (stopped) return;
    ticking = round()
      .then((claimed) => claimed.length)
      .catch((err: unknown) => {
        log.error({ err }, 'file des tâches : erreur de la boucle');
        return 0;
      })
      .then((n) => {
        ticking = null;
        // Work may remain when every slot was filled: look again as soon as one frees up.
        if (!stopped) timer = setTimeout(loop, n > 0 && running.size < concurrency ? 0 : pollMs);
      });
  }

  return {
    id,
    async start() {
      await syncSchedules();
      stopped = false;
      loop();
    },
    async stop(timeoutMs) {
      stopped = true;
      if (timer) clearTimeout(timer);
      await ticking;
      const all = Promise.allSettled([...running.values()]);
      const finished = await Promise.race([all.then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), timeoutMs).unref())]);
      if (!finished && running.size) {
        const ids = [...running.keys()];
        // Not counted as a failed attempt: the job was interrupted by the shutdown, not by its own fault.
        await deps.db
          .update(jobs)
          .set({ status: 'queued', attempts: sql`greatest(${jobs.attempts} - 1, 0)`, lockedBy: null, lockedAt: null, runAt: deps.clock.now() })
          .where(and(inArray(jobs.id, ids), eq(jobs.lockedBy, id), eq(jobs.status, 'running')));
        log.warn({ jobs: ids }, 'arrêt : tâches non terminées remises en file');
      }
    },
    async runDue() {
      const claimed = await round();
      await Promise.allSettled([...running.values()]);
      return claimed.length;
    },
    async drain(maxRounds = 50) {
      let total = 0;
      for (let i = 0; i < maxRounds; i++) {
        const n = await this.runDue();
        total += n;
        if (n === 0) break;
      }
      return total;
    },
  };
}
