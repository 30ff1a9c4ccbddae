import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_DB } from '../helpers/db.ts';
import { createPgDatabase, type PgDatabase } from '../helpers/pg-database.ts';
import { failedRequests, rollingRestart } from './scenarios.ts';

const onPostgres = TEST_DB === 'postgres';
if (!onPostgres) console.info('test/faults : scénarios de pannes sur PostgreSQL seulement (projet postgres, TEST_DATABASE_URL) : ignorés ici.');

/**
 * Scenario 1 of the faults suite: SIGTERM under 200 req/s from a client in another process that behaves as a
 * proxy (checks /readyz every 100 ms, stops sending 500 ms after it stops answering 200). The drain delay
 * (SHUTDOWN_DRAIN_MS) is what makes it lose nothing: with 0, the listener closes at once and the requests sent
 * before the client noticed are refused.
 */
describe.skipIf(!onPostgres)('rolling restart', () => {
  let pgDb: PgDatabase;
  let dataDir: string;

  beforeAll(async () => {
    pgDb = await createPgDatabase();
    dataDir = await mkdtemp(join(tmpdir(), 'mutualis-faults-'));
  });
  afterAll(async () => {
    await pgDb?.drop();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  it('SIGTERM under 200 req/s: /readyz 503 at once, every request answered, then exit 0', { timeout: 180_000 }, async () => {
    const env = { DATABASE_URL: pgDb.url, DATA_DIR: dataDir, ADMIN_EMAIL: 'admin@faults.test', ADMIN_PASSWORD: 'arret-progressif-42', SHUTDOWN_TIMEOUT_MS: '10000' };
    const run = await rollingRestart({ env, drainMs: 1_000, rate: 200 });
    const { load } = run;
    const summary = JSON.stringify({ ...run, output: undefined });
    expect(failedRequests(load), summary).toBe(0);
    expect(load.sent, summary).toBe(Object.values(load.answered).reduce((a, b) => a + b, 0));
    expect(load.sent, summary).toBeGreaterThan(400);
    // The proxy learnt of the stop from /readyz (503), not from a refused connection, within its check interval.
    expect(load.ready['503'], summary).toBe(1);
    expect(run.notReadyAfterMs, summary).toBeLessThan(1_000);
    // Served during the drain, each answer telling the client to drop its connection.
    expect(run.answeredAfterSignal, summary).toBe(true);
    expect(load.closing, summary).toBeGreaterThan(0);
    expect(run.exitCode, run.output).toBe(0);
    expect(run.stoppedAfterMs, summary).toBeGreaterThanOrEqual(1_000);
    expect(run.output).toContain('"msg":"Arrêté."');
    console.info(`redémarrage progressif : ${load.sent} requêtes envoyées, ${JSON.stringify(load.answered)} répondues, ${failedRequests(load)} perdues ; /readyz 503 après ${run.notReadyAfterMs} ms ; arrêt en ${run.stoppedAfterMs} ms`);
  });
});
