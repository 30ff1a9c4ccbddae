import { and, asc, desc, eq, ne } from 'drizzle-orm';
import { z } from 'zod';
import type { Ctx } from '../../platform/context.ts';
import { authorize } from '../../platform/auth/permissions.ts';
import { inTransaction } from '../../platform/db/index.ts';
import { Invalid } from '../../platform/errors.ts';
import { findMembersByPhone, organisations, searchMembers } from '../members/index.ts';
import type { Ticket } from './access.ts';
import { addIntervention, type Intervention } from './interventions.ts';
import { tickets } from './schema.ts';
import { applyStatus, createTicket } from './tickets.ts';

export interface MemberHit {
  id: string;
  name: string;
  inseeCode: string | null;
  /** Who called from this number, when found by phone. */
  contactName?: string | null;
  contactId?: string | null;
}

/** National digits of a French phone number (« +33 3 84 … » → « 0384… »), or null. */
export function phoneDigits(value: string): string | null {
  let v = value.replace(/[^\d+]/g, '');
  if (v.startsWith('+33')) v = `0${v.slice(3)}`;
  else if (v.startsWith('0033')) v = `0${v.slice(4)}`;
  return /^0\d{9}$/.test(v) ? v : null;
}

/** Members matching a few letters of their name or the start of their INSEE code (members registry search). */
export async function findMembers(ctx: Ctx, q: string, limit = 10): Promise<MemberHit[]> {
  authorize(ctx.actor, 'tickets.manage');
  if (q.trim().length < 2) return [];
  const hits = await searchMembers(ctx, { q: q.trim().slice(0, 80), limit });
  return hits.filter((h) => h.kind !== 'syndicate').map((h) => ({ id: h.id, name: h.name, inseeCode: h.inseeCode }));
}

/** Every member for the form's datalist: a few letters in the field suggest them, no script needed. */
export async function memberChoices(ctx: Ctx) {
  authorize(ctx.actor, 'tickets.manage');
  return ctx.db
    .select({ id: organisations.id, name: organisations.name, inseeCode: organisations.inseeCode })
    .from(organisations)
    .where(and(ne(organisations.kind, 'syndicate'), ne(organisations.status, 'left')))
    .orderBy(asc(organisations.name))
    .limit(2000);
}

/** Members whose contacts have this phone number; else the member of the last ticket from that number. */
export async function findCallers(ctx: Ctx, phone: string): Promise<MemberHit[]> {
  authorize(ctx.actor, 'tickets.manage');
  const matches = await findMembersByPhone(ctx, phone);
  if (matches.length) return matches.map((m) => ({ id: m.organisationId, name: m.organisationName, inseeCode: m.inseeCode, contactName: m.contactName, contactId: m.contactId }));
  const digits = phoneDigits(phone);
  if (!digits) return [];
  return ctx.db
    .select({ id: organisations.id, name: organisations.name, inseeCode: organisations.inseeCode, contactName: tickets.requesterName })
    .from(tickets)
    .innerJoin(organisations, eq(organisations.id, tickets.organisationId))
    .where(eq(tickets.requesterPhone, digits))
    .orderBy(desc(tickets.createdAt))
    .limit(1);
}

export const callSchema = z.object({
  organisationId: z.uuid({ message: 'Choisissez la collectivité.' }),
  channel: z.enum(['phone', 'remote'], { message: 'Téléphone ou télémaintenance.' }),
  callerName: z.string().trim().max(200).optional(),
  callerPhone: z.string().trim().max(40).optional(),
  contactId: z.uuid().nullish(),
  domain: z.string().min(1, 'Choisissez un domaine.'),
  title: z.string().trim().min(3, 'Objet de 3 caractères au moins.').max(200),
  summary: z.string().trim().max(10_000).default(''),
  durationMinutes: z.coerce.number({ message: 'Durée en minutes.' }).int('Durée en minutes entières.').min(1, 'Une minute au moins.').max(600, '600 minutes au plus.'),
  resolved: z.boolean().default(true),
  priority: z.enum(['low', 'normal', 'high', 'urgent']).default('normal'),
});
export type CallInput = z.input<typeof callSchema>;

/**
 * The one-step "appel / télémaintenance" form: the ticket and its intervention in one transaction,
 * resolved at once when the call solved the problem (most calls do).
 */
export async function logCall(ctx: Ctx, input: CallInput): Promise<{ ticket: Ticket; intervention: Intervention }> {
  authorize(ctx.actor, 'tickets.manage');
  const parsed = callSchema.safeParse(input);
  if (!parsed.success) throw new Invalid('L’appel n’a pas pu être enregistré.', Object.fromEntries(parsed.error.issues.map((i) => [String(i.path[0]), i.message])));
  const v = parsed.data;
  return inTransaction(ctx, async (tx) => {
    let ticket = await createTicket(tx, {
      organisationId: v.organisationId,
      domain: v.domain,
      title: v.title,
      description: v.summary,
      priority: v.priority,
      requesterName: v.callerName || null,
      requesterContactId: v.contactId ?? null,
      requesterPhone: v.callerPhone ? (phoneDigits(v.callerPhone) ?? v.callerPhone) : null,
      assigneeId: tx.actor!.userId,
      channel: v.channel,
      source: 'call',
    });
    const intervention = await addIntervention(tx, ticket.id, { channel: v.channel, durationMinutes: v.durationMinutes, summary: v.summary });
    [ticket] = (await tx.db.select().from(tickets).where(eq(tickets.id, ticket.id))) as [Ticket];
    if (v.resolved) ticket = await applyStatus(tx, ticket, 'resolved');
    return { ticket, intervention };
  });
}
