import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { sql } from 'drizzle-orm';
import { openDatabase, rowsOf, runMigrations, type DbHandle } from '../../src/platform/db/index.ts';

/** Runs one statement (create or drop a database) over its own connection to the server of `adminUrl`. */
export async function onServer(adminUrl: string, query: string): Promise<void> {
  const c = new pg.Client({ connectionString: adminUrl });
  await c.connect();
  try {
    await c.query(query);
  } finally {
    await c.end();
  }
}

/** A new, migrated PostgreSQL database on the server of `adminUrl`, dropped by `drop()`. */
export async function throwawayPg(adminUrl: string, scale: number): Promise<{ url: string; handle: DbHandle; drop(): Promise<void> }> {
  const name = `mutualis_bench_${scale}_${randomBytes(4).toString('hex')}`;
  await onServer(adminUrl, `create database ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const handle = await openDatabase({ driver: 'pg', url: url.toString(), poolSize: 4 });
  await runMigrations(handle, url.toString());
  return {
    url: url.toString(),
    handle,
    drop: async () => {
      await handle.close();
      await onServer(adminUrl, `drop database if exists ${name} with (force)`);
    },
  };
}

/** An embedded database in a temporary directory, removed by `drop()`. */
export async function throwawayPglite(): Promise<{ handle: DbHandle; drop(): Promise<void> }> {
  const dir = mkdtempSync(join(tmpdir(), 'mutualis-bench-'));
  const handle = await openDatabase({ driver: 'pglite', dataDir: dir });
  await runMigrations(handle);
  return {
    handle,
    drop: async () => {
      await handle.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export async function serverVersion(handle: DbHandle): Promise<string> {
  return rowsOf<{ server_version: string }>(await handle.db.execute(sql`show server_version`))[0]?.server_version ?? '?';
}
