import type { Config } from '../../config.ts';
import { systemActor } from '../../modules/identity/index.ts';
import { importCommunes } from '../../modules/members/index.ts';
import { bootstrapInstance } from '../bootstrap.ts';
import { withDatabase } from '../database.ts';
import { CliError, EXIT, type CliIo } from '../io.ts';

/** `mutualis import-communes --departement NN`: the members module's import, as the command-line administrator. */
export async function importCommunesCommand(config: Config, io: CliIo, departement: string | undefined): Promise<number> {
  if (!departement) throw new CliError('Indiquez le département : mutualis import-communes --departement 90', EXIT.usage);
  await withDatabase(config, 'import-communes', { migrate: true }, async ({ ctx }) => {
    await bootstrapInstance(ctx, io);
    const result = await importCommunes({ ...ctx, actor: await systemActor(ctx) }, { departement, progress: (m) => io.err(`${m}\n`) });
    io.out(
      `Département ${result.departement} : ${result.communesCreated} commune(s) et ${result.epcisCreated} EPCI ajoutés, ` +
        `${result.differences} écart(s) avec les données officielles à examiner (${result.total} au total).\n`,
    );
  });
  return EXIT.ok;
}
