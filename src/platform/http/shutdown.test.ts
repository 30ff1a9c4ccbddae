import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT_DIR } from '../../paths.ts';
import { createTestDb, TEST_DB, type TestDb } from '../../../test/helpers/db.ts';

async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as { port: number }).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

interface Result {
  status: number | null;
  error: string | null;
  at: number;
}

function get(port: number, path: string, agent: Agent): Promise<Result> {
  return new Promise((resolve) => {
    const req = request({ host: '127.0.0.1', port, path, agent }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode ?? null, error: null, at: Date.now() }));
      res.on('error', (e) => resolve({ status: null, error: e.message, at: Date.now() }));
    });
    req.on('error', (e) => resolve({ status: null, error: e.message, at: Date.now() }));
    req.end();
  });
}

/** Polls /readyz on fresh connections (bounded) until it answers anything but 200. */
async function notReady(port: number): Promise<Result> {
  let r: Result = { status: null, error: 'pas de réponse', at: Date.now() };
  for (let i = 0; i < 100; i++) {
    r = await get(port, '/readyz', new Agent());
    if (r.status !== 200) return r;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return r;
}

describe('graceful shutdown of the real server', () => {
  let db: TestDb | null = null;
  let dataDir: string;
  let child: ChildProcess;
  let output = '';

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'mutualis-shutdown-'));
    if (TEST_DB === 'postgres') db = await createTestDb();
  }, 120_000);
  afterAll(async () => {
    if (child && child.exitCode === null) child.kill('SIGKILL');
    await db?.destroy();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('finishes every request in flight when SIGTERM arrives mid-burst, then exits 0', async () => {
    const port = await freePort();
    const env: Record<string, string> = {
      // eslint-disable-next-line no-restricted-properties -- the child process needs the PATH to run
      PATH: process.env.PATH ?? '',
      NODE_ENV: 'test',
      PORT: String(port),
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      DEMO: '0',
      LOG_LEVEL: 'info',
      ADMIN_EMAIL: 'admin@arret.test',
      ADMIN_PASSWORD: 'arret-propre-mot-de-passe',
      SHUTDOWN_TIMEOUT_MS: '15000',
      SHUTDOWN_DRAIN_MS: '2000',
      ...(db ? { DATABASE_URL: db.url! } : {}),
    };
    child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], { cwd: ROOT_DIR, env, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));

    const agent = new Agent({ keepAlive: true, maxSockets: Infinity });
    const deadline = Date.now() + 150_000;
    for (;;) {
      const r = await get(port, '/readyz', agent);
      if (r.status === 200) break;
      if (Date.now() > deadline || child.exitCode !== null) throw new Error(`le serveur n'a pas démarré :\n${output}`);
      await new Promise((r) => setTimeout(r, 250));
    }

    // Connections opened and accepted beforehand, as a proxy's pool would hold them: the burst is in flight.
    const N = 150;
    await Promise.all(Array.from({ length: N }, () => get(port, '/healthz', agent)));
    let signalledAt = 0;
    let readiness: Promise<Result> | null = null;
    const burst = Array.from({ length: N }, (_, i) =>
      get(port, i % 2 ? '/api/docs' : '/api/openapi.json', agent).then((r) => {
        if (!signalledAt) {
          signalledAt = Date.now();
          child.kill('SIGTERM');
          readiness = notReady(port);
        }
        return r;
      }),
    );
    const results = await Promise.all(burst);
    // During the drain delay the instance says it is stopping (503), on a new connection it still accepts.
    const drained = await readiness!;
    expect(drained.status, JSON.stringify(drained)).toBe(503);
    const failed = results.filter((r) => r.status !== 200);
    expect(failed, JSON.stringify(failed.slice(0, 5))).toEqual([]);
    const afterSignal = results.filter((r) => r.at > signalledAt).length;
    expect(afterSignal, 'requests still running when SIGTERM was sent').toBeGreaterThan(0);

    expect(await exited).toBe(0);
    expect(output).toContain('Arrêt en cours');
    expect(output).toContain('"msg":"Arrêté."');
    // Stopped means stopped: the port no longer answers.
    expect((await get(port, '/healthz', new Agent())).error).toMatch(/ECONNREFUSED/);
    agent.destroy();
    console.info(`arrêt propre : ${N} requêtes, ${afterSignal} terminées après SIGTERM`);
  }, 240_000);
});
