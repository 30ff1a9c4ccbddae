/**
 * Requests per second of hot public pages (home, an article, a search), each compared with a bare node:http
 * server answering the same bytes, measured in one run on this machine. The app is the real one: embedded
 * database, demo data, every middleware. The load generator runs in its own process (autocannon's CLI) so
 * that it does not share the servers' event loop.
 *
 * Each server is first warmed up (BENCH_WARMUP_SECONDS, not counted): the first seconds after start measure
 * the JIT compiler and the first renders, not the steady state.
 *
 *   npm run bench:public            (BENCH_SECONDS=10 BENCH_CONNECTIONS=10 BENCH_WARMUP_SECONDS=3 by default)
 */
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { cpus, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import pino from 'pino';
import { loadConfig } from '../src/config.ts';
import { startServer } from '../src/server.ts';
import { DEMO_ARTICLES } from '../src/modules/publications/demo-content.ts';
import { slugify } from '../src/modules/publications/validation.ts';

const run = promisify(execFile);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);
const WARMUP = Number(process.env.BENCH_WARMUP_SECONDS ?? 3);
const AUTOCANNON = resolve('node_modules/.bin/autocannon');
const RESULTS = resolve('bench/results');

interface Measure {
  rps: number;
  p50: number;
  p99: number;
  errors: number;
  non2xx: number;
}

async function measure(url: string): Promise<Measure> {
  if (WARMUP > 0) await run(AUTOCANNON, ['-c', String(CONNECTIONS), '-d', String(WARMUP), '-j', url], { maxBuffer: 64 * 1024 * 1024 });
  const { stdout } = await run(AUTOCANNON, ['-c', String(CONNECTIONS), '-d', String(SECONDS), '-j', url], { maxBuffer: 64 * 1024 * 1024 });
  const r = JSON.parse(stdout) as { requests: { average: number }; latency: { p50: number; p99: number }; errors: number; non2xx: number };
  return { rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, errors: r.errors, non2xx: r.non2xx };
}

/** A bare server answering one fixed response: the ceiling for this machine and this payload. */
function bareServer(body: Buffer, type: string): Promise<{ server: Server; url: string }> {
  const server = createServer((_req, res) => {
    res.writeHead(200, { 'Content-Type': type, 'Content-Length': body.length });
    res.end(body);
  });
  return new Promise((done) => server.listen(0, '127.0.0.1', () => done({ server, url: `http://127.0.0.1:${(server.address() as { port: number }).port}` })));
}

async function main() {
  const dataDir = mkdtempSync(join(tmpdir(), 'mutualis-bench-'));
  const config = loadConfig({ PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, DEMO: '1', LOG_LEVEL: 'silent', ADMIN_PASSWORD: 'bench-admin-password-123' });
  process.stdout.write('Démarrage de l’application (base embarquée, données de démonstration)…\n');
  const running = await startServer(config, pino({ level: 'silent' }));
  const app = `http://127.0.0.1:${running.port}`;
  const article = DEMO_ARTICLES.find((a) => a.daysAgo >= 0)!;
  const targets = [
    { name: 'Accueil', path: '/' },
    { name: 'Article', path: `/veille/${slugify(article.title)}` },
    { name: 'Recherche', path: `/veille/recherche?q=${encodeURIComponent('délibérations')}` },
  ];
  const rows = [];
  try {
    for (const t of targets) {
      const res = await fetch(app + t.path);
      if (res.status !== 200) throw new Error(`${t.path} : ${res.status}`);
      const body = Buffer.from(await res.arrayBuffer());
      const bare = await bareServer(body, res.headers.get('content-type') ?? 'text/html; charset=utf-8');
      try {
        process.stdout.write(`${t.name} (${t.path}, ${body.length} octets)…\n`);
        const appM = await measure(app + t.path);
        const bareM = await measure(bare.url + '/');
        rows.push({ page: t.name, path: t.path, bytes: body.length, app: appM, bare: bareM, ratio: appM.rps / bareM.rps });
      } finally {
        bare.server.close();
      }
    }
  } finally {
    await running.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }

  const when = new Date().toISOString();
  const machine = `${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}, Node ${process.version}`;
  const fmt = (n: number) => Math.round(n).toLocaleString('fr-FR');
  const table = [
    '| Page | Octets | App (req/s) | node:http (req/s) | Ratio | Latence p50 / p99 app (ms) |',
    '| --- | ---: | ---: | ---: | ---: | ---: |',
    ...rows.map((r) => `| ${r.page} \`${r.path}\` | ${r.bytes} | ${fmt(r.app.rps)} | ${fmt(r.bare.rps)} | ${r.ratio.toFixed(2)} | ${r.app.p50} / ${r.app.p99} |`),
  ].join('\n');
  const verdict = rows.every((r) => r.ratio >= 0.5) ? 'Objectif atteint : chaque ratio est au moins 0,5.' : 'Objectif NON atteint : un ratio au moins est sous 0,5.';
  const md = `# Pages publiques : requêtes par seconde\n\nMesuré le ${when} sur ${machine} ; ${CONNECTIONS} connexions, ${SECONDS} s par mesure après ${WARMUP} s de mise en température (autocannon, processus séparé). Application réelle : base embarquée (PGlite), données de démonstration, tous les middlewares ; le serveur node:http répond les mêmes octets.\n\n${table}\n\n${verdict}\n\nLes pages sont servies depuis le cache de pages rendues, placé avant les sessions, le CSRF, les en-têtes de sécurité et la compression (valide pour une version du contenu relue en base au plus une fois par seconde, et jusqu'à la prochaine publication programmée). La machine est partagée : les chiffres absolus varient d'une exécution à l'autre, les ratios sont mesurés dans la même exécution.\n`;
  mkdirSync(RESULTS, { recursive: true });
  writeFileSync(join(RESULTS, 'public-pages.md'), md);
  writeFileSync(join(RESULTS, 'public-pages.json'), JSON.stringify({ when, machine, seconds: SECONDS, connections: CONNECTIONS, rows }, null, 2) + '\n');
  process.stdout.write(`\n${table}\n\n${verdict}\nRésultats : bench/results/public-pages.md et .json\n`);
  if (!rows.every((r) => r.app.errors === 0 && r.app.non2xx === 0)) {
    process.stdout.write('Des requêtes ont échoué pendant la mesure.\n');
    process.exitCode = 1;
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
