import { mkdirSync, writeFileSync } from 'node:fs';
import { fmtMs, fmtRatio, verdict, type Target } from './stats.ts';
import type { Machine } from './machine.ts';
import type { HttpRow } from './http-bench.ts';
import type { DbTiming } from './db-timings.ts';
import type { Dataset } from './generate.ts';

export interface BenchReport {
  scale: number;
  machine: Machine & { postgres: string; pglite: string };
  settings: { seconds: number; connections: number; dbRuns: number };
  dataset: Dataset & { generatedNow: boolean };
  http: HttpRow[];
  db: { postgres: DbTiming[]; pglite: { scale: number; dataset: Dataset; timings: DbTiming[] } | null };
  targets: (Target & { passed: boolean })[];
}

const n = (x: number) => Math.round(x).toLocaleString('fr-FR');

function dbTable(title: string, timings: DbTiming[]): string[] {
  return [
    `### ${title}`,
    '',
    '| Requête | Exécutions | p50 (ms) | p95 (ms) | max (ms) |',
    '| --- | ---: | ---: | ---: | ---: |',
    ...timings.map((t) => `| ${t.label} | ${t.ms.count} | ${fmtMs(t.ms.p50)} | ${fmtMs(t.ms.p95)} | ${fmtMs(t.ms.max)} |`),
    '',
  ];
}

/**
 * What the figures themselves say about a missed target: how loaded the machine was, and how much of a
 * request's time the database accounts for (the rest is rendering, and waiting under load).
 */
function notes(r: BenchReport): string[] {
  const out: string[] = [];
  const m = r.machine;
  if (m.loadAtStart > m.cores / 2) {
    out.push(`Machine chargée par d’autres travaux (charge ${m.loadAtStart} pour ${m.cores} cœurs) : les valeurs absolues sont pessimistes ; les ratios à node:http, mesurés dans la même exécution, le sont moins.`);
  }
  const share = (httpKey: string, dbKey: string, what: string) => {
    const h = r.http.find((x) => x.key === httpKey);
    const d = r.db.postgres.find((x) => x.key === dbKey);
    if (!h || !d || h.app.latency.p50 <= 0) return;
    out.push(`${what} : la requête en base prend ${fmtMs(d.ms.p50)} ms (p50, seule) sur ${fmtMs(h.app.latency.p50)} ms de réponse HTTP (p50, ${r.settings.connections} connexions) ; le reste : session, autres requêtes de la page, rendu, et attente sous charge (de la base comme du fil unique de Node).`);
  };
  share('queue', 'queue', 'File des demandes');
  share('queueFiltered', 'queueFiltered', 'File filtrée');
  share('ticketCreate', 'ticketInsert', 'Création de demande (une transaction : contrôles, insertion, historique, journal d’audit, notification)');
  return out;
}

export function markdown(r: BenchReport): string {
  const m = r.machine;
  const rows = Object.entries(r.dataset.rows);
  return [
    `# Banc d’essai, échelle ${r.scale}`,
    '',
    `Mesuré le ${m.date} : ${m.cpu}, ${m.cores} cœurs, ${m.ramGiB} Gio de mémoire, charge moyenne au départ ${m.loadAtStart} ; Node ${m.node}, PostgreSQL ${m.postgres}, PGlite ${m.pglite}.`,
    `HTTP : autocannon dans un processus à part, ${r.settings.connections} connexions, ${r.settings.seconds} s par mesure ; application réelle compilée (tsconfig.build.json, lancée par node comme npm start, NODE_ENV=production, journal des requêtes actif) sur PostgreSQL.`,
    '',
    '## Données',
    '',
    `${n(rows.reduce((s, [, x]) => s + x, 0))} lignes (graine ${r.dataset.seed}) ${r.dataset.generatedNow ? `générées en ${r.dataset.seconds} s, soit ${n(r.dataset.rowsPerSecond)} lignes/s (COPY)` : 'déjà présentes'} : ${rows.map(([t, x]) => `${t} ${n(x)}${r.dataset.tableSeconds?.[t] !== undefined ? ` (${r.dataset.tableSeconds[t]} s)` : ''}`).join(', ')}.`,
    '',
    '## HTTP',
    '',
    '| Mesure | Octets | App (req/s) | p50 / p95 / p99 (ms) | Erreurs / non 2xx | node:http (req/s) | Ratio | RSS max (Mio) |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...r.http.map(
      (h) =>
        `| ${h.label} \`${h.method} ${h.path.length > 60 ? `${h.path.slice(0, 57)}…` : h.path}\` | ${h.bytes} | ${n(h.app.rps)} | ${fmtMs(h.app.latency.p50)} / ${fmtMs(h.app.latency.p95)} / ${fmtMs(h.app.latency.p99)} | ${h.app.errors + h.app.timeouts} / ${h.app.non2xx} | ${n(h.bare.rps)} | ${fmtRatio(h.app.rps, h.bare.rps)} | ${h.rss ? Math.round(h.rss.max) : '—'} |`,
    ),
    '',
    '## Base de données',
    '',
    ...dbTable(`PostgreSQL ${m.postgres}, échelle ${r.scale}`, r.db.postgres),
    ...(r.db.pglite ? dbTable(`PGlite ${m.pglite} (embarquée), échelle ${r.db.pglite.scale}`, r.db.pglite.timings) : ['PGlite non mesurée dans cette exécution.', '']),
    '## Objectifs',
    '',
    '| Objectif | Résultat |',
    '| --- | --- |',
    ...r.targets.map((t) => `| ${t.label} | ${verdict(t)} |`),
    '',
    ...(r.targets.some((t) => !t.passed) ? ['## Lecture', '', ...notes(r).map((line) => `- ${line}`), ''] : []),
  ].join('\n');
}

export function writeReport(r: BenchReport, dir: string): { md: string; json: string } {
  mkdirSync(dir, { recursive: true });
  const base = `${dir}/bench-scale-${r.scale}`;
  writeFileSync(`${base}.json`, JSON.stringify(r, null, 2) + '\n');
  writeFileSync(`${base}.md`, markdown(r));
  return { md: `${base}.md`, json: `${base}.json` };
}
