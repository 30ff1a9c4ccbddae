import { eq } from 'drizzle-orm';
import type { Ctx } from '../platform/context.ts';
import { appMeta } from '../platform/db/schema.ts';
import type { DemoStep } from '../platform/module.ts';
import { modules } from '../modules/index.ts';

/** Each module's demo step from its manifest, in dependency order (members before conventions before tickets...). */
export const demoSteps: DemoStep[] = modules.flatMap((m) => (m.demo ? [m.demo] : [])).sort((a, b) => a.order - b.order);

const KEY = 'demo_loaded_at';

export async function isDemoLoaded(ctx: Pick<Ctx, 'db'>): Promise<boolean> {
  const rows = await ctx.db.select().from(appMeta).where(eq(appMeta.key, KEY));
  return rows.length > 0;
}

/** Loads the demo data set once; a second call does nothing. */
export async function loadDemo(ctx: Ctx, progress: (message: string) => void = () => {}): Promise<boolean> {
  if (await isDemoLoaded(ctx)) return false;
  for (const step of demoSteps) {
    progress(`Données de démonstration : ${step.name}…`);
    await step.run(ctx, progress);
  }
  await ctx.db.insert(appMeta).values({ key: KEY, value: ctx.clock.now().toISOString(), updatedAt: ctx.clock.now() }).onConflictDoNothing();
  return true;
}
