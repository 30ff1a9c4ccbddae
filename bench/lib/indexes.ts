import { sql } from 'drizzle-orm';
import { rowsOf, type DbHandle } from '../../src/platform/db/index.ts';

/**
 * Bulk loading: a table's secondary indexes are dropped before its COPY and rebuilt afterwards from their
 * own definitions (pg_indexes), which is much faster than maintaining them row by row once they outgrow
 * shared buffers. Indexes behind a constraint (primary key, unique) stay: foreign keys rely on them.
 */
export async function withIndexesRebuilt<T>(handle: DbHandle, table: string, load: () => Promise<T>, onRebuild: (table: string) => void): Promise<T> {
  const indexes = rowsOf<{ name: string; def: string }>(
    await handle.db.execute(sql`
      select i.indexname as name, i.indexdef as def from pg_indexes i
      where i.schemaname = 'public' and i.tablename = ${table}
        and not exists (select 1 from pg_constraint c where c.conname = i.indexname)`),
  );
  for (const i of indexes) await handle.db.execute(sql.raw(`drop index "${i.name}"`));
  const result = await load();
  onRebuild(table);
  for (const i of indexes) await handle.db.execute(sql.raw(i.def));
  return result;
}
