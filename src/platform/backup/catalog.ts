import type { SqlSession } from './session.ts';

/** Schemas never dumped: the system's, and drizzle's migration bookkeeping (recorded apart). */
const SKIPPED_SCHEMAS = `('pg_catalog', 'information_schema', 'drizzle', 'pg_toast')`;

export interface TableInfo {
  /** `schema.table`, as recorded in the manifest. */
  name: string;
  /** Quoted identifier, ready for SQL. */
  sql: string;
  oid: string;
}

export interface ColumnInfo {
  name: string;
  /** Generated columns are recomputed by the database, never inserted. */
  generated: boolean;
  /** `GENERATED ALWAYS AS IDENTITY`: inserting a value needs OVERRIDING SYSTEM VALUE. */
  identityAlways: boolean;
}

export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

export async function listTables(s: SqlSession): Promise<TableInfo[]> {
  const rows = await s.query<{ schema: string; name: string; oid: string }>(
    `select n.nspname as schema, c.relname as name, c.oid::int8::text as oid
       from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where c.relkind in ('r', 'p') and not c.relispartition
        and n.nspname not in ${SKIPPED_SCHEMAS} and n.nspname not like 'pg\\_temp%'
      order by n.nspname, c.relname`,
  );
  return rows.map((r) => ({ name: `${r.schema}.${r.name}`, sql: `${quoteIdent(r.schema)}.${quoteIdent(r.name)}`, oid: r.oid }));
}

export async function listColumns(s: SqlSession, table: TableInfo): Promise<ColumnInfo[]> {
  const rows = await s.query<{ name: string; generated: string; identity: string }>(
    `select attname as name, attgenerated::text as generated, attidentity::text as identity
       from pg_attribute where attrelid = $1::int8::oid and attnum > 0 and not attisdropped order by attnum`,
    [table.oid],
  );
  return rows.map((r) => ({ name: r.name, generated: r.generated !== '', identityAlways: r.identity === 'a' }));
}

export async function hasUserTriggers(s: SqlSession, table: TableInfo): Promise<boolean> {
  const rows = await s.query(`select 1 from pg_trigger where tgrelid = $1::int8::oid and not tgisinternal limit 1`, [table.oid]);
  return rows.length > 0;
}

export interface SequenceValue {
  name: string;
  lastValue: string | null;
  isCalled: boolean;
}

export async function readSequences(s: SqlSession): Promise<SequenceValue[]> {
  const seqs = await s.query<{ schema: string; name: string }>(
    `select n.nspname as schema, c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where c.relkind = 'S' and n.nspname not in ${SKIPPED_SCHEMAS} order by 1, 2`,
  );
  const values: SequenceValue[] = [];
  for (const seq of seqs) {
    const [row] = await s.query<{ last_value: string; is_called: boolean }>(
      `select last_value::text as last_value, is_called from ${quoteIdent(seq.schema)}.${quoteIdent(seq.name)}`,
    );
    values.push({ name: `${seq.schema}.${seq.name}`, lastValue: row?.last_value ?? null, isCalled: row?.is_called ?? false });
  }
  return values;
}

export interface AppliedMigration {
  hash: string;
  createdAt: string;
}

/** Drizzle's record of applied migrations; empty on a database never migrated. */
export async function appliedMigrations(s: SqlSession): Promise<AppliedMigration[]> {
  const [exists] = await s.query<{ t: string | null }>(`select to_regclass('drizzle.__drizzle_migrations')::text as t`);
  if (!exists?.t) return [];
  const rows = await s.query<{ hash: string; created_at: string }>(
    `select hash, created_at::text as created_at from drizzle.__drizzle_migrations order by id`,
  );
  return rows.map((r) => ({ hash: r.hash, createdAt: r.created_at }));
}

export interface SelfReference {
  columns: string[];
  references: string[];
}

/**
 * Tables ordered so that every table comes after the tables its foreign keys point to (Kahn's algorithm
 * over the catalog). A table's non-deferrable references to itself (an EPCI and its communes in one
 * table) are returned apart: their rows are inserted parents first. Tables caught in a cycle of other
 * non-deferrable references are listed in `cyclic`.
 */
export async function insertOrder(
  s: SqlSession,
  tables: TableInfo[],
): Promise<{ ordered: TableInfo[]; cyclic: string[]; selfReferences: Map<string, SelfReference[]> }> {
  const byOid = new Map(tables.map((t) => [t.oid, t]));
  const edges = await s.query<{ child: string; parent: string; deferrable: boolean; columns: string; refs: string }>(
    `select c.conrelid::int8::text as child, c.confrelid::int8::text as parent, c.condeferrable as deferrable,
            array_to_json(array(select a.attname from unnest(c.conkey) with ordinality k(n, i)
              join pg_attribute a on a.attrelid = c.conrelid and a.attnum = k.n order by k.i))::text as columns,
            array_to_json(array(select a.attname from unnest(c.confkey) with ordinality k(n, i)
              join pg_attribute a on a.attrelid = c.confrelid and a.attnum = k.n order by k.i))::text as refs
       from pg_constraint c where c.contype = 'f'`,
  );
  const deps = new Map<string, Set<string>>(tables.map((t) => [t.oid, new Set<string>()]));
  const selfReferences = new Map<string, SelfReference[]>();
  for (const e of edges) {
    if (!byOid.has(e.child) || !byOid.has(e.parent)) continue;
    if (e.child === e.parent) {
      const name = byOid.get(e.child)!.name;
      if (!e.deferrable) selfReferences.set(name, [...(selfReferences.get(name) ?? []), { columns: JSON.parse(e.columns) as string[], references: JSON.parse(e.refs) as string[] }]);
      continue;
    }
    if (!e.deferrable) deps.get(e.child)!.add(e.parent);
  }
  const ordered: TableInfo[] = [];
  const done = new Set<string>();
  let progressed = true;
  while (progressed) {
    progressed = false;
    for (const t of tables) {
      if (done.has(t.oid)) continue;
      if ([...deps.get(t.oid)!].every((p) => done.has(p))) {
        ordered.push(t);
        done.add(t.oid);
        progressed = true;
      }
    }
  }
  const cyclic = tables.filter((t) => !done.has(t.oid));
  return { ordered: [...ordered, ...cyclic], cyclic: cyclic.map((t) => t.name), selfReferences };
}
