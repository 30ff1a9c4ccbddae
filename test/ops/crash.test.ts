import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withSnapshot } from '../../src/platform/backup/session.ts';
import { TEST_DB } from '../helpers/db.ts';
import { withInstanceDb } from '../helpers/instance.ts';
import { createPgDatabase, type PgDatabase } from '../helpers/pg-database.ts';
import { runCliInProcess, startServerProcess, stopServerProcess, type ServerProcess } from '../helpers/processes.ts';

/**
 * kill -9 of the server in the middle of a burst of writes through the API, then a restart: every write
 * acknowledged with a 2xx is there with its audit row (the same transaction), and the server starts again
 * by itself. On the embedded database (pglite project) and on PostgreSQL (postgres project).
 */
describe('crash safety', () => {
  let dir: string;
  let pgDb: PgDatabase | null = null;
  const running: ServerProcess[] = [];

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'mutualis-crash-'));
    if (TEST_DB === 'postgres') pgDb = await createPgDatabase();
  });
  afterAll(async () => {
    for (const p of running) if (p.child.exitCode === null && p.child.signalCode === null) await stopServerProcess(p);
    await pgDb?.drop();
    await rm(dir, { recursive: true, force: true });
  });

  it('keeps every acknowledged write after kill -9 and restarts without repair', { timeout: 600_000 }, async () => {
    const dataDir = join(dir, 'data');
    const env: Record<string, string> = { DATA_DIR: dataDir, ADMIN_EMAIL: 'admin@crash.test', ADMIN_PASSWORD: 'correct-horse-battery-42' };
    if (pgDb) env.DATABASE_URL = pgDb.url;
    const token = await runCliInProcess(['token', 'create', '--email', 'admin@crash.test', '--scopes', '*'], env);
    expect(token.code, token.stderr).toBe(0);
    const headers = { authorization: `Bearer ${token.stdout.trim()}`, 'content-type': 'application/json' };

    const server = await startServerProcess(env);
    running.push(server);
    const acked = new Map<string, string>();
    let attempted = 0;
    const worker = async (w: number) => {
      for (let i = 0; ; i++) {
        const name = `Crash ${w}-${i}`;
        attempted++;
        try {
          const res = await fetch(`${server.url}/api/v1/members`, { method: 'POST', headers, body: JSON.stringify({ kind: 'other', name, status: 'active' }) });
          if (res.status !== 201) throw new Error(`unexpected ${res.status}: ${await res.text()}`);
          acked.set(((await res.json()) as { id: string }).id, name);
        } catch (err) {
          if (server.child.signalCode === 'SIGKILL' || server.child.killed) return;
          throw err;
        }
      }
    };
    const burst = Promise.all([1, 2, 3, 4, 5, 6].map(worker));
    while (acked.size < 60) await new Promise((r) => setTimeout(r, 20));
    server.child.kill('SIGKILL');
    await burst;
    expect(await server.exited).toBe('SIGKILL');
    const ackedAtKill = new Map(acked);
    expect(attempted).toBeGreaterThan(ackedAtKill.size); // some requests were in flight when it died
    if (!pgDb) expect(existsSync(join(dataDir, 'mutualis.lock'))).toBe(true); // left behind, to be taken over

    const again = await startServerProcess(env);
    running.push(again);
    const after = await fetch(`${again.url}/api/v1/members`, { method: 'POST', headers, body: JSON.stringify({ kind: 'other', name: 'Après redémarrage', status: 'active' }) });
    expect(after.status).toBe(201);
    expect(await stopServerProcess(again)).toBe(0);

    const { rows, audited } = await withInstanceDb({ dataDir, url: pgDb?.url }, (h) =>
      withSnapshot(h, async (s) => ({
        rows: await s.query<{ id: string; name: string }>(`select id::text, name from organisations where name like 'Crash %'`),
        audited: await s.query<{ id: string }>(`select entity_id as id from audit_log where action = 'members.create'`),
      })),
    );
    const stored = new Map(rows.map((r) => [r.id, r.name]));
    for (const [id, name] of ackedAtKill) expect(stored.get(id), `acknowledged write ${name}`).toBe(name);
    // No half-written change: every stored member has the audit row written in its transaction.
    const auditedIds = new Set(audited.map((a) => a.id));
    for (const id of stored.keys()) expect(auditedIds.has(id), `audit row of ${stored.get(id)}`).toBe(true);
    expect(stored.size).toBeGreaterThanOrEqual(ackedAtKill.size);
  });
});
