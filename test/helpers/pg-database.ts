import { randomBytes } from 'node:crypto';
import pg from 'pg';

export interface PgDatabase {
  url: string;
  drop(): Promise<void>;
}

function adminUrl(): string {
  const url = process.env.TEST_DATABASE_URL;
  if (!url) throw new Error('TEST_DATABASE_URL is required');
  return url;
}

/** Runs one statement (create or drop a database) over its own connection to TEST_DATABASE_URL's server. */
export async function onTestServer(query: string): Promise<void> {
  const c = new pg.Client({ connectionString: adminUrl() });
  await c.connect();
  try {
    await c.query(query);
  } finally {
    await c.end();
  }
}

/** The connection string of database `name` on TEST_DATABASE_URL's server. */
export function testDatabaseUrl(name: string): string {
  const url = new URL(adminUrl());
  url.pathname = `/${name}`;
  return url.toString();
}

/** An empty PostgreSQL database of its own on TEST_DATABASE_URL (not migrated: a process will do it). */
export async function createPgDatabase(): Promise<PgDatabase> {
  const name = `mutualis_ops_${randomBytes(6).toString('hex')}`;
  await onTestServer(`create database ${name}`);
  return { url: testDatabaseUrl(name), drop: () => onTestServer(`drop database if exists ${name} with (force)`) };
}
