import { asc, desc, type SQL } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';

/** What a list page accepts from its URL: search, sort, filters, pagination and export format. */
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
  format: 'html' | 'csv' | 'xlsx';
}

export const PAGE_SIZES = [20, 50, 100] as const;
/** An export returns at most this many rows; past it, the user is asked to narrow the filters. */
export const MAX_EXPORT_ROWS = 100_000;

/**
 * Reads a list's parameters from the query string. Unknown sorts, filters and sizes fall back to the
 * defaults rather than failing: these URLs are shared, bookmarked and edited by hand.
 */
export function parseListQuery<S extends string, F extends string>(
  query: Record<string, string | undefined>,
  spec: ListSpec<S, F>,
): ListQuery<S, F> {
  const sort = (spec.sortable as readonly string[]).includes(query.tri ?? '') ? (query.tri as S) : spec.defaultSort;
  const dir = query.ordre === 'desc' || query.ordre === 'asc' ? query.ordre : (spec.defaultDir ?? 'asc');
  const size = Number(query.taille);
  const pageSize = (PAGE_SIZES as readonly number[]).includes(size) ? size : (spec.defaultPageSize ?? 20);
  const page = Math.max(1, Math.min(1_000_000, Math.floor(Number(query.page)) || 1));
  const filters: Partial<Record<F, string>> = {};
  for (const f of spec.filters ?? []) {
    const v = query[f]?.trim();
    if (v) filters[f] = v.slice(0, 200);
  }
  const format = query.format === 'csv' || query.format === 'xlsx' ? query.format : 'html';
  return { q: (query.q ?? '').trim().slice(0, 200), page, pageSize, sort, dir, filters, format };
}

/** The query string of a list with some parameters changed (page reset when the sort changes). */
export function listHref(basePath: string, q: ListQuery, change: Partial<{ page: number; sort: string; dir: string; format: string }> = {}): string {
  const params = new URLSearchParams();
  if (q.q) params.set('q', q.q);
  for (const [k, v] of Object.entries(q.filters)) if (v) params.set(k, String(v));
  params.set('tri', change.sort ?? q.sort);
  params.set('ordre', change.dir ?? q.dir);
  if (q.pageSize !== 20) params.set('taille', String(q.pageSize));
  const page = change.page ?? (change.sort ? 1 : q.page);
  if (page > 1 && !change.format) params.set('page', String(page));
  if (change.format) params.set('format', change.format);
  return `${basePath}?${params.toString()}`;
}

/** ORDER BY for a list: the chosen column, then a unique tiebreaker so pages never overlap. */
export function orderBy<S extends string>(q: ListQuery<S>, columns: Record<S, AnyPgColumn | SQL>, tiebreaker: AnyPgColumn): SQL[] {
  const dirFn = q.dir === 'desc' ? desc : asc;
  return [dirFn(columns[q.sort]), dirFn(tiebreaker)];
}

/** LIMIT/OFFSET of the page, or of the whole export. */
/** A LIKE pattern matching values that contain `term`: `%` and `_` (and `\`) typed by the user are literal. */
export function containsPattern(term: string): string {
  return `%${term.replace(/[\\%_]/g, '\\$&')}%`;
}

export function pageWindow(q: ListQuery): { limit: number; offset: number } {
  if (q.format !== 'html') return { limit: MAX_EXPORT_ROWS, offset: 0 };
  return { limit: q.pageSize, offset: (q.page - 1) * q.pageSize };
}
