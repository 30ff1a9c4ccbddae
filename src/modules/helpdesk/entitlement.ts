import type { Ctx } from '../../platform/context.ts';
import { conventionInForce, optionLabels } from '../memberships/index.ts';
import { listDomains } from './settings.ts';
import { frDate } from '../../platform/format.ts';

export interface Entitlement {
  covered: boolean;
  /** Shown on the ticket: why it is (not) covered. Outside the convention it is a warning, never a refusal. */
  message: string;
  conventionNumber: string | null;
}

const OUTSIDE = 'L’intervention reste possible ; signalez-la pour facturation ou adhésion.';
const quoted = (labels: string[]) => labels.map((l) => `« ${l} »`).join(' ou ');

/**
 * Whether the member's IT convention covers a ticket of `domainCode` on `day`. A convention must be in
 * force that day; then a domain whose `coveredBy` is empty is covered by the base maintenance (mandatory in
 * every convention), otherwise the convention must hold, that day, one of the options listed.
 */
export async function entitlementFor(ctx: Pick<Ctx, 'db'>, organisationId: string, day: string, domainCode: string): Promise<Entitlement> {
  const c = await conventionInForce(ctx, organisationId, day);
  if (!c) return { covered: false, message: `Hors convention : cette collectivité n’a pas de convention de maintenance en vigueur. ${OUTSIDE}`, conventionNumber: null };
  const domain = (await listDomains(ctx)).find((d) => d.code === domainCode);
  const required = domain?.coveredBy ?? [];
  const until = `jusqu’au ${frDate(c.termEndsOn)}`;
  if (!required.length) return { covered: true, message: `Couvert par la convention ${c.number} (maintenance de base, ${until}).`, conventionNumber: c.number };
  const held = required.filter((code) => c.optionCodes.includes(code));
  const labels = await optionLabels(ctx, required);
  if (held.length) {
    return { covered: true, message: `Couvert par la convention ${c.number}, option ${quoted([labels.get(held[0]!)!])} (${until}).`, conventionNumber: c.number };
  }
  return {
    covered: false,
    message: `Hors convention : le domaine « ${domain!.label} » relève de l’option ${quoted(required.map((r) => labels.get(r)!))}, que la convention ${c.number} ne comprend pas. ${OUTSIDE}`,
    conventionNumber: c.number,
  };
}
