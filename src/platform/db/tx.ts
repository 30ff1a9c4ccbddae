import { PgTransaction } from 'drizzle-orm/pg-core';
import type { Db } from './types.ts';

/**
 * Runs `fn` in a transaction. A nested call reuses the outer transaction, so a use case can call another
 * one and both commit or roll back together (the audit row included).
 */
export async function inTransaction<C extends { db: Db }, T>(ctx: C, fn: (ctx: C) => Promise<T>): Promise<T> {
  if (ctx.db instanceof PgTransaction) return fn(ctx);
  return ctx.db.transaction((tx) => fn({ ...ctx, db: tx as unknown as Db }));
}
