import { createServer, connect, type Server, type Socket } from 'node:net';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createApp } from '../../app.ts';
import { loadConfig } from '../../config.ts';
import { createTestApp, testClock } from '../../../test/helpers/app.ts';
import { createTestDb, TEST_DB, type TestDb } from '../../../test/helpers/db.ts';
import { openDatabase, type DbHandle } from '../db/open.ts';
import { READY_TIMEOUT_MS } from './health.ts';

/** A TCP relay to PostgreSQL that the test can cut and restore, standing for a database outage. */
function tcpProxy(target: { host: string; port: number }) {
  const sockets = new Set<Socket>();
  let server: Server | null = null;
  let port = 0;
  const open = () =>
    new Promise<number>((resolve) => {
      server = createServer((client) => {
        const upstream = connect(target.port, target.host);
        for (const s of [client, upstream]) {
          sockets.add(s);
          s.on('close', () => sockets.delete(s));
          s.on('error', () => s.destroy());
        }
        client.pipe(upstream).pipe(client);
      });
      server.listen(port, '127.0.0.1', () => {
        port = (server!.address() as { port: number }).port;
        resolve(port);
      });
    });
  const close = () =>
    new Promise<void>((resolve) => {
      for (const s of sockets) s.destroy();
      server?.close(() => resolve());
    });
  return { open, close };
}

describe.runIf(TEST_DB === 'postgres')('readiness while PostgreSQL is unreachable', () => {
  let db: TestDb;
  let handle: DbHandle;
  const proxy = { current: null as ReturnType<typeof tcpProxy> | null };
  beforeAll(async () => {
    db = await createTestDb();
  });
  afterAll(async () => {
    await handle?.close();
    await proxy.current?.close();
    await db?.destroy();
  });

  it('answers 503 while the database is cut off and 200 once it is back, without restart', async () => {
    const real = new URL(db.url!);
    proxy.current = tcpProxy({ host: real.hostname, port: Number(real.port || 5432) });
    const port = await proxy.current.open();
    const viaProxy = new URL(real);
    viaProxy.host = `127.0.0.1:${port}`;
    const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', DATABASE_URL: viaProxy.toString() });
    const log = pino({ level: 'silent' });
    handle = await openDatabase({ driver: 'pg', url: viaProxy.toString(), poolSize: 2, onPoolError: () => undefined });
    const { app } = createApp({ handle, config, log, clock: testClock() });

    expect((await app.request('/readyz')).status).toBe(200);
    await proxy.current.close();
    const ping = vi.spyOn(handle, 'ping');
    const down = await app.request('/readyz');
    expect(down.status).toBe(503);
    expect(await down.json()).toMatchObject({ status: 'unavailable', database: 'pg' });
    // The probe is bounded by its own timeout and leaves no request waiting for a connection.
    expect(ping).toHaveBeenCalledWith(READY_TIMEOUT_MS);
    expect(handle.poolStats().waiting).toBe(0);
    expect((await app.request('/healthz')).status).toBe(200); // alive, only not ready

    await proxy.current.open();
    expect((await app.request('/readyz')).status).toBe(200);
  });
});

describe('readiness of a closed database', () => {
  it('answers 200 while the database is open, 503 once it is closed', async () => {
    const t = await createTestApp();
    expect((await t.app.request('/readyz')).status).toBe(200);
    await t.close();
    expect((await t.app.request('/readyz')).status).toBe(503);
  }, 120_000);
});
