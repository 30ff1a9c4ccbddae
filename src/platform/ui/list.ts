import { PAGE_SIZES, type ListQuery, type ListSpec } from '../list.ts';

/** A list page's query: the list's and the export format asked for (`all` set for an export). */
export interface HtmlListQuery<S extends string = string, F extends string = string> extends ListQuery<S, F> {
  format: 'html' | 'csv' | 'xlsx';
}

/**
 * Reads a list's parameters from the query string. Unknown sorts, filters and sizes fall back to the
 * defaults rather than failing: these URLs are shared, bookmarked and edited by hand.
 */
export function parseListQuery<S extends string, F extends string>(
  query: Record<string, string | undefined>,
  spec: ListSpec<S, F>,
): HtmlListQuery<S, F> {
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
  return { q: (query.q ?? '').trim().slice(0, 200), page, pageSize, sort, dir, filters, format, all: format !== 'html' };
}

/** The query string of a list with some parameters changed (page reset when the sort changes). */
export function listHref(basePath: string, q: HtmlListQuery, change: Partial<{ page: number; sort: string; dir: string; format: string }> = {}): string {
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

