import type { Target } from './stats.ts';
import type { HttpRow } from './http-bench.ts';
import type { DbTiming } from './db-timings.ts';

/**
 * The targets (meant for scale 100 on PostgreSQL on an idle machine), read from a run's figures:
 * queue p95 under load < 50 ms; yearly report < 500 ms (one report, computed alone); ticket creation
 * ≥ 1,000/s with no error; public pages ≥ 0.5 of bare node:http; app RSS < 300 MB under load; no error at all.
 */
/** Public pages: at least this share of a bare node:http server's requests per second. */
export const PUBLIC_PAGE_RATIO = 0.5;

export function targets(http: HttpRow[], pg: DbTiming[]): Target[] {
  const row = (key: string) => http.find((r) => r.key === key)!;
  const report = pg.find((t) => t.key === 'yearlyReport')!;
  const create = row('ticketCreate');
  const maxRss = Math.max(0, ...http.map((r) => r.rss?.max ?? 0));
  const failures = http.reduce((s, r) => s + r.app.errors + r.app.timeouts + r.app.non2xx, 0);
  const list: Target[] = [
    { label: 'File des demandes, 1re page : p95 HTTP', value: row('queue').app.latency.p95, limit: 50, kind: 'max', unit: 'ms' },
    { label: 'File filtrée : p95 HTTP', value: row('queueFiltered').app.latency.p95, limit: 50, kind: 'max', unit: 'ms' },
    { label: 'Rapport annuel : computeActivity seul, p95', value: report.ms.p95, limit: 500, kind: 'max', unit: 'ms' },
    { label: 'Création de demandes par l’API', value: create.app.errors + create.app.non2xx > 0 ? 0 : create.app.rps, limit: 1000, kind: 'min', unit: 'req/s' },
  ];
  for (const r of http.filter((h) => h.public)) {
    list.push({ label: `${r.label} : ratio à node:http`, value: r.bare.rps > 0 ? r.app.rps / r.bare.rps : 0, limit: PUBLIC_PAGE_RATIO, kind: 'min', unit: 'ratio' });
  }
  list.push({ label: 'Mémoire résidente de l’application en charge (max)', value: maxRss, limit: 300, kind: 'max', unit: 'Mio' });
  list.push({ label: 'Erreurs, dépassements de délai et réponses non 2xx (toutes mesures)', value: failures, limit: 1, kind: 'max', unit: '' });
  return list;
}
