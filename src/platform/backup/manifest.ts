import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ROOT_DIR } from '../../paths.ts';
import type { AppliedMigration, SequenceValue } from './catalog.ts';

export const MANIFEST_FILE = 'manifest.json';
export const FORMAT = 'mutualis-backup';
export const FORMAT_VERSION = 1;

/**
 * What a backup archive holds, checked in full before a restore touches anything. Table data are
 * `data/<schema>.<table>.ndjson`: one `row_to_json` line per row, produced and parsed by the database
 * itself so that every type (numeric, bigint, jsonb, arrays, bytea, timestamptz, date) round-trips exactly,
 * and the same archive restores into PGlite or PostgreSQL.
 */
export interface Manifest {
  format: typeof FORMAT;
  version: typeof FORMAT_VERSION;
  createdAt: string;
  appVersion: string;
  source: { driver: 'pglite' | 'pg'; serverVersion: string };
  migrations: AppliedMigration[];
  tables: { name: string; file: string; rows: number; sha256: string }[];
  sequences: SequenceValue[];
  /** Uploaded files, relative to DATA_DIR/files. */
  files: { path: string; size: number; sha256: string }[];
}

export class BackupInvalid extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BackupInvalid';
  }
}

export function sha256File(path: string): Promise<{ sha256: string; size: number; lines: number }> {
  return new Promise((resolve, reject) => {
    const hash = createHash('sha256');
    let size = 0;
    let lines = 0;
    createReadStream(path)
      .on('data', (data: string | Buffer) => {
        const chunk = Buffer.isBuffer(data) ? data : Buffer.from(data);
        hash.update(chunk);
        size += chunk.length;
        for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) lines++;
      })
      .on('error', reject)
      .on('end', () => resolve({ sha256: hash.digest('hex'), size, lines }));
  });
}

export async function appVersion(): Promise<string> {
  const pkg = JSON.parse(await readFile(join(ROOT_DIR, 'package.json'), 'utf8')) as { version: string };
  return pkg.version;
}

/** Reads and checks the manifest's shape; says in French what is wrong. */
export async function readManifest(dir: string): Promise<Manifest> {
  let m: Manifest;
  try {
    m = JSON.parse(await readFile(join(dir, MANIFEST_FILE), 'utf8')) as Manifest;
  } catch {
    throw new BackupInvalid("Ce fichier n'est pas une sauvegarde Mutualis : manifeste absent ou illisible.");
  }
  if (m.format !== FORMAT) throw new BackupInvalid("Ce fichier n'est pas une sauvegarde Mutualis.");
  if (m.version !== FORMAT_VERSION) {
    throw new BackupInvalid(`Format de sauvegarde ${String(m.version)} non pris en charge par cette version (format ${FORMAT_VERSION}).`);
  }
  if (!Array.isArray(m.tables) || !Array.isArray(m.files) || !Array.isArray(m.migrations) || !Array.isArray(m.sequences)) {
    throw new BackupInvalid('Manifeste de sauvegarde incomplet.');
  }
  return m;
}

/** Checks every table file and uploaded file against the manifest (size, row count, SHA-256). */
export async function verifyContents(dir: string, m: Manifest): Promise<void> {
  for (const t of m.tables) {
    if (!/^data\/[^/]+\.ndjson$/.test(t.file)) throw new BackupInvalid(`Nom de fichier inattendu dans la sauvegarde : ${t.file}`);
    const actual = await sha256File(join(dir, t.file)).catch(() => null);
    if (!actual) throw new BackupInvalid(`Données de la table ${t.name} absentes de la sauvegarde.`);
    if (actual.sha256 !== t.sha256 || actual.lines !== t.rows) {
      throw new BackupInvalid(`Données de la table ${t.name} altérées (somme de contrôle ou nombre de lignes différent).`);
    }
  }
  for (const f of m.files) {
    if (f.path.split('/').includes('..') || f.path.startsWith('/')) throw new BackupInvalid(`Chemin de fichier refusé : ${f.path}`);
    const actual = await sha256File(join(dir, 'files', f.path)).catch(() => null);
    if (!actual) throw new BackupInvalid(`Fichier ${f.path} absent de la sauvegarde.`);
    if (actual.sha256 !== f.sha256 || actual.size !== f.size) throw new BackupInvalid(`Fichier ${f.path} altéré (somme de contrôle différente).`);
  }
}
