import type { Config } from '../../config.ts';
import { loadDemo } from '../../demo/index.ts';
import { ensureFirstAdmin } from '../../modules/identity/index.ts';
import { announceAdmin } from '../bootstrap.ts';
import { withDatabase } from '../database.ts';
import { EXIT, type CliIo } from '../io.ts';
import { withStartupLock } from '../startup.ts';

/** `mutualis seed-demo`: loads the demonstration data set once (a second run changes nothing). */
export async function seedDemoCommand(config: Config, io: CliIo): Promise<number> {
  await withDatabase(config, 'seed-demo', { migrate: true }, async ({ ctx }) => {
    // Under the start-up lock, like a server starting with DEMO=1 at the same time.
    const { admin, loaded } = await withStartupLock(config, async () => ({ admin: await ensureFirstAdmin(ctx), loaded: await loadDemo(ctx, (m) => io.err(`${m}\n`)) }));
    announceAdmin(admin, io);
    io.out(loaded ? 'Données de démonstration chargées.\n' : 'Les données de démonstration étaient déjà chargées : rien à faire.\n');
  });
  return EXIT.ok;
}
