import { asc, desc, type SQL } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';

/** What a list accepts: search, sort, filters and pagination (the pages read it from French URLs, the API from English ones). */
export interface ListSpec<S extends string = string, F extends string = string> {
  sortable: readonly S[];
  defaultSort: S;
  defaultDir?: 'asc' | 'desc';
  filters?: readonly F[];
  defaultPageSize?: number;
}

export interface ListQuery<S extends string = string, F extends string = string> {
  q: string;
  page: number;
  pageSize: number;
  sort: S;
  dir: 'asc' | 'desc';
  filters: Partial<Record<F, string>>;
  /** The whole list (an export, up to MAX_EXPORT_ROWS) instead of one page. */
  all?: boolean;
}

export const PAGE_SIZES = [20, 50, 100] as const;
/** An export returns at most this many rows; past it, the user is asked to narrow the filters. */
export const MAX_EXPORT_ROWS = 100_000;

/** ORDER BY for a list: the chosen column, then a unique tiebreaker so pages never overlap. */
export function orderBy<S extends string>(q: ListQuery<S>, columns: Record<S, AnyPgColumn | SQL>, tiebreaker: AnyPgColumn): SQL[] {
  const dirFn = q.dir === 'desc' ? desc : asc;
  return [dirFn(columns[q.sort]), dirFn(tiebreaker)];
}

/** A LIKE pattern matching values that contain `term`: `%` and `_` (and `\`) typed by the user are literal. */
export function containsPattern(term: string): string {
  return `%${term.replace(/[\\%_]/g, '\\$&')}%`;
}

/** LIMIT/OFFSET of the page, or of the whole export. */
export function pageWindow(q: ListQuery): { limit: number; offset: number } {
  if (q.all) return { limit: MAX_EXPORT_ROWS, offset: 0 };
  return { limit: q.pageSize, offset: (q.page - 1) * q.pageSize };
}
