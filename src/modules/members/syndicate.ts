import { and, count, eq, ne } from 'drizzle-orm';
import type { Ctx } from '../../platform/context.ts';
import { toNumber } from '../../platform/db/types.ts';
import type { Organisation } from './members.ts';
import { organisations } from './schema.ts';

/** The syndicate's own organisation (there is one), or null before the first start has created it. */
export async function syndicateOrganisation(ctx: Pick<Ctx, 'db'>): Promise<Organisation | null> {
  const [syndicate] = await ctx.db.select().from(organisations).where(eq(organisations.kind, 'syndicate')).limit(1);
  return syndicate ?? null;
}

/** The syndicate's organisation, created with this name on the first start. No permission check: bootstrap only. */
export async function ensureSyndicateOrganisation(ctx: Pick<Ctx, 'db' | 'clock'>, name: string): Promise<Organisation> {
  const existing = await syndicateOrganisation(ctx);
  if (existing) return existing;
  const now = ctx.clock.now();
  const [created] = await ctx.db.insert(organisations).values({ kind: 'syndicate', name, createdAt: now, updatedAt: now }).returning();
  return created!;
}

/** Number of active member collectivities (the syndicate itself excluded). Public figure. */
export async function countActiveMembers(ctx: Pick<Ctx, 'db'>): Promise<number> {
  const [row] = await ctx.db
    .select({ n: count() })
    .from(organisations)
    .where(and(ne(organisations.kind, 'syndicate'), eq(organisations.status, 'active')));
  return toNumber(row?.n);
}
