import { createReadStream } from 'node:fs';
import { mkdir, mkdtemp, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { extract } from 'tar';
import type { DbHandle } from '../db/open.ts';
import { appliedMigrations, hasUserTriggers, insertOrder, listColumns, listTables, quoteIdent, type SelfReference, type TableInfo } from './catalog.ts';
import type { Progress } from './dump.ts';
import { filesDir, listFiles, scratchDir } from './files.ts';
import { codeMigrations, isPrefix, migrateToLevel, seededTables } from './levels.ts';
import { BackupInvalid, readManifest, verifyContents, type Manifest } from './manifest.ts';
import { withSnapshot, withWriteTransaction, type SqlSession } from './session.ts';

/** The target is not fit for a restore (not empty, newer schema); nothing was changed. */
export class RestoreRefused extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RestoreRefused';
  }
}

export interface RestoreOptions {
  dataDir: string;
  archive: string;
  /** PostgreSQL only: the migrator needs its own connection. */
  databaseUrl?: string;
  progress?: Progress;
}

const BATCH_ROWS = 1_000;
const BATCH_BYTES = 8 * 1024 * 1024;

/**
 * Restores an archive into an empty instance. The whole archive is unpacked and checked (manifest,
 * checksums, row counts, migration level) before anything is touched; the rows go in with one
 * transaction, and the uploaded files are moved in just before it commits (and moved back if it fails).
 */
export async function restoreBackup(handle: DbHandle, opts: RestoreOptions): Promise<Manifest> {
  const progress = opts.progress ?? (() => {});
  await mkdir(scratchDir(opts.dataDir), { recursive: true });
  const staging = await mkdtemp(join(scratchDir(opts.dataDir), 'restore-'));
  try {
    progress('Vérification de la sauvegarde…');
    const manifest = await unpackAndVerify(opts.archive, staging);
    const seeded = await seededTables();
    const target = await withSnapshot(handle, async (s) => ({ migrations: await appliedMigrations(s), nonEmpty: await nonEmptyTables(s, seeded) }));
    if (!isPrefix(target.migrations, manifest.migrations)) {
      throw new RestoreRefused(
        `La base cible est à un niveau de migration (${target.migrations.length}) différent de celui de la sauvegarde (${manifest.migrations.length}) : restaurez dans une instance neuve.`,
      );
    }
    if (target.nonEmpty.length > 0) {
      throw new RestoreRefused(`La base cible n'est pas vide (tables ${target.nonEmpty.slice(0, 5).join(', ')}…) : restaurez dans une instance neuve.`);
    }
    if ((await listFiles(filesDir(opts.dataDir))).length > 0) {
      throw new RestoreRefused(`Le répertoire ${filesDir(opts.dataDir)} contient déjà des fichiers : restaurez dans un répertoire de données neuf.`);
    }
    if (target.migrations.length < manifest.migrations.length) {
      await migrateToLevel(handle, manifest.migrations.length, scratchDir(opts.dataDir), opts.databaseUrl);
    }
    await load(handle, staging, manifest, { dataDir: opts.dataDir, seeded }, progress);
    return manifest;
  } finally {
    await rm(staging, { recursive: true, force: true, maxRetries: 5 });
  }
}

/** Unpacks into `staging` and checks everything; throws BackupInvalid with the reason. */
export async function unpackAndVerify(archive: string, staging: string): Promise<Manifest> {
  try {
    await extract({ file: archive, cwd: staging, strict: true });
  } catch (err) {
    throw new BackupInvalid(`Archive illisible ou tronquée (${(err as Error).message}).`);
  }
  const manifest = await readManifest(staging);
  await verifyContents(staging, manifest);
  const listed = new Set(manifest.files.map((f) => f.path));
  const extra = (await listFiles(join(staging, 'files'))).filter((p) => !listed.has(p));
  if (extra.length > 0) throw new BackupInvalid(`Fichiers absents du manifeste : ${extra.slice(0, 5).join(', ')}.`);
  if (!isPrefix(manifest.migrations, codeMigrations())) {
    throw new BackupInvalid(
      'Cette sauvegarde vient d’une version plus récente de Mutualis (migrations inconnues de cette version) : mettez Mutualis à jour avant de la restaurer.',
    );
  }
  return manifest;
}

async function nonEmptyTables(s: SqlSession, seeded: Set<string>): Promise<string[]> {
  const names: string[] = [];
  for (const t of await listTables(s)) {
    if (seeded.has(t.name)) continue;
    if ((await s.query(`select 1 from ${t.sql} limit 1`)).length > 0) names.push(t.name);
  }
  return names;
}

