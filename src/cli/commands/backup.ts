import { createWriteStream, existsSync } from 'node:fs';
import { mkdir, mkdtemp, rename, rm, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Config } from '../../config.ts';
import { writeBackup } from '../../platform/backup/dump.ts';
import { scratchDir } from '../../platform/backup/files.ts';
import type { Manifest } from '../../platform/backup/manifest.ts';
import { unpackAndVerify } from '../../platform/backup/restore.ts';
import { downloadBackup } from '../../platform/control/client.ts';
import { currentHolder, describeHolder } from '../../platform/db/lock.ts';
import { withDatabase } from '../database.ts';
import { CliError, EXIT, type CliIo } from '../io.ts';

/**
 * `mutualis backup FILE`. Beside a running server on the embedded database, the server itself produces
 * the archive through its control socket (it is the only process allowed to open the database); otherwise
 * the command reads the database directly. The archive is written aside, checked in full, then renamed.
 */
export async function backupCommand(config: Config, io: CliIo, file: string | undefined): Promise<number> {
  if (!file) throw new CliError('Indiquez le fichier de sauvegarde : mutualis backup FICHIER.tar.gz', EXIT.usage);
  const dest = resolve(file);
  if (existsSync(dest)) throw new CliError(`Le fichier ${dest} existe déjà : choisissez un autre nom.`);
  const partial = `${dest}.partial-${process.pid}`;
  const started = Date.now();
  try {
    const holder = config.dbDriver === 'pglite' ? currentHolder(config.DATA_DIR) : null;
    if (holder) {
      if (holder.holder !== 'server' || !holder.socket) throw new CliError(describeHolder(config.DATA_DIR, holder), EXIT.locked);
      io.err(`Serveur en marche (pid ${holder.pid}, port ${holder.port}) : sauvegarde en ligne demandée au serveur…\n`);
      await downloadBackup(holder.socket, partial);
    } else {
      io.err('Lecture de la base…\n');
      await withDatabase(config, 'backup', { migrate: false }, ({ handle }) =>
        writeBackup(handle, config.DATA_DIR, createWriteStream(partial, { flags: 'wx', mode: 0o600 }), (m) => io.err(`${m}\n`)),
      );
    }
    io.err('Vérification de l’archive…\n');
    const manifest = await verify(config.DATA_DIR, partial);
    await rename(partial, dest);
    const size = (await stat(dest)).size;
    io.out(summary(manifest));
    io.out(`Sauvegarde écrite : ${dest} (${(size / 1024 / 1024).toFixed(1)} Mo, ${((Date.now() - started) / 1000).toFixed(1)} s)\n`);
    return EXIT.ok;
  } finally {
    await rm(partial, { force: true });
  }
}

async function verify(dataDir: string, archive: string): Promise<Manifest> {
  await mkdir(scratchDir(dataDir), { recursive: true });
  const dir = await mkdtemp(join(scratchDir(dataDir), 'verify-'));
  try {
    return await unpackAndVerify(archive, dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

export function summary(m: Manifest): string {
  const filled = m.tables.filter((t) => t.rows > 0);
  const width = Math.max(...filled.map((t) => t.name.length), 10);
  const lines = filled.map((t) => `  ${t.name.padEnd(width)}  ${String(t.rows).padStart(9)}\n`);
  const rows = m.tables.reduce((n, t) => n + t.rows, 0);
  const empty = m.tables.length - filled.length;
  return (
    lines.join('') +
    (empty > 0 ? `  (${empty} autre(s) table(s) vide(s))\n` : '') +
    `  ${'total'.padEnd(width)}  ${String(rows).padStart(9)} ligne(s), ${m.files.length} fichier(s), ${m.migrations.length} migration(s)\n`
  );
}
