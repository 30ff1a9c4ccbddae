import { eq, sql } from 'drizzle-orm';
import { appMeta } from '../../src/platform/db/schema.ts';
import { rowsOf, type DbHandle } from '../../src/platform/db/index.ts';
import { createRng } from './prng.ts';
import { openSink } from './sink.ts';
import { createProgress } from './progress.ts';
import { withIndexesRebuilt } from './indexes.ts';
import { volumes } from './volumes.ts';
import { memberTables } from './data-members.ts';
import { helpdeskTables } from './data-helpdesk.ts';
import { publicationTables } from './data-publications.ts';

const META_KEY = 'bench_dataset';

export interface Dataset {
  scale: number;
  seed: number;
  rows: Record<string, number>;
  /** Seconds spent on each table, its index rebuild included. */
  tableSeconds: Record<string, number>;
  seconds: number;
  rowsPerSecond: number;
}

/** The data set already in the database, if the generator filled it. */
export async function existingDataset(handle: DbHandle): Promise<Dataset | null> {
  const [row] = await handle.db.select().from(appMeta).where(eq(appMeta.key, META_KEY));
  return row ? (row.value as Dataset) : null;
}

/** Fills a migrated, empty database with the data set of a scale. Deterministic for a given seed. */
export async function generate(handle: DbHandle, opts: { scale: number; seed: number; url?: string }): Promise<Dataset> {
  const users = rowsOf<{ n: number }>(await handle.db.execute(sql`select count(*)::int as n from users`))[0]!.n;
  if (users > 0) throw new Error('La base contient déjà des utilisateurs : le générateur remplit une base neuve (migrée, vide).');
  const started = performance.now();
  const rng = createRng(opts.seed);
  const v = volumes(opts.scale);
  const members = await memberTables(rng, v);
  const tables = [...members.tables, ...publicationTables(rng, v), ...helpdeskTables(rng, v, members.world)];
  const progress = createProgress(tables.reduce((s, t) => s + t.rows, 0));
  const sink = await openSink(handle, opts.url);
  const rows: Record<string, number> = {};
  const tableSeconds: Record<string, number> = {};
  try {
    for (const t of tables) {
      progress.label(t.name);
      const start = performance.now();
      rows[t.name] = await withIndexesRebuilt(handle, t.name, () => sink.copy(t.name, t.columns, t.lines(), (n) => progress.add(n)), (name) => progress.label(`index de ${name}`));
      tableSeconds[t.name] = Math.round((performance.now() - start) / 100) / 10;
    }
  } finally {
    await sink.close();
  }
  progress.done();
  // A steady state as autovacuum would leave it: planner statistics, and the visibility map that lets the
  // report's covering indexes answer without reading the table (index-only scans).
  process.stderr.write('Statistiques du planificateur et carte de visibilité (vacuum analyze)…\n');
  await handle.db.execute(sql`vacuum (analyze)`);
  // Everything counts: drawing the rows, COPY, index rebuilds and the final vacuum.
  const seconds = (performance.now() - started) / 1000;
  const total = Object.values(rows).reduce((s, n) => s + n, 0);
  const dataset: Dataset = { scale: opts.scale, seed: opts.seed, rows, tableSeconds, seconds: Math.round(seconds * 10) / 10, rowsPerSecond: Math.round(total / seconds) };
  await handle.db.insert(appMeta).values({ key: META_KEY, value: dataset, updatedAt: new Date() });
  return dataset;
}
