import type { Config } from '../../config.ts';
import { loadDemo } from '../../demo/index.ts';
import { bootstrapInstance } from '../bootstrap.ts';
import { withDatabase } from '../database.ts';
import { EXIT, type CliIo } from '../io.ts';

/** `mutualis seed-demo`: loads the demonstration data set once (a second run changes nothing). */
export async function seedDemoCommand(config: Config, io: CliIo): Promise<number> {
  await withDatabase(config, 'seed-demo', { migrate: true }, async ({ ctx }) => {
    await bootstrapInstance(ctx, io);
    const loaded = await loadDemo(ctx, (m) => io.err(`${m}\n`));
    io.out(loaded ? 'Données de démonstration chargées.\n' : 'Les données de démonstration étaient déjà chargées : rien à faire.\n');
  });
  return EXIT.ok;
}
