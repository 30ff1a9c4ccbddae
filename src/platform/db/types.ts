import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';

/**
 * What a use case queries through: the database, or the open transaction (a transaction is a database
 * for Drizzle). Both drivers (PGlite and node-postgres) produce this type.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Db = PgDatabase<PgQueryResultHKT, any>;

/** `count(*)` and bigint come back as a string from `pg` and as a number from PGlite. */
export function toNumber(value: unknown): number {
  if (typeof value === 'number') return value;
  if (typeof value === 'bigint') return Number(value);
  if (typeof value === 'string' && value.trim() !== '') return Number(value);
  if (value === null || value === undefined) return 0;
  throw new TypeError(`not a number: ${String(value)}`);
}

/** Reads rows from the result of `db.execute(sql…)`, whichever the driver. */
export function rowsOf<T>(result: unknown): T[] {
  if (Array.isArray(result)) return result as T[];
  return ((result as { rows?: T[] }).rows ?? []) as T[];
}
