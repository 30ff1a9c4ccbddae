import { createServer, type Server } from 'node:http';
import { Server as NetServer } from 'node:net';
import type { Logger } from 'pino';
import { createApp } from './app.ts';
import type { Config } from './config.ts';
import { systemClock, type Ctx } from './platform/context.ts';
import { openDatabase, type DbHandle } from './platform/db/open.ts';
import { runMigrations } from './platform/db/migrate.ts';
import { ensureFirstAdmin } from './modules/identity/index.ts';
import { moveLegacyBlobs } from './modules/publications/index.ts';
import { loadDemo } from './demo/index.ts';
import { acquireDataDirLock, type DataDirLock } from './platform/db/lock.ts';
import { startControlServer } from './platform/control/server.ts';
import { createWorker } from './platform/jobs/index.ts';
import { closeTransports } from './platform/mail/index.ts';

export interface Running {
  handle: DbHandle;
  server: Server;
  port: number;
  /** Stops accepting, lets in-flight requests finish (bounded), closes the database. */
  stop(): Promise<void>;
}

export async function openAndMigrate(config: Config, log: Logger): Promise<DbHandle> {
  const handle =
    config.dbDriver === 'pg'
      ? await openDatabase({ driver: 'pg', url: config.DATABASE_URL!, poolSize: config.DB_POOL_SIZE, onPoolError: (err) => log.warn({ err }, 'database pool error') })
      : await openDatabase({ driver: 'pglite', dataDir: config.DATA_DIR });
  await runMigrations(handle, config.DATABASE_URL);
  return handle;
}

/** Database → migrations → first admin → demo data → app → listen. */
export async function startServer(config: Config, log: Logger): Promise<Running> {
  // One process per embedded database: taken before PGlite opens the directory (throws DataDirLocked).
  const lock = config.dbDriver === 'pglite' ? acquireDataDirLock(config.DATA_DIR, { holder: 'server', port: config.PORT }) : null;
  try {
    return await start(config, log, lock);
  } catch (err) {
    lock?.release();
    throw err;
  }
}

async function start(config: Config, log: Logger, lock: DataDirLock | null): Promise<Running> {
  const handle = await openAndMigrate(config, log);
  const ctx: Ctx = { db: handle.db, actor: null, clock: systemClock, log, config };
  const moved = await moveLegacyBlobs(ctx);
  if (moved) log.info({ moved }, 'Fichiers du site public déplacés vers le stockage des fichiers.');
  const admin = await ensureFirstAdmin(ctx);
  if (config.DEMO) {
    const loaded = await loadDemo(ctx, (m) => log.info(m));
    if (loaded) log.info('Données de démonstration chargées.');
  }
  const server = createServer(createApp({ handle, config, log, clock: systemClock }).listener());
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject); // port taken: startServer fails (and releases the data directory)
    server.listen(config.PORT, config.HOST, () => {
      server.off('error', reject);
      resolve();
    });
  });
  // Background jobs run in every instance; the queue in the database shares them out.
  const worker = createWorker({ db: handle.db, clock: systemClock, log, config });
  await worker.start();
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.PORT;
  const url = config.PUBLIC_URL.includes(`:${config.PORT}`) ? config.PUBLIC_URL.replace(`:${config.PORT}`, `:${port}`) : config.PUBLIC_URL;
  log.info({ url, database: handle.driver }, `Mutualis écoute sur ${url}`);
  // Commands run beside the server (online backup, doctor) reach it through this socket, named in the lock.
  const control = lock ? await startControlServer({ dataDir: config.DATA_DIR, handle, port, log }) : null;
  lock?.update({ port, socket: control?.path ?? null });
  if (admin) {
    // Printed once, on the console only: the admin's first password is never stored in clear.
    process.stdout.write(
      `\n  Compte administrateur : ${admin.email}\n` +
        (admin.password ? `  Mot de passe (affiché une seule fois) : ${admin.password}\n` : '  Mot de passe : celui de ADMIN_PASSWORD\n') +
        `  Ouvrez ${url}/connexion\n\n`,
    );
  }

  // Once stopping, every response says `Connection: close`, so clients stop reusing their connections.
  let draining = false;
  server.prependListener('request', (_req, res) => {
    if (draining) res.setHeader('Connection', 'close');
  });
  let stopping: Promise<void> | null = null;
  const stop = () =>
    (stopping ??= (async () => {
      draining = true;
      const requests = new Promise<void>((resolve) => {
        const timer = setTimeout(() => {
          server.closeAllConnections();
          resolve();
        }, config.SHUTDOWN_TIMEOUT_MS);
        // net.Server#close only stops accepting. http.Server#close would also cut idle keep-alive connections
        // at once, failing requests already sent on them but not yet read (measured: 81 of a 150-request
        // burst; 23 still with a sweep of idle connections every 500 ms). Connections end instead after a
        // response marked `Connection: close`, or when idle for the keep-alive timeout.
        NetServer.prototype.close.call(server, () => {
          clearTimeout(timer);
          resolve();
        });
      });
      // Running jobs finish within the same bound; unfinished ones go back to the queue for another instance.
      await Promise.all([requests, worker.stop(config.SHUTDOWN_TIMEOUT_MS)]);
      closeTransports();
      await control?.close();
      await handle.close();
      lock?.release();
    })());
  return { handle, server, port, stop };
}
