import { and, desc, eq, gte, isNull, lte, or } from 'drizzle-orm';
import type { Ctx } from '../../platform/context.ts';
import { conventionOptions, conventions } from './schema.ts';

/** The IT convention of a collectivity in force on a day, with the options it holds that day. */
export interface ConventionInForce {
  id: string;
  number: string;
  /** Last day of the current yearly term. */
  termEndsOn: string;
  /** Codes of the tariff options the convention holds on that day. */
  optionCodes: string[];
}

/**
 * The active convention of `organisationId` covering `onDate` (the latest started, if several), and the
 * options it holds that day; null when the collectivity has no convention in force. Read by the helpdesk's
 * entitlement.
 */
export async function conventionInForce(ctx: Pick<Ctx, 'db'>, organisationId: string, onDate: string): Promise<ConventionInForce | null> {
  const [c] = await ctx.db
    .select({ id: conventions.id, number: conventions.number, termEndsOn: conventions.currentTermEndsOn })
    .from(conventions)
    .where(and(eq(conventions.organisationId, organisationId), eq(conventions.status, 'active'), lte(conventions.startsOn, onDate), gte(conventions.currentTermEndsOn, onDate)))
    .orderBy(desc(conventions.startsOn))
    .limit(1);
  if (!c) return null;
  const held = await ctx.db
    .select({ code: conventionOptions.optionCode })
    .from(conventionOptions)
    .where(and(eq(conventionOptions.conventionId, c.id), lte(conventionOptions.startsOn, onDate), or(isNull(conventionOptions.endsOn), gte(conventionOptions.endsOn, onDate))));
  return { ...c, optionCodes: held.map((h) => h.code) };
}
