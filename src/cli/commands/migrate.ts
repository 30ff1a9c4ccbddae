import type { Config } from '../../config.ts';
import { appliedMigrations } from '../../platform/backup/catalog.ts';
import { withSnapshot } from '../../platform/backup/session.ts';
import { runMigrations } from '../../platform/db/migrate.ts';
import { withDatabase } from '../database.ts';
import { EXIT, type CliIo } from '../io.ts';

/** `mutualis migrate`: applies the pending migrations (the server also does it at start-up). */
export async function migrateCommand(config: Config, io: CliIo): Promise<number> {
  await withDatabase(config, 'migrate', { migrate: false }, async ({ handle }) => {
    const before = (await withSnapshot(handle, appliedMigrations)).length;
    io.err('Application des migrations…\n');
    await runMigrations(handle, config.DATABASE_URL);
    const after = (await withSnapshot(handle, appliedMigrations)).length;
    io.out(after === before ? `Base à jour (${after} migrations).\n` : `${after - before} migration(s) appliquée(s) ; ${after} au total.\n`);
  });
  return EXIT.ok;
}
