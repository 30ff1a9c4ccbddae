/**
 * Requests per second of hot public pages (home, an article, a search), each compared with a bare node:http
 * server answering the same bytes, measured in one run on this machine. The app is the real one, as
 * `npm start` runs it: compiled, production mode, request log written (to a file), embedded database with
 * the demo data, in its own process. The load generator (autocannon) runs in a third process.
 *
 * Each server is warmed up first (not counted: the JIT compiler, the first renders). Then the app and the
 * bare server are measured in alternation, ROUNDS times each: a round's ratio compares two measures taken
 * seconds apart, and the median round is kept, so that a burst of other work on the machine moves one
 * round, not the result. A last row, outside the target, measures a search rendered at every request (a
 * cookie keeps it out of the page cache): what a query nobody asked before costs.
 *
 *   npm run bench:public   (BENCH_ROUNDS=5 BENCH_SECONDS=5 BENCH_CONNECTIONS=10 BENCH_WARMUP_SECONDS=3)
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { DEMO_ARTICLES } from '../src/modules/publications/demo-content.ts';
import { slugify } from '../src/modules/publications/validation.ts';
import { buildApp, startApp } from './lib/app-process.ts';
import { bareServer, measure, type LoadResult } from './lib/load.ts';
import { describeMachine } from './lib/machine.ts';
import { fmtMs, passes, verdict, type Target } from './lib/stats.ts';
import { PUBLIC_PAGE_RATIO } from './lib/targets.ts';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);
const WARMUP = Number(process.env.BENCH_WARMUP_SECONDS ?? 3);
const RESULTS = resolve('bench/results');
const log = (m: string) => process.stderr.write(`${m}\n`);

interface Round {
  app: LoadResult;
  bare: LoadResult;
  ratio: number;
}

interface Row {
  page: string;
  path: string;
  bytes: number;
  /** Counted in the verdict: a page a visitor gets from the page cache. */
  target: boolean;
  rounds: Round[];
  /** The round with the median ratio. */
  median: Round;
}

const load = (url: string, headers: Record<string, string>, seconds: number) => measure({ url, method: 'GET', headers, connections: CONNECTIONS, seconds });

interface Page {
  name: string;
  path: string;
  target: boolean;
  headers: Record<string, string>;
}

async function measurePage(appUrl: string, page: Page): Promise<Row> {
  const probe = await fetch(appUrl + page.path, { headers: { 'accept-encoding': 'identity', ...page.headers } });
  const body = Buffer.from(await probe.arrayBuffer());
  if (probe.status !== 200) throw new Error(`${page.path} : ${probe.status}`);
  log(`${page.name} (${page.path}, ${body.length} octets)…`);
  const bare = await bareServer(200, probe.headers.get('content-type') ?? 'text/html; charset=utf-8', body);
  try {
    if (WARMUP > 0) {
      await load(appUrl + page.path, page.headers, WARMUP);
      await load(bare.url + page.path, page.headers, WARMUP);
    }
    const rounds: Round[] = [];
    for (let i = 0; i < ROUNDS; i++) {
      const app = await load(appUrl + page.path, page.headers, SECONDS);
      const bareResult = await load(bare.url + page.path, page.headers, SECONDS);
      if (app.errors || app.non2xx) throw new Error(`${page.path} : ${app.errors} erreurs, ${app.non2xx} réponses non 2xx pendant la mesure.`);
      rounds.push({ app, bare: bareResult, ratio: app.rps / bareResult.rps });
    }
    const median = [...rounds].sort((a, b) => a.ratio - b.ratio)[Math.floor(rounds.length / 2)]!;
    return { page: page.name, path: page.path, bytes: body.length, target: page.target, rounds, median };
  } finally {
    await bare.close();
  }
}

