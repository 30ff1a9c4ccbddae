import pg from 'pg';
import type { Config } from '../config.ts';
import { loadDemo } from '../demo/index.ts';
import { ensureFirstAdmin } from '../modules/identity/index.ts';
import { moveLegacyBlobs } from '../modules/publications/index.ts';
import type { Ctx } from '../platform/context.ts';
import type { DbHandle } from '../platform/db/open.ts';
import { runMigrations } from '../platform/db/migrate.ts';

/** Arbitrary constant, distinct from the locks taken inside this one (migrations, moving files out of the database). */
const STARTUP_LOCK_KEY = 7_346_513_001;

/**
 * Runs `fn` holding the start-up lock: a PostgreSQL session advisory lock on a connection of its own, so that
 * instances and commands started together on one database take turns (a holder that dies releases it with its
 * connection). `onWait` is called when another holder makes this one wait. On the embedded database the
 * DATA_DIR lock already keeps every other process out.
 */
export async function withStartupLock<T>(config: Config, fn: () => Promise<T>, onWait: () => void = () => {}): Promise<T> {
  if (config.dbDriver === 'pglite') return fn();
  const client = new pg.Client({ connectionString: config.DATABASE_URL });
  // A connection lost while holding the lock surfaces as the failure of the next query, not as a crash.
  client.on('error', () => {});
  await client.connect();
  try {
    const [tried] = (await client.query<{ locked: boolean }>('select pg_try_advisory_lock($1) as locked', [STARTUP_LOCK_KEY])).rows;
    if (!tried?.locked) {
      onWait();
      await client.query('select pg_advisory_lock($1)', [STARTUP_LOCK_KEY]);
    }
    return await fn();
  } finally {
    await client.query('select pg_advisory_unlock($1)', [STARTUP_LOCK_KEY]).catch(() => undefined);
    await client.end().catch(() => undefined);
  }
}

export interface Prepared {
  /** Files stored in the database by an older version, moved to DATA_DIR/files. */
  moved: number;
  /** The first administrator, when this start created it (its generated password, shown once). */
  admin: Awaited<ReturnType<typeof ensureFirstAdmin>>;
  demoLoaded: boolean;
}

/**
 * Every step before serving, each done once per database: migrations, files moved out of the database, the
 * first administrator, the demo data set (when DEMO). All run under the start-up lock: of several instances
 * started together, the first does each step and the others find it done and skip it.
 */
export function prepareInstance(handle: DbHandle, ctx: Ctx, progress: (message: string) => void, onWait?: () => void): Promise<Prepared> {
  return withStartupLock(
    ctx.config,
    async () => {
      await runMigrations(handle, ctx.config.DATABASE_URL);
      const moved = await moveLegacyBlobs(ctx);
      const admin = await ensureFirstAdmin(ctx);
      const demoLoaded = ctx.config.DEMO ? await loadDemo(ctx, progress) : false;
      return { moved, admin, demoLoaded };
    },
    onWait,
  );
}
