import { PgTransaction } from 'drizzle-orm/pg-core';
import type { Db } from '../../platform/db/index.ts';

/**
 * How long an instance keeps its copy of the helpdesk's reference data (domains, opening hours and SLA
 * targets) when the change was made through another instance. A change made through this instance drops
 * the copies at once (`referenceChanged`).
 */
export const REFERENCE_TTL_MS = 5_000;

let generation = 0;

/** Called once a change to the reference data has committed. */
export function referenceChanged(): void {
  generation++;
}

interface Entry<T> {
  value: Promise<T>;
  at: number;
  generation: number;
}

/**
 * A reader of rarely changing data that answers from memory, one copy per database. Inside a transaction it
 * always reads the database: the transaction may have just changed the data. Concurrent misses share one
 * query. The value is shared between requests: callers must not modify it.
 */
export function referenceCache<T>(load: (db: Db) => PromiseLike<T>, ttlMs = REFERENCE_TTL_MS): (db: Db) => Promise<T> {
  const entries = new WeakMap<Db, Entry<T>>();
  return (db) => {
    if (db instanceof PgTransaction) return Promise.resolve(load(db));
    const now = performance.now();
    const hit = entries.get(db);
    if (hit && hit.generation === generation && now - hit.at < ttlMs) return hit.value;
    // Promise.resolve runs a lazy query builder once: awaiting the builder itself would query each time.
    const entry: Entry<T> = { value: Promise.resolve(load(db)), at: now, generation };
    entries.set(db, entry);
    entry.value.catch(() => {
      if (entries.get(db) === entry) entries.delete(db);
    });
    return entry.value;
  };
}
