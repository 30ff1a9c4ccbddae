import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { inject } from 'vitest';
import { openDatabase, type DbHandle } from '../../src/platform/db/open.ts';
import { runMigrations } from '../../src/platform/db/migrate.ts';
import { onTestServer, testDatabaseUrl } from './pg-database.ts';

/** Which database the integration suites run on: set per Vitest project (pglite, or postgres). */
export const TEST_DB = process.env.TEST_DB === 'postgres' ? 'postgres' : 'pglite';

export interface TestDb extends DbHandle {
  /** Connection string of this test's own PostgreSQL database (postgres project only). */
  url?: string;
  destroy(): Promise<void>;
}

/**
 * A fresh, migrated database of its own: in-memory PGlite, or a new database on TEST_DATABASE_URL. Both start
 * from the copy migrated once by test/global-setup.ts; runMigrations then only confirms the level.
 */
export async function createTestDb(): Promise<TestDb> {
  if (TEST_DB === 'pglite') {
    const snapshot = inject('pgliteSnapshot');
    const loadDataDir = snapshot ? new Blob([await readFile(snapshot)]) : undefined;
    const handle = await openDatabase({ driver: 'pglite', dataDir: null, loadDataDir });
    await runMigrations(handle);
    return { ...handle, destroy: () => handle.close() };
  }
  const name = `mutualis_t_${randomBytes(6).toString('hex')}`;
  const template = inject('postgresTemplate');
  await onTestServer(`create database ${name}${template ? ` template ${template}` : ''}`);
  const url = testDatabaseUrl(name);
  const handle = await openDatabase({ driver: 'pg', url, poolSize: 4 });
  await runMigrations(handle, url);
  return {
    ...handle,
    url,
    destroy: async () => {
      await handle.close();
      await onTestServer(`drop database if exists ${name} with (force)`);
    },
  };
}
