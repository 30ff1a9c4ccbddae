import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { readMigrationFiles } from 'drizzle-orm/migrator';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import type { PgliteDatabase } from 'drizzle-orm/pglite';
import pg from 'pg';
import { MIGRATIONS_DIR } from '../../paths.ts';
import type { DbHandle } from '../db/open.ts';
import type { AppliedMigration } from './catalog.ts';

/** The migrations this version of the code knows, in order, as drizzle records them once applied. */
export function codeMigrations(): AppliedMigration[] {
  return readMigrationFiles({ migrationsFolder: MIGRATIONS_DIR }).map((m) => ({ hash: m.hash, createdAt: String(m.folderMillis) }));
}

/**
 * Tables that migrations themselves fill with reference rows (`INSERT INTO` in a migration file). A
 * freshly migrated instance has rows there and still counts as empty: the restore replaces them with the
 * backup's own (possibly edited) rows.
 */
export async function seededTables(): Promise<Set<string>> {
  const journal = JSON.parse(await readFile(join(MIGRATIONS_DIR, 'meta', '_journal.json'), 'utf8')) as { entries: { tag: string }[] };
  const names = new Set<string>();
  for (const e of journal.entries) {
    // Function bodies ($$…$$) and comments are not seeds: an INSERT there runs later, on live data.
    const text = (await readFile(join(MIGRATIONS_DIR, `${e.tag}.sql`), 'utf8'))
      .replace(/\$(\w*)\$[\s\S]*?\$\1\$/g, '')
      .replace(/--[^\n]*/g, '');
    for (const m of text.matchAll(/insert\s+into\s+(?:"?(\w+)"?\.)?"?(\w+)"?/gi)) names.add(`${m[1] ?? 'public'}.${m[2]}`);
  }
  return names;
}

/** Whether `a` is `b` or an earlier level of the same history. */
export function isPrefix(a: AppliedMigration[], b: AppliedMigration[]): boolean {
  return a.length <= b.length && a.every((m, i) => m.hash === b[i]!.hash && m.createdAt === b[i]!.createdAt);
}

/**
 * Applies the first `level` migrations only: a backup made by an earlier version is loaded into the schema
 * it was taken from, and the later migrations then run on the restored data, as at a normal upgrade.
 */
export async function migrateToLevel(handle: DbHandle, level: number, scratch: string, url?: string): Promise<void> {
  const dir = await mkdtemp(join(scratch, 'migrations-'));
  try {
    const journal = JSON.parse(await readFile(join(MIGRATIONS_DIR, 'meta', '_journal.json'), 'utf8')) as { entries: { tag: string }[] };
    journal.entries = journal.entries.slice(0, level);
    await mkdir(join(dir, 'meta'));
    await writeFile(join(dir, 'meta', '_journal.json'), JSON.stringify(journal));
    for (const e of journal.entries) await copyFile(join(MIGRATIONS_DIR, `${e.tag}.sql`), join(dir, `${e.tag}.sql`));
    if (handle.driver === 'pglite') {
      await migratePglite(handle.db as unknown as PgliteDatabase, { migrationsFolder: dir });
      return;
    }
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      await migratePg(drizzlePg(client, { casing: 'snake_case' }), { migrationsFolder: dir });
    } finally {
      await client.end();
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
