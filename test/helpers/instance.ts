import { listTables } from '../../src/platform/backup/catalog.ts';
import { withSnapshot } from '../../src/platform/backup/session.ts';
import { openDatabase, type DbHandle } from '../../src/platform/db/open.ts';

/** Every row of every table, as the database prints it (sorted), to compare two instances exactly. */
export function instanceContents(handle: DbHandle): Promise<Record<string, string[]>> {
  return withSnapshot(handle, async (s) => {
    const out: Record<string, string[]> = {};
    for (const t of await listTables(s)) {
      const rows = await s.query<{ j: string }>(`select row_to_json(t)::text as j from ${t.sql} t`);
      out[t.name] = rows.map((r) => r.j).sort();
    }
    return out;
  });
}

export function countsOf(contents: Record<string, string[]>): Record<string, number> {
  return Object.fromEntries(Object.entries(contents).map(([k, v]) => [k, v.length]));
}

/** Opens a stopped instance's database (embedded in DATA_DIR, or PostgreSQL) to look inside. */
export async function withInstanceDb<T>(target: { dataDir: string; url?: string }, fn: (h: DbHandle) => Promise<T>): Promise<T> {
  const handle = target.url ? await openDatabase({ driver: 'pg', url: target.url, poolSize: 2 }) : await openDatabase({ driver: 'pglite', dataDir: target.dataDir });
  try {
    return await fn(handle);
  } finally {
    await handle.close();
  }
}
