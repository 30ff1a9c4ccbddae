import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Config } from '../../config.ts';
import { restoreBackup } from '../../platform/backup/restore.ts';
import { runMigrations } from '../../platform/db/migrate.ts';
import { withDatabase } from '../database.ts';
import { CliError, EXIT, type CliIo } from '../io.ts';
import { summary } from './backup.ts';

/**
 * `mutualis restore FILE`: into a stopped, empty instance (the DATA_DIR lock proves the first on the
 * embedded database; the restore checks the second). The target may be PGlite or PostgreSQL whatever
 * the source was: this is also the way to move an instance between the two.
 */
export async function restoreCommand(config: Config, io: CliIo, file: string | undefined): Promise<number> {
  if (!file) throw new CliError('Indiquez la sauvegarde à restaurer : mutualis restore FICHIER.tar.gz', EXIT.usage);
  const archive = resolve(file);
  if (!existsSync(archive)) throw new CliError(`Fichier introuvable : ${archive}`);
  const started = Date.now();
  await withDatabase(config, 'restore', { migrate: false }, async ({ handle }) => {
    const manifest = await restoreBackup(handle, {
      dataDir: config.DATA_DIR,
      archive,
      databaseUrl: config.DATABASE_URL,
      progress: (m) => io.err(`${m}\n`),
    });
    // A backup from an earlier version was loaded at its own level; bring it up to this version's.
    await runMigrations(handle, config.DATABASE_URL);
    io.out(`Restauré dans ${config.dbDriver === 'pg' ? 'PostgreSQL' : `la base embarquée (${config.DATA_DIR})`} :\n`);
    io.out(summary(manifest));
    io.out(`Terminé en ${((Date.now() - started) / 1000).toFixed(1)} s.\n`);
  });
  return EXIT.ok;
}
