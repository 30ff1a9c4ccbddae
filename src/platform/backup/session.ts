import type { DbHandle } from '../db/open.ts';

/** Raw SQL inside one transaction, the same on PGlite and PostgreSQL. Rows come back as plain objects. */
export interface SqlSession {
  query<T = Record<string, unknown>>(text: string, params?: unknown[]): Promise<T[]>;
}

/**
 * Runs `fn` in one read-only snapshot: REPEATABLE READ on PostgreSQL (writers go on meanwhile); on PGlite
 * the single connection is held for the whole call, so writes wait and the snapshot is consistent too.
 */
export function withSnapshot<T>(handle: DbHandle, fn: (s: SqlSession) => Promise<T>): Promise<T> {
  return withTransaction(handle, 'begin isolation level repeatable read read only', fn);
}

/** Runs `fn` in one read-write transaction; any error rolls everything back. */
export function withWriteTransaction<T>(handle: DbHandle, fn: (s: SqlSession) => Promise<T>): Promise<T> {
  return withTransaction(handle, 'begin', fn);
}

async function withTransaction<T>(handle: DbHandle, begin: string, fn: (s: SqlSession) => Promise<T>): Promise<T> {
  if (handle.pglite) {
    return handle.pglite.transaction(async (tx) =>
      fn({ query: async <R,>(text: string, params?: unknown[]) => (await tx.query<R>(text, params)).rows }),
    );
  }
  if (!handle.pool) throw new Error('database handle without a connection');
  const client = await handle.pool.connect();
  try {
    await client.query(begin);
    const result = await fn({
      query: async <R,>(text: string, params?: unknown[]) => (await client.query(text, params)).rows as R[],
    });
    await client.query('commit');
    return result;
  } catch (err) {
    await client.query('rollback').catch(() => undefined);
    throw err;
  } finally {
    client.release();
  }
}
