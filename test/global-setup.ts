import { randomBytes } from 'node:crypto';
import { rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { openDatabase } from '../src/platform/db/open.ts';
import { runMigrations } from '../src/platform/db/migrate.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** PGlite project: a migrated data directory, dumped once, that every test file loads. */
    pgliteSnapshot?: string;
    /** postgres project: a migrated database every test file copies with CREATE DATABASE … TEMPLATE. */
    postgresTemplate?: string;
  }
}

async function admin(query: string) {
  const c = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
  await c.connect();
  try {
    await c.query(query);
  } finally {
    await c.end();
  }
}

/**
 * Migrates one database per integration project before the test files run: creating a PGlite cluster
 * (initdb) and migrating it costs seconds, loading a dump of a migrated one about a fifth of that.
 */
export default async function setup(project: TestProject) {
  if (project.name === 'pglite') {
    const handle = await openDatabase({ driver: 'pglite', dataDir: null });
    await runMigrations(handle);
    const dump = await handle.pglite!.dumpDataDir('none');
    await handle.close();
    const file = join(tmpdir(), `mutualis-test-pglite-${randomBytes(6).toString('hex')}.tar`);
    writeFileSync(file, Buffer.from(await dump.arrayBuffer()));
    project.provide('pgliteSnapshot', file);
    return () => rmSync(file, { force: true });
  }
  if (project.name === 'postgres' && process.env.TEST_DATABASE_URL) {
    const name = `mutualis_tpl_${randomBytes(6).toString('hex')}`;
    await admin(`create database ${name}`);
    const url = new URL(process.env.TEST_DATABASE_URL);
    url.pathname = `/${name}`;
    const handle = await openDatabase({ driver: 'pg', url: url.toString(), poolSize: 1 });
    await runMigrations(handle, url.toString());
    await handle.close();
    project.provide('postgresTemplate', name);
    return () => admin(`drop database if exists ${name} with (force)`);
  }
}
