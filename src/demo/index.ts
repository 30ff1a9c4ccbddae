import { eq } from 'drizzle-orm';
import type { Ctx } from '../platform/context.ts';
import { appMeta } from '../platform/db/schema.ts';
import { membersDemoStep } from '../modules/members/index.ts';
import { publicationsDemo } from '../modules/publications/index.ts';
import { demoMemberships } from '../modules/memberships/index.ts';
import { helpdeskDemo } from '../modules/helpdesk/index.ts';
import { reportsDemoStep } from '../modules/reports/index.ts';

/** A step of the demo data set, in dependency order (members before conventions before tickets...). */
export interface DemoStep {
  name: string;
  run(ctx: Ctx, progress: (message: string) => void): Promise<void>;
}

export const demoSteps: DemoStep[] = [membersDemoStep, publicationsDemo, demoMemberships, reportsDemoStep, helpdeskDemo];

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
  await ctx.db.insert(appMeta).values({ key: KEY, value: ctx.clock.now().toISOString() }).onConflictDoNothing();
  return true;
}
