import type { Child } from 'hono/jsx';
import type { ExportColumn } from './export.ts';
import { listHref, type HtmlListQuery as ListQuery } from './list.ts';

export interface TableColumn<R> extends ExportColumn<R> {
  /** The sort key understood by the list's ListSpec, when the column is sortable. */
  sort?: string;
  numeric?: boolean;
  /** HTML of the cell; defaults to the export value. */
  render?: (row: R) => Child;
}

export interface DataTableProps<R> {
  caption: string;
  columns: TableColumn<R>[];
  rows: R[];
  /** Total rows matching the filters (null when too costly to count: then "page suivante" only). */
  total: number | null;
  query: ListQuery;
  basePath: string;
  exportable?: boolean;
  emptyMessage?: string;
  /** Whether a next page exists, when total is null. */
  hasMore?: boolean;
}

const nf = new Intl.NumberFormat('fr-FR');

function display(v: unknown): Child {
  if (v === null || v === undefined || v === '') return '—';
  if (v instanceof Date) return v.toLocaleDateString('fr-FR', { timeZone: 'Europe/Paris' });
  if (typeof v === 'number') return nf.format(v);
  if (typeof v === 'boolean') return v ? 'Oui' : 'Non';
  return String(v);
}

/** A server-side list: sortable headers, pagination, empty state, CSV and XLSX export links. */
export function DataTable<R>(p: DataTableProps<R>) {
  const { query: q } = p;
  const pages = p.total === null ? null : Math.max(1, Math.ceil(p.total / q.pageSize));
  return (
    <div class="data-table">
      <div class="actions">
        <p role="status">
          {p.total === null ? `Page ${q.page}` : `${nf.format(p.total)} résultat${p.total > 1 ? 's' : ''}`}
          {pages !== null && pages > 1 ? ` — page ${q.page} sur ${nf.format(pages)}` : ''}
        </p>
        {p.exportable !== false && p.rows.length > 0 ? (
          <p>
            Exporter : <a href={listHref(p.basePath, q, { format: 'csv' })}>CSV</a>{' '}
            <a href={listHref(p.basePath, q, { format: 'xlsx' })}>Excel (XLSX)</a>
          </p>
        ) : null}
      </div>
      {p.rows.length === 0 ? (
        <p class="empty">{p.emptyMessage ?? 'Aucun résultat ne correspond à ces critères.'}</p>
      ) : (
        <div class="table-wrap">
          <table>
            <caption>{p.caption}</caption>
            <thead>
              <tr>
                {p.columns.map((c) => {
                  const active = c.sort !== undefined && c.sort === q.sort;
                  const nextDir = active && q.dir === 'asc' ? 'desc' : 'asc';
                  return (
                    <th scope="col" class={c.numeric ? 'num' : undefined} aria-sort={active ? (q.dir === 'asc' ? 'ascending' : 'descending') : undefined}>
                      {c.sort ? (
                        <a href={listHref(p.basePath, q, { sort: c.sort, dir: nextDir })}>
                          {c.label}
                          <span class="visually-hidden">
                            {active ? (q.dir === 'asc' ? ' (tri croissant)' : ' (tri décroissant)') : ' (trier)'}
                          </span>
                          {active ? (q.dir === 'asc' ? ' ▲' : ' ▼') : ''}
                        </a>
                      ) : (
                        c.label
                      )}
                    </th>
                  );
                })}
              </tr>
            </thead>
            <tbody>
              {p.rows.map((r) => (
                <tr>
                  {p.columns.map((c) => (
                    <td class={c.numeric ? 'num' : undefined}>{c.render ? c.render(r) : display(c.value(r))}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pagination basePath={p.basePath} query={q} pages={pages} hasMore={p.hasMore ?? (pages !== null && q.page < pages)} />
    </div>
  );
}

function Pagination(p: { basePath: string; query: ListQuery; pages: number | null; hasMore: boolean }) {
  const { page } = p.query;
  if (page === 1 && !p.hasMore) return null;
  const around = p.pages === null ? [] : [1, page - 1, page, page + 1, p.pages].filter((n, i, all) => n >= 1 && n <= p.pages! && all.indexOf(n) === i).sort((a, b) => a - b);
  return (
    <nav class="pagination" aria-label="Pagination">
      <ul>
        {page > 1 ? (
          <li>
            <a href={listHref(p.basePath, p.query, { page: page - 1 })}>Page précédente</a>
          </li>
        ) : null}
        {around.map((n) =>
          n === page ? (
            <li>
              <span aria-current="page">{n}</span>
            </li>
          ) : (
            <li>
              <a href={listHref(p.basePath, p.query, { page: n })} aria-label={`Page ${n}`}>
                {n}
              </a>
            </li>
          ),
        )}
        {p.hasMore ? (
          <li>
            <a href={listHref(p.basePath, p.query, { page: page + 1 })}>Page suivante</a>
          </li>
        ) : null}
      </ul>
    </nav>
  );
}
