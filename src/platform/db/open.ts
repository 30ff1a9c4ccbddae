import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { btree_gin } from '@electric-sql/pglite/contrib/btree_gin';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { unaccent } from '@electric-sql/pglite/contrib/unaccent';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import pg from 'pg';
import type { Db } from './types.ts';

export interface DbHandle {
  db: Db;
  driver: 'pglite' | 'pg';
  /** Throws when the database does not answer. */
  ping(timeoutMs?: number): Promise<void>;
  /** Pool figures for /metrics (PGlite is a single in-process connection). */
  poolStats(): { total: number; idle: number; waiting: number };
  close(): Promise<void>;
  pglite?: PGlite;
  pool?: pg.Pool;
}

export type OpenOptions =
  | { driver: 'pglite'; dataDir: string | null /* null: in memory */; loadDataDir?: Blob /* a dumpDataDir() archive */ }
  | { driver: 'pg'; url: string; poolSize?: number; onPoolError?: (err: Error) => void };

/** Extension order matters on PGlite: btree_gin must be loaded before pg_trgm. */
const PGLITE_EXTENSIONS = { btree_gin, pg_trgm, unaccent };

export async function openDatabase(opts: OpenOptions): Promise<DbHandle> {
  if (opts.driver === 'pglite') {
    let dataDir: string | undefined;
    if (opts.dataDir) {
      mkdirSync(opts.dataDir, { recursive: true });
      dataDir = join(opts.dataDir, 'pgdata');
    }
    const client = await PGlite.create({ dataDir, loadDataDir: opts.loadDataDir, extensions: PGLITE_EXTENSIONS });
    const db = drizzlePglite(client, { casing: 'snake_case' }) as unknown as Db;
    return {
      db,
      driver: 'pglite',
      pglite: client,
      ping: async () => {
        await client.query('select 1');
      },
      poolStats: () => ({ total: 1, idle: 1, waiting: 0 }),
      close: async () => {
        if (!client.closed) await client.close();
      },
    };
  }
  const pool = new pg.Pool({
    connectionString: opts.url,
    max: opts.poolSize ?? 10,
    connectionTimeoutMillis: 5_000,
    idleTimeoutMillis: 30_000,
  });
  // Without a listener, an idle client losing its server (restart, failover) would crash the process.
  pool.on('error', (err) => opts.onPoolError?.(err));
  // A checked-out client (a transaction, the readiness ping) has no pool listener: its error would crash too.
  pool.on('connect', (client) => client.on('error', (err) => opts.onPoolError?.(err)));
  const db = drizzlePg(pool, { casing: 'snake_case' }) as unknown as Db;
  return {
    db,
    driver: 'pg',
    pool,
    ping: async (timeoutMs = 2_000) => {
      const client = await pool.connect();
      // SET LOCAL: the limit ends with the transaction, so the pooled connection goes back without it.
      try {
        await client.query('begin');
        await client.query({ text: `set local statement_timeout = ${Math.floor(timeoutMs)}` });
        await client.query('select 1');
        await client.query('commit');
        client.release();
      } catch (err) {
        // A connection left mid-transaction (or broken) is destroyed rather than handed to the next caller.
        client.release(err instanceof Error ? err : new Error(String(err)));
        throw err;
      }
    },
    poolStats: () => ({ total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount }),
    close: async () => {
      if (!pool.ended) await pool.end();
    },
  };
}
