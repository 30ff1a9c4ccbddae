import pino from 'pino';
import type { Config } from '../config.ts';
import { systemClock, type Ctx } from '../platform/context.ts';
import { acquireDataDirLock, DataDirLocked, type DataDirLock } from '../platform/db/lock.ts';
import { openDatabase, type DbHandle } from '../platform/db/open.ts';
import { runMigrations } from '../platform/db/migrate.ts';
import { CliError, EXIT } from './io.ts';

export interface Opened {
  handle: DbHandle;
  ctx: Ctx;
}

/**
 * Opens the instance's database for one command. On the embedded database the command takes the
 * DATA_DIR lock first, exactly like the server: while a server (or another command) runs, it refuses and
 * names who holds the directory, instead of opening it twice and losing writes.
 */
export async function withDatabase<T>(
  config: Config,
  command: string,
  opts: { migrate: boolean },
  fn: (opened: Opened) => Promise<T>,
): Promise<T> {
  let lock: DataDirLock | null = null;
  if (config.dbDriver === 'pglite') {
    try {
      lock = acquireDataDirLock(config.DATA_DIR, { holder: command });
    } catch (err) {
      if (err instanceof DataDirLocked) throw new CliError(err.message, EXIT.locked);
      throw err;
    }
  }
  try {
    const handle =
      config.dbDriver === 'pg'
        ? await openDatabase({ driver: 'pg', url: config.DATABASE_URL!, poolSize: 2 })
        : await openDatabase({ driver: 'pglite', dataDir: config.DATA_DIR });
    try {
      if (opts.migrate) await runMigrations(handle, config.DATABASE_URL);
      const log = pino({ level: config.LOG_LEVEL === 'info' ? 'warn' : config.LOG_LEVEL }, pino.destination(2));
      return await fn({ handle, ctx: { db: handle.db, actor: null, clock: systemClock, log, config } });
    } finally {
      await handle.close();
    }
  } finally {
    lock?.release();
  }
}
