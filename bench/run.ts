/**
 * The benchmark: data set of a scale on a throwaway PostgreSQL database, then the real app (production
 * mode, own process) measured with autocannon against a bare node:http server answering the same bytes,
 * the key queries timed on PostgreSQL and on the embedded PGlite (scale 1), the app's memory under load.
 * Writes bench/results/bench-scale-N.{md,json} and prints each target, reached or missed.
 *
 *   npm run bench                          scale 1, under five minutes
 *   npm run bench -- --scale 100           national load (long: generation first)
 *   options: --seconds 8 --connections 10 --runs 30 --database-url URL (keep and reuse that database)
 *            --no-pglite; BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/postgres)
 */
import { resolve } from 'node:path';
import { sql } from 'drizzle-orm';
import { openDatabase, rowsOf, runMigrations } from '../src/platform/db/index.ts';
import { parseArgs, scaleOf } from './lib/args.ts';
import { existingDataset, generate } from './lib/generate.ts';
import { throwawayPg, throwawayPglite, serverVersion } from './lib/databases.ts';
import { busiestMember, dbTimings } from './lib/db-timings.ts';
import { buildApp, startApp, signIn } from './lib/app-process.ts';
import { scenarios } from './lib/scenarios.ts';
import { httpBench } from './lib/http-bench.ts';
import { describeMachine, packageVersion } from './lib/machine.ts';
import { targets } from './lib/targets.ts';
import { writeReport, type BenchReport } from './lib/report.ts';
import { passes, verdict } from './lib/stats.ts';
import { BENCH_PASSWORD, DEFAULT_SEED, technicianEmail } from './lib/volumes.ts';

const log = (m: string) => process.stderr.write(`${m}\n`);

async function main() {
  const args = parseArgs(process.argv.slice(2), ['scale', 'seconds', 'connections', 'runs', 'database-url', 'no-pglite']);
  const scale = scaleOf(args);
  const settings = { seconds: Number(args.seconds ?? 8), connections: Number(args.connections ?? 10), dbRuns: Number(args.runs ?? 30) };
  const machine = describeMachine();
  const adminUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const db = args['database-url']
    ? await (async () => {
        const url = args['database-url']!;
        const handle = await openDatabase({ driver: 'pg', url, poolSize: 4 });
        await runMigrations(handle, url);
        return { url, handle, drop: () => handle.close() };
      })()
    : await throwawayPg(adminUrl, scale);
  try {
    let dataset = await existingDataset(db.handle);
    const generatedNow = !dataset;
    if (dataset && dataset.scale !== scale) throw new Error(`Cette base contient les données de l’échelle ${dataset.scale}, pas ${scale}.`);
    if (!dataset) {
      log(`Génération des données, échelle ${scale}, sur PostgreSQL…`);
      dataset = await generate(db.handle, { scale, seed: DEFAULT_SEED, url: db.url });
    }
    const postgres = await serverVersion(db.handle);
    log('Temps des requêtes clés sur PostgreSQL…');
    const pgTimings = await dbTimings(db.handle, settings.dbRuns);
    const memberId = await busiestMember(db.handle);
    const articleSlug = rowsOf<{ slug: string }>(await db.handle.db.execute(sql`select slug from articles where status = 'published' order by publish_at desc limit 1`))[0]!.slug;

    const main = await buildApp(log);
    log('Démarrage de l’application (production, PostgreSQL)…');
    const app = await startApp(main, { url: db.url });
    let http;
    try {
      const auth = await signIn(app.url, technicianEmail(0), BENCH_PASSWORD);
      http = await httpBench(app, scenarios({ articleSlug, memberId }), auth, { ...settings, log });
    } catch (err) {
      log(`Erreurs de l’application :\n${app.errors()}`);
      throw err;
    } finally {
      await app.stop();
    }

    let pglite: BenchReport['db']['pglite'] = null;
    if (!args['no-pglite']) {
      log('Base embarquée (PGlite), échelle 1 : génération et temps des requêtes clés…');
      const lite = await throwawayPglite();
      try {
        const liteData = await generate(lite.handle, { scale: 1, seed: DEFAULT_SEED });
        pglite = { scale: 1, dataset: liteData, timings: await dbTimings(lite.handle, settings.dbRuns) };
      } finally {
        await lite.drop();
      }
    }

    const list = targets(http, pgTimings).map((t) => ({ ...t, passed: passes(t) }));
    const report: BenchReport = {
      scale,
      machine: { ...machine, postgres, pglite: packageVersion('@electric-sql/pglite') },
      settings,
      dataset: { ...dataset, generatedNow },
      http,
      db: { postgres: pgTimings, pglite },
      targets: list,
    };
    const files = writeReport(report, resolve('bench/results'));
    process.stdout.write(`\nObjectifs (échelle ${scale}) :\n`);
    for (const t of list) process.stdout.write(`  ${t.passed ? '✔' : '✘'} ${t.label} : ${verdict(t)}\n`);
    process.stdout.write(`\nRésultats : ${files.md}, ${files.json}\n`);
  } finally {
    await db.drop();
  }
}

main().catch((err) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exitCode = 1;
});
