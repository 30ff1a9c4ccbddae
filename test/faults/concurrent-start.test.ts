import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_DB } from '../helpers/db.ts';
import { createPgDatabase, type PgDatabase } from '../helpers/pg-database.ts';
import { stopServerProcess, type ServerProcess } from '../helpers/processes.ts';
import { startTogether, startupRows, within } from './scenarios.ts';

const onPostgres = TEST_DB === 'postgres';
if (!onPostgres) console.info('test/faults : scénarios de pannes sur PostgreSQL seulement (projet postgres, TEST_DATABASE_URL) : ignorés ici.');

/**
 * Scenario 6 of the faults suite: three instances started at the same moment on a fresh PostgreSQL database, as
 * a cluster deploys. The start-up lock is what makes them all start: without it, the bootstrap and the demo run
 * concurrently and the late instances die on a unique violation (`insert into "users"`).
 */
describe.skipIf(!onPostgres)('instances started together on a fresh database', () => {
  let pgDb: PgDatabase;
  let dataDir: string;
  let running: ServerProcess[] = [];

  beforeAll(async () => {
    pgDb = await createPgDatabase();
    dataDir = await mkdtemp(join(tmpdir(), 'mutualis-faults-'));
  });
  afterAll(async () => {
    for (const p of running) if (p.child.exitCode === null && p.child.signalCode === null) p.child.kill('SIGKILL');
    await pgDb?.drop();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  it('all three become ready, with one first admin and the demo data loaded once', { timeout: 300_000 }, async () => {
    // One configuration for all, files on a shared DATA_DIR, as in production.
    const env = { DATABASE_URL: pgDb.url, DATA_DIR: dataDir, DEMO: '1', ADMIN_EMAIL: 'admin@ensemble.test', ADMIN_PASSWORD: 'demarrage-simultane-42', SHUTDOWN_DRAIN_MS: '0' };
    const started = await startTogether(3, env);
    running = started.running;
    expect(started.failures).toEqual([]);
    expect(started.running).toHaveLength(3);
    expect(started.loadedDemo, 'instances that loaded the demo').toBe(1);
    expect(started.createdAdmin, 'instances that created the admin').toBe(1);
    // They did start together: at least one found the lock taken and waited instead of racing.
    expect(started.waited).toBeGreaterThanOrEqual(1);

    const rows = await startupRows(pgDb.url, env.ADMIN_EMAIL);
    expect(rows).toMatchObject({ admins: 1, bootstraps: 1, demoLoads: 1, repeatedOrganisations: 0 });
    expect(rows.organisations).toBeGreaterThan(1);

    const codes = await within(Promise.all(running.map(stopServerProcess)), 60_000, 'arrêt des instances');
    expect(codes).toEqual([0, 0, 0]);
  });
});
