import { parseArgs } from 'node:util';
import { ConfigError, loadConfig, type Config } from '../config.ts';
import { BackupInvalid } from '../platform/backup/manifest.ts';
import { RestoreRefused } from '../platform/backup/restore.ts';
import { DomainError } from '../platform/errors.ts';
import { backupCommand } from './commands/backup.ts';
import { importCommunesCommand } from './commands/communes.ts';
import { doctorCommand } from './commands/doctor.ts';
import { migrateCommand } from './commands/migrate.ts';
import { restoreCommand } from './commands/restore.ts';
import { seedDemoCommand } from './commands/seed-demo.ts';
import { tokenCreateCommand, userCreateCommand } from './commands/users.ts';
import { CliError, describeError, EXIT, type CliIo } from './io.ts';

export const USAGE = `Usage : mutualis <commande> [options]

  migrate                          applique les migrations en attente
  seed-demo                        charge les données de démonstration
  user create --email E --name N --role R[,R] --org ORG [--password-stdin]
                                   crée un compte (ORG : id, code INSEE, SIREN, nom ou « syndicat »)
  token create --email E --scopes S[,S] [--name N] [--days J]
                                   crée un jeton d'API et l'affiche une seule fois
  backup FICHIER                   sauvegarde base + fichiers (aussi serveur en marche)
  restore FICHIER                  restaure dans une instance arrêtée et vide
  export FICHIER / import FICHIER  mêmes opérations, pour passer de PGlite à PostgreSQL et retour
  doctor                           vérifie configuration, base, migrations, courriel
  import-communes --departement NN ajoute les communes et EPCI officiels d'un département

La configuration est lue dans l'environnement (DATA_DIR, DATABASE_URL, ...), comme pour le serveur.
`;

const OPTIONS = {
  email: { type: 'string' },
  name: { type: 'string' },
  role: { type: 'string' },
  org: { type: 'string' },
  'password-stdin': { type: 'boolean' },
  scopes: { type: 'string' },
  days: { type: 'string' },
  departement: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** Runs one command; returns the process exit code. Never calls process.exit (tests run it in-process). */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
  } catch (err) {
    io.err(`${(err as Error).message}\n\n${USAGE}`);
    return EXIT.usage;
  }
  const { values: v, positionals: [command, ...rest] } = parsed;
  if (!command || v.help || command === 'help') {
    io.out(USAGE);
    return command || v.help ? EXIT.ok : EXIT.usage;
  }
  let config: Config;
  try {
    config = loadConfig(io.env);
  } catch (err) {
    if (err instanceof ConfigError) {
      io.err(`${err.message}\n`);
      return EXIT.config;
    }
    throw err;
  }
  try {
    switch (command) {
      case 'migrate':
        return await migrateCommand(config, io);
      case 'seed-demo':
        return await seedDemoCommand(config, io);
      case 'backup':
      case 'export':
        return await backupCommand(config, io, rest[0]);
      case 'restore':
      case 'import':
        return await restoreCommand(config, io, rest[0]);
      case 'doctor':
        return await doctorCommand(config, io);
      case 'import-communes':
        return await importCommunesCommand(config, io, v.departement);
      case 'user':
        if (rest[0] !== 'create') break;
        return await userCreateCommand(config, io, { email: v.email, name: v.name, role: v.role, org: v.org, passwordStdin: v['password-stdin'] });
      case 'token':
        if (rest[0] !== 'create') break;
        return await tokenCreateCommand(config, io, { email: v.email, scopes: v.scopes, name: v.name, days: v.days });
    }
    io.err(`Commande inconnue : ${[command, ...rest].join(' ')}\n\n${USAGE}`);
    return EXIT.usage;
  } catch (err) {
    if (err instanceof CliError) {
      io.err(`${err.message}\n`);
      return err.exitCode;
    }
    if (err instanceof DomainError || err instanceof BackupInvalid || err instanceof RestoreRefused) {
      io.err(`${describeError(err)}\n`);
      return EXIT.failure;
    }
    io.err(`Échec : ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    return EXIT.failure;
  }
}
