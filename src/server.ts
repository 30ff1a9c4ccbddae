import { createServer, type Server } from 'node:http';
import type { Logger } from 'pino';
import { createApp } from './app.ts';
import { prepareInstance } from './cli/startup.ts';
import type { Config } from './config.ts';
import { systemClock, type Ctx } from './platform/context.ts';
import { openDatabase, type DbHandle } from './platform/db/open.ts';
import { acquireDataDirLock, type DataDirLock } from './platform/db/lock.ts';
import { drainable } from './platform/http/drain.ts';
import { startControlServer } from './platform/control/server.ts';
import { createWorker } from './platform/jobs/index.ts';
import { closeTransports } from './platform/mail/index.ts';

export interface Running {
  handle: DbHandle;
  server: Server;
  port: number;
  /**
   * Answers /readyz 503 and keeps serving for `drainMs` (0 by default), then stops accepting, lets in-flight
   * requests and running jobs finish (bounded by SHUTDOWN_TIMEOUT_MS) and closes the database. A second call
   * ends the drain delay at once.
   */
  stop(drainMs?: number): Promise<void>;
}

/** Database → start-up steps (migrations, first admin, demo data; once, under a lock) → app → listen. */
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
  const handle =
    config.dbDriver === 'pg'
      ? await openDatabase({ driver: 'pg', url: config.DATABASE_URL!, poolSize: config.DB_POOL_SIZE, onPoolError: (err) => log.warn({ err }, 'database pool error') })
      : await openDatabase({ driver: 'pglite', dataDir: config.DATA_DIR });
  const ctx: Ctx = { db: handle.db, actor: null, clock: systemClock, log, config };
  const waiting = () => log.info('Une autre instance prépare la base : attente de son démarrage…');
  const { moved, admin, demoLoaded } = await prepareInstance(handle, ctx, (m) => log.info(m), waiting);
  if (moved) log.info({ moved }, 'Fichiers du site public déplacés vers le stockage des fichiers.');
  if (demoLoaded) log.info('Données de démonstration chargées.');
  const server = createServer(createApp({ handle, config, log, clock: systemClock }).listener());
  const http = drainable(server, config.SHUTDOWN_TIMEOUT_MS);
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

  let stopping: Promise<void> | null = null;
  const stop = (drainMs = 0) => {
    const served = http.stop(drainMs);
    return (stopping ??= (async () => {
      // No job starts once stopping; running ones finish within the bound, or go back to the queue for another
      // instance.
      await Promise.all([served, worker.stop(config.SHUTDOWN_TIMEOUT_MS)]);
      closeTransports();
      await control?.close();
      await handle.close();
      lock?.release();
    })());
  };
  return { handle, server, port, stop };
}