async function main() {
  const machine = describeMachine();
  const dataDir = mkdtempSync(join(tmpdir(), 'mutualis-bench-'));
  const entry = await buildApp(log);
  log('Démarrage de l’application (production, base embarquée, données de démonstration)…');
  const app = await startApp(entry, { dataDir }, { DEMO: '1' });
  const article = DEMO_ARTICLES.find((a) => a.daysAgo >= 0)!;
  const search = `/veille/recherche?q=${encodeURIComponent('délibérations')}`;
  const pages: Page[] = [
    { name: 'Accueil', path: '/', target: true, headers: {} },
    { name: 'Article', path: `/veille/${slugify(article.title)}`, target: true, headers: {} },
    { name: 'Recherche', path: search, target: true, headers: {} },
    { name: 'Recherche rendue à chaque requête (hors objectif)', path: search, target: false, headers: { cookie: 'mutualis_bench=1' } },
  ];
  const rows: Row[] = [];
  try {
    for (const page of pages) rows.push(await measurePage(app.url, page));
  } finally {
    await app.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }

  const fmt = (n: number) => Math.round(n).toLocaleString('fr-FR');
  const table = [
    '| Page | Octets | App (req/s) | node:http (req/s) | Ratio (médiane) | Ratios des tours | Latence p50 / p99 app (ms) |',
    '| --- | ---: | ---: | ---: | ---: | --- | ---: |',
    ...rows.map(
      (r) =>
        `| ${r.page} \`${r.path}\` | ${r.bytes} | ${fmt(r.median.app.rps)} | ${fmt(r.median.bare.rps)} | ${r.median.ratio.toFixed(2)} | ${r.rounds.map((x) => x.ratio.toFixed(2)).join(' ; ')} | ${fmtMs(r.median.app.latency.p50)} / ${fmtMs(r.median.app.latency.p99)} |`,
    ),
  ].join('\n');
  const goals: Target[] = rows
    .filter((r) => r.target)
    .map((r) => ({ label: `${r.page} : ratio médian à node:http`, value: r.median.ratio, limit: PUBLIC_PAGE_RATIO, kind: 'min', unit: 'ratio' }));
  const verdicts = goals.map((g) => `- ${passes(g) ? '✔' : '✘'} ${g.label} : ${verdict(g)}`).join('\n');
  const md =
    `# Pages publiques : requêtes par seconde\n\n` +
    `Mesuré le ${machine.date} sur ${machine.cores} × ${machine.cpu}, Node ${machine.node}, charge au départ ${machine.loadAtStart} ; ` +
    `${CONNECTIONS} connexions ; ${ROUNDS} tours de ${SECONDS} s en alternance app / node:http après ${WARMUP} s de mise en température ; ` +
    `le ratio retenu est celui du tour médian. Application réelle comme \`npm start\` (compilée, production, journal des requêtes écrit), ` +
    `base embarquée (PGlite), données de démonstration, son propre processus ; autocannon dans un autre ; le serveur node:http répond les mêmes octets.\n\n` +
    `${table}\n\nObjectifs :\n\n${verdicts}\n\n` +
    `Les pages des trois premières lignes sont servies depuis le cache de pages rendues, avant même l’application (raccourci du serveur Node : ` +
    `une page conservée pour la version du contenu relue en base au plus une fois par seconde, et jusqu’à la prochaine publication programmée), ` +
    `avec leur ligne de journal et leurs métriques. La dernière ligne mesure une recherche rendue à chaque requête. ` +
    `Les chiffres absolus varient d’une exécution à l’autre (deux cœurs partagés par l’application, le serveur nu et autocannon) ; les ratios sont mesurés dans la même exécution.\n`;
  mkdirSync(RESULTS, { recursive: true });
  writeFileSync(join(RESULTS, 'public-pages.md'), md);
  writeFileSync(join(RESULTS, 'public-pages.json'), JSON.stringify({ machine, rounds: ROUNDS, seconds: SECONDS, connections: CONNECTIONS, rows }, null, 2) + '\n');
  process.stdout.write(`\n${table}\n\nObjectifs :\n${verdicts}\nRésultats : bench/results/public-pages.md et .json\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
