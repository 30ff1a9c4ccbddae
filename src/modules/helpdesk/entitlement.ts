import { and, desc, eq, gte, lte } from 'drizzle-orm';
import type { Ctx } from '../../platform/context.ts';
import { conventions } from '../memberships/index.ts';

export interface Entitlement {
  covered: boolean;
  /** Shown on the ticket: why it is (not) covered. Outside the convention it is a warning, never a refusal. */
  message: string;
  conventionNumber: string | null;
}

/**
 * Whether the member's IT convention covers support on `day`: base maintenance (mandatory in every
 * convention) covers every support domain, so an active convention in force on that day is what matters.
 */
export async function entitlementFor(ctx: Pick<Ctx, 'db'>, organisationId: string, day: string): Promise<Entitlement> {
  const [c] = await ctx.db
    .select({ number: conventions.number, endsOn: conventions.currentTermEndsOn })
    .from(conventions)
    .where(and(eq(conventions.organisationId, organisationId), eq(conventions.status, 'active'), lte(conventions.startsOn, day), gte(conventions.currentTermEndsOn, day)))
    .orderBy(desc(conventions.startsOn))
    .limit(1);
  if (c) return { covered: true, message: `Couvert par la convention ${c.number} (jusqu’au ${c.endsOn.split('-').reverse().join('/')}).`, conventionNumber: c.number };
  return {
    covered: false,
    message: 'Hors convention : cette collectivité n’a pas de convention de maintenance en vigueur. L’intervention reste possible ; signalez-la pour facturation ou adhésion.',
    conventionNumber: null,
  };
}
