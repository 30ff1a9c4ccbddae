import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { createTestApp, type TestApp } from '../../../test/helpers/app.ts';
import { signedInMember, signedInStaff } from '../../../test/helpers/factories.ts';
import { inTransaction } from '../db/tx.ts';
import { createWorker, enqueue, getOwnJob, jobSchedules, jobs, registerJobs, type JobHandler } from './index.ts';

let t: TestApp;
const worker = () => createWorker({ db: t.db.db, clock: t.clock, log: t.ctx.log, config: t.config }, { concurrency: 4 });
const byId = async (id: string) => (await t.ctx.db.select().from(jobs).where(eq(jobs.id, id)))[0]!;

const seen: string[] = [];
let failuresLeft = 0;
const record: JobHandler<{ label: string }> = async (job, { progress }) => {
  await progress(50, 'À mi-chemin');
  if (failuresLeft > 0) {
    failuresLeft--;
    throw new Error('panne passagère');
  }
  seen.push(job.payload.label);
  return { done: job.payload.label };
};
let release: () => void = () => undefined;
let slowStarted = 0;
const slow: JobHandler = async (_job, { progress }) => {
  const released = new Promise<void>((r) => (release = r));
  await progress(10, 'Démarrage');
  slowStarted++;
  await released;
};
async function until(check: () => boolean | Promise<boolean>) {
  for (let i = 0; i < 200 && !(await check()); i++) await new Promise((r) => setTimeout(r, 25));
}

beforeAll(async () => {
  t = await createTestApp();
  registerJobs(
    [
      { name: 'test.record', handler: record as JobHandler },
      { name: 'test.slow', handler: slow },
      { name: 'test.tick', handler: async () => undefined, cron: '0 3 * * *' },
    ],
    t.config,
  );
}, 120_000);
afterAll(() => t.close());

describe('job queue', () => {
  it('runs a job once, records progress, result and who started it', async () => {
    const staff = await signedInStaff(t.ctx);
    const job = await enqueue({ ...t.ctx, actor: staff.actor }, 'test.record', { label: 'a' });
    expect(job).toMatchObject({ status: 'queued', startedBy: staff.user.id, attempts: 0 });
    const w = worker();
    expect(await w.runDue()).toBe(1);
    expect(await w.runDue()).toBe(0);
    expect(seen).toEqual(['a']);
    expect(await byId(job.id)).toMatchObject({ status: 'succeeded', progress: 100, progressMessage: 'À mi-chemin', result: { done: 'a' }, attempts: 1 });
  });

  it('waits for runAt, and an enqueue rolled back with its transaction never runs', async () => {
    const later = await enqueue(t.ctx, 'test.record', { label: 'later' }, { runAt: new Date(t.clock.now().getTime() + 60_000) });
    await expect(
      inTransaction(t.ctx, async (tx) => {
        await enqueue(tx, 'test.record', { label: 'rolled-back' });
        throw new Error('crash');
      }),
    ).rejects.toThrow('crash');
    const w = worker();
    expect(await w.runDue()).toBe(0);
    t.clock.advance(60_000);
    expect(await w.runDue()).toBe(1);
    expect((await byId(later.id)).status).toBe('succeeded');
    expect(seen).not.toContain('rolled-back');
  });

  it('retries with exponential backoff, then fails for good and keeps the error', async () => {
    failuresLeft = 10;
    const job = await enqueue(t.ctx, 'test.record', { label: 'x' }, { maxAttempts: 3 });
    const w = worker();
    await w.runDue();
    expect(await byId(job.id)).toMatchObject({ status: 'queued', attempts: 1, lastError: 'panne passagère' });
    expect((await byId(job.id)).runAt.getTime() - t.clock.now().getTime()).toBe(10_000);
    t.clock.advance(10_000);
    await w.runDue();
    expect((await byId(job.id)).runAt.getTime() - t.clock.now().getTime()).toBe(20_000);
    t.clock.advance(20_000);
    await w.runDue();
    expect(await byId(job.id)).toMatchObject({ status: 'failed', attempts: 3, lastError: 'panne passagère' });
    failuresLeft = 0;
  });

  it('shares jobs between two workers without running any twice', async () => {
    seen.length = 0;
    for (let i = 0; i < 12; i++) await enqueue(t.ctx, 'test.record', { label: `n${i}` });
    const [a, b] = [worker(), worker()];
    await Promise.all([a.drain(), b.drain()]);
    expect(seen.sort()).toEqual(Array.from({ length: 12 }, (_, i) => `n${i}`).sort());
  });

  it('fires a schedule once per due time, even with several instances', async () => {
    const [a, b] = [worker(), worker()];
    await a.start();
    await b.start();
    await a.stop(1_000);
    await b.stop(1_000);
    const [s] = await t.ctx.db.select().from(jobSchedules).where(eq(jobSchedules.name, 'test.tick'));
    // 2026-03-02 09:00 UTC is 10:00 in Paris: the next 3 a.m. (Paris) is 02:00 UTC the day after.
    expect(s!.nextRunAt.toISOString()).toBe('2026-03-03T02:00:00.000Z');
    t.clock.set('2026-03-03T02:00:30Z');
    await Promise.all([a.runDue(), b.runDue(), a.runDue()]);
    const fired = await t.ctx.db.select().from(jobs).where(eq(jobs.name, 'test.tick'));
    expect(fired).toHaveLength(1);
    expect(fired[0]!.status).toBe('succeeded');
    const [after] = await t.ctx.db.select().from(jobSchedules).where(eq(jobSchedules.name, 'test.tick'));
    expect(after!.nextRunAt.toISOString()).toBe('2026-03-04T02:00:00.000Z');
  });

  it('stop waits for a running job; past the bound it hands the job back to the queue', async () => {
    const job = await enqueue(t.ctx, 'test.slow', {});
    const w = worker();
    await w.start();
    await until(() => slowStarted === 1);
    expect(await byId(job.id)).toMatchObject({ status: 'running', progress: 10 });
    await w.stop(100);
    expect(await byId(job.id)).toMatchObject({ status: 'queued', attempts: 0, lockedBy: null });
    release();

    const w2 = worker();
    await w2.start();
    await until(() => slowStarted === 2);
    const stopping = w2.stop(5_000);
    release();
    await stopping;
    expect((await byId(job.id)).status).toBe('succeeded');
  });

  it('takes back a job whose worker stopped answering', async () => {
    const job = await enqueue(t.ctx, 'test.record', { label: 'stale' });
    await t.ctx.db.update(jobs).set({ status: 'running', attempts: 1, lockedBy: 'gone', lockedAt: t.clock.now() }).where(eq(jobs.id, job.id));
    t.clock.advance(11 * 60_000);
    await worker().drain();
    expect(await byId(job.id)).toMatchObject({ status: 'succeeded', attempts: 2 });
  });

  it('shows a job only to the user who started it', async () => {
    const staff = await signedInStaff(t.ctx);
    const member = await signedInMember(t.ctx);
    const job = await enqueue({ ...t.ctx, actor: staff.actor }, 'test.record', { label: 'mine' });
    expect((await getOwnJob({ ...t.ctx, actor: staff.actor }, job.id)).id).toBe(job.id);
    await expect(getOwnJob({ ...t.ctx, actor: member.actor }, job.id)).rejects.toMatchObject({ code: 'not_found' });
    await expect(getOwnJob({ ...t.ctx, actor: staff.actor }, 'not-a-uuid')).rejects.toMatchObject({ code: 'not_found' });
  });
});