async function load(
  handle: DbHandle,
  staging: string,
  manifest: Manifest,
  { dataDir, seeded }: { dataDir: string; seeded: Set<string> },
  progress: Progress,
): Promise<void> {
  let filesMoved = false;
  try {
    await withWriteTransaction(handle, async (s) => {
      const tables = await listTables(s);
      const known = new Map(tables.map((t) => [t.name, t]));
      const missing = manifest.tables.filter((t) => !known.has(t.name)).map((t) => t.name);
      if (missing.length > 0) throw new RestoreRefused(`Tables de la sauvegarde absentes de la base cible : ${missing.join(', ')}.`);
      const { ordered, cyclic, selfReferences } = await insertOrder(s, tables);
      if (cyclic.length > 0) {
        throw new RestoreRefused(`Clés étrangères circulaires non différables (${cyclic.join(', ')}) : ordre d'insertion impossible.`);
      }
      await s.query(`lock table ${tables.map((t) => t.sql).join(', ')} in access exclusive mode`);
      const nonEmpty = await nonEmptyTables(s, seeded);
      if (nonEmpty.length > 0) throw new RestoreRefused(`La base cible n'est plus vide (tables ${nonEmpty.join(', ')}).`);
      await s.query('set constraints all deferred');
      const byName = new Map(manifest.tables.map((t) => [t.name, t]));
      // The reference rows the target's migrations wrote give way to the backup's (children first).
      for (const table of [...ordered].reverse()) {
        if (seeded.has(table.name) && byName.has(table.name)) await s.query(`delete from ${table.sql}`);
      }
      for (const table of ordered) {
        const entry = byName.get(table.name);
        if (!entry) continue;
        const n = await loadTable(s, table, join(staging, entry.file), selfReferences.get(table.name) ?? []);
        if (n !== entry.rows) throw new Error(`${table.name} : ${n} ligne(s) insérée(s) au lieu de ${entry.rows}.`);
        if (n > 0) progress(`  ${table.name} : ${n} ligne(s)`);
      }
      for (const seq of manifest.sequences) {
        if (seq.lastValue === null) continue;
        const [schema, name] = splitName(seq.name);
        await s.query(`select setval($1::regclass, $2::int8, $3)`, [`${quoteIdent(schema)}.${quoteIdent(name)}`, seq.lastValue, seq.isCalled]);
      }
      await mkdir(join(staging, 'files'), { recursive: true });
      await rm(filesDir(dataDir), { recursive: true, force: true }); // holds no file (checked): empty folders at most
      await rename(join(staging, 'files'), filesDir(dataDir));
      filesMoved = true;
    });
  } catch (err) {
    if (filesMoved) await rename(filesDir(dataDir), join(staging, 'files')).catch(() => undefined);
    throw err;
  }
  progress(`  ${manifest.files.length} fichier(s) restauré(s)`);
}

function splitName(name: string): [string, string] {
  const dot = name.indexOf('.');
  return [name.slice(0, dot), name.slice(dot + 1)];
}

/**
 * Inserts the table's lines in batches; the database itself parses each row back from JSON
 * (json_populate_recordset), so values come back with their exact types. Generated columns are
 * recomputed; user triggers are switched off so that they do not rewrite restored values. A table that
 * references itself is staged in a temporary table and moved over parents first.
 */
async function loadTable(s: SqlSession, table: TableInfo, file: string, selfRefs: SelfReference[]): Promise<number> {
  const columns = (await listColumns(s, table)).filter((c) => !c.generated);
  const list = columns.map((c) => quoteIdent(c.name)).join(', ');
  const overriding = columns.some((c) => c.identityAlways) ? 'overriding system value' : '';
  const staged = selfRefs.length > 0;
  if (staged) await s.query(`create temp table mutualis_restore on commit drop as select ${list} from ${table.sql} with no data`);
  const insert = staged
    ? `insert into mutualis_restore (${list}) select ${list} from json_populate_recordset(null::${table.sql}, $1::json)`
    : `insert into ${table.sql} (${list}) ${overriding} select ${list} from json_populate_recordset(null::${table.sql}, $1::json)`;
  const triggers = await hasUserTriggers(s, table);
  if (triggers) await s.query(`alter table ${table.sql} disable trigger user`);
  let batch: string[] = [];
  let bytes = 0;
  const flush = async () => {
    if (batch.length === 0) return;
    await s.query(insert, [`[${batch.join(',')}]`]);
    batch = [];
    bytes = 0;
  };
  const lines = createInterface({ input: createReadStream(file, 'utf8'), crlfDelay: Infinity });
  for await (const line of lines) {
    if (line === '') continue;
    batch.push(line);
    bytes += line.length;
    if (batch.length >= BATCH_ROWS || bytes >= BATCH_BYTES) await flush();
  }
  await flush();
  if (staged) {
    await moveParentsFirst(s, table, list, overriding, selfRefs);
    await s.query('drop table mutualis_restore');
  }
  if (triggers) await s.query(`alter table ${table.sql} enable trigger user`);
  const [row] = await s.query<{ n: string }>(`select count(*)::text as n from ${table.sql}`);
  return Number(row?.n ?? 0);
}

/** Moves the staged rows whose parent is already in place (or who have none), pass after pass. */
async function moveParentsFirst(s: SqlSession, table: TableInfo, list: string, overriding: string, refs: SelfReference[]): Promise<void> {
  const ready = refs
    .map((r) => {
      const q = (c: string) => quoteIdent(c);
      const anyNull = r.columns.map((c) => `m.${q(c)} is null`).join(' or ');
      const itself = r.columns.map((c, i) => `m.${q(c)} = m.${q(r.references[i]!)}`).join(' and ');
      const parent = r.columns.map((c, i) => `p.${q(r.references[i]!)} = m.${q(c)}`).join(' and ');
      return `(${anyNull} or (${itself}) or exists (select 1 from ${table.sql} p where ${parent}))`;
    })
    .join(' and ');
  for (;;) {
    const [left] = await s.query<{ n: string }>(`select count(*)::text as n from mutualis_restore`);
    if (Number(left?.n) === 0) return;
    const moved = await s.query<{ n: string }>(
      `with moved as (delete from mutualis_restore m where ${ready} returning ${list.split(', ').map((c) => `m.${c}`).join(', ')}),
            ins as (insert into ${table.sql} (${list}) ${overriding} select ${list} from moved returning 1)
       select count(*)::text as n from ins`,
    );
    if (Number(moved[0]?.n) === 0) throw new Error(`${table.name} : lignes se référençant en boucle, insertion impossible.`);
  }
}
