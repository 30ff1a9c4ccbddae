import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, open, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { create as createTar } from 'tar';
import type { DbHandle } from '../db/open.ts';
import { appliedMigrations, listTables, readSequences, type TableInfo } from './catalog.ts';
import { filesDir, listFiles, scratchDir, snapshotFiles } from './files.ts';
import { appVersion, FORMAT, FORMAT_VERSION, MANIFEST_FILE, sha256File, type Manifest } from './manifest.ts';
import { withSnapshot, type SqlSession } from './session.ts';

export type Progress = (message: string) => void;

const BATCH = 2_000;

/**
 * Writes a backup archive (tar + gzip) of the database and the uploaded files to `out`. The tables, the
 * sequences, the migration level and the list of files are read in one snapshot; files are hard-linked
 * during that snapshot and archived after it, so that the database is held only for the dump itself.
 */
export async function writeBackup(handle: DbHandle, dataDir: string, out: Writable, progress: Progress = () => {}): Promise<Manifest> {
  await mkdir(scratchDir(dataDir), { recursive: true });
  const staging = await mkdtemp(join(scratchDir(dataDir), 'backup-'));
  try {
    const manifest = await dumpInto(handle, dataDir, staging, progress);
    progress('Compression de l’archive…');
    await pipeline(createTar({ gzip: true, cwd: staging, portable: true }, [MANIFEST_FILE, 'data', 'files']), out);
    return manifest;
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}

async function dumpInto(handle: DbHandle, dataDir: string, staging: string, progress: Progress): Promise<Manifest> {
  await mkdir(join(staging, 'data'));
  await mkdir(join(staging, 'files'));
  const started = Date.now();
  const snapshot = await withSnapshot(handle, async (s) => {
    const [version] = await s.query<{ v: string }>(`select current_setting('server_version') as v`);
    const tables: Manifest['tables'] = [];
    for (const table of await listTables(s)) {
      const file = `data/${table.name}.ndjson`;
      const dumped = await dumpTable(s, table, join(staging, file));
      tables.push({ name: table.name, file, ...dumped });
      if (dumped.rows > 0) progress(`  ${table.name} : ${dumped.rows} ligne(s)`);
    }
    const sequences = await readSequences(s);
    const migrations = await appliedMigrations(s);
    const paths = await listFiles(filesDir(dataDir));
    await snapshotFiles(filesDir(dataDir), join(staging, 'files'), paths);
    return { serverVersion: version?.v ?? '', tables, sequences, migrations, paths };
  });
  progress(`Instantané de la base lu en ${Date.now() - started} ms ; ${snapshot.paths.length} fichier(s) joint(s).`);
  const files: Manifest['files'] = [];
  for (const path of snapshot.paths) {
    const { sha256, size } = await sha256File(join(staging, 'files', path));
    files.push({ path, size, sha256 });
  }
  const manifest: Manifest = {
    format: FORMAT,
    version: FORMAT_VERSION,
    createdAt: new Date().toISOString(),
    appVersion: await appVersion(),
    source: { driver: handle.driver, serverVersion: snapshot.serverVersion },
    migrations: snapshot.migrations,
    tables: snapshot.tables,
    sequences: snapshot.sequences,
    files,
  };
  await writeFile(join(staging, MANIFEST_FILE), `${JSON.stringify(manifest, null, 2)}\n`);
  return manifest;
}

/** One `row_to_json` line per row, fetched through a cursor so that a large table never sits in memory. */
async function dumpTable(s: SqlSession, table: TableInfo, path: string): Promise<{ rows: number; sha256: string }> {
  const fh = await open(path, 'wx');
  const hash = createHash('sha256');
  let rows = 0;
  try {
    await s.query(`declare mutualis_dump no scroll cursor for select row_to_json(t)::text as j from ${table.sql} t`);
    for (;;) {
      const batch = await s.query<{ j: string }>(`fetch ${BATCH} from mutualis_dump`);
      if (batch.length === 0) break;
      // Inside a JSON text a line break can only be insignificant whitespace (of a `json` column): one
      // row per line is kept by turning it into a space.
      const chunk = batch.map((r) => `${r.j.replace(/[\r\n]/g, ' ')}\n`).join('');
      hash.update(chunk);
      await fh.write(chunk);
      rows += batch.length;
    }
    await s.query('close mutualis_dump');
  } finally {
    await fh.close();
  }
  return { rows, sha256: hash.digest('hex') };
}
