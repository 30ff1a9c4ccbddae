import { asc, inArray, sql } from 'drizzle-orm';
import type { Ctx } from '../../platform/context.ts';
import { organisations } from './schema.ts';

/** The names of these organisations, by id (an unknown id is simply absent). No permission check: names only. */
export async function organisationNames(ctx: Pick<Ctx, 'db'>, ids: readonly string[]): Promise<Map<string, string>> {
  const wanted = [...new Set(ids)];
  if (wanted.length === 0) return new Map();
  const rows = await ctx.db.select({ id: organisations.id, name: organisations.name }).from(organisations).where(inArray(organisations.id, wanted));
  return new Map(rows.map((r) => [r.id, r.name]));
}

/** Every organisation as a choice of a filter (id and name), in alphabetical order, accents ignored. */
export async function organisationChoices(ctx: Pick<Ctx, 'db'>): Promise<{ id: string; name: string }[]> {
  return ctx.db
    .select({ id: organisations.id, name: organisations.name })
    .from(organisations)
    .orderBy(asc(sql`f_unaccent(lower(${organisations.name}))`));
}
