/**
 * Fills a database with the benchmark data set of a scale (see bench/lib/volumes.ts), deterministically.
 *
 *   npm run bench:data -- --scale 1 --database-url postgres://…     (PostgreSQL: COPY FROM STDIN)
 *   npm run bench:data -- --scale 1 --data-dir ./bench-data          (embedded PGlite: COPY from blobs)
 *   options: --seed N (default 20190101)
 *
 * The database is migrated first and must hold no user yet. Progress goes to stderr.
 */
import { acquireDataDirLock } from '../src/platform/db/lock.ts';
import { openDatabase, runMigrations } from '../src/platform/db/index.ts';
import { parseArgs, scaleOf } from './lib/args.ts';
import { generate } from './lib/generate.ts';
import { DEFAULT_SEED } from './lib/volumes.ts';

async function main() {
  const args = parseArgs(process.argv.slice(2), ['scale', 'database-url', 'data-dir', 'seed']);
  const scale = scaleOf(args);
  const seed = Number(args.seed ?? DEFAULT_SEED);
  const url = args['database-url'];
  const dataDir = args['data-dir'];
  if (Boolean(url) === Boolean(dataDir)) throw new Error('Indiquez --database-url URL (PostgreSQL) ou --data-dir RÉPERTOIRE (base embarquée), l’un ou l’autre.');
  // The embedded database takes the same lock as the server: never two processes on one directory.
  const lock = dataDir ? acquireDataDirLock(dataDir, { holder: 'bench:data' }) : null;
  try {
    const handle = url ? await openDatabase({ driver: 'pg', url, poolSize: 2 }) : await openDatabase({ driver: 'pglite', dataDir: dataDir! });
    try {
      await runMigrations(handle, url);
      const d = await generate(handle, { scale, seed, url });
      const total = Object.values(d.rows).reduce((s, n) => s + n, 0);
      process.stdout.write(`Échelle ${scale} : ${total.toLocaleString('fr-FR')} lignes en ${d.seconds} s (${d.rowsPerSecond.toLocaleString('fr-FR')} lignes/s)\n`);
      for (const [table, n] of Object.entries(d.rows)) {
        process.stdout.write(`  ${table.padEnd(24)} ${n.toLocaleString('fr-FR').padStart(12)} lignes ${String(d.tableSeconds[table]).padStart(8)} s\n`);
      }
    } finally {
      await handle.close();
    }
  } finally {
    lock?.release();
  }
}

main().catch((err) => {
  process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 1;
});
