import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import type { Actor, Ctx } from '../../platform/context.ts';
import { authorize, can, scopeOf } from '../../platform/auth/permissions.ts';
import { Invalid, NotFound } from '../../platform/errors.ts';
import { organisations } from '../members/index.ts';
import { tickets } from './schema.ts';

export type Ticket = typeof tickets.$inferSelect;

/** Whether a text is a UUID (an id from a URL or a form, checked before it reaches a query). */
export const isUuid = (value: string): boolean => z.uuid().safeParse(value).success;

/** Staff who handle tickets: they see internal notes and every member's tickets. */
export function isHelpdeskStaff(actor: Actor | null): boolean {
  return scopeOf(actor, 'tickets.manage') !== null;
}

/** `T-000123`, the reference quoted in mail subjects and on the phone. */
export function ticketRef(n: number): string {
  return `T-${String(n).padStart(6, '0')}`;
}

/** Parses « T-123 », « #T-000123 » or « 123 » into a ticket number. */
export function parseTicketRef(s: string): number | null {
  const m = /^#?(?:T-?)?0*(\d{1,12})$/i.exec(s.trim());
  return m ? Number(m[1]) : null;
}

/**
 * Loads a ticket the actor may read. Another member's ticket answers NotFound (not Forbidden): its very
 * existence is not disclosed.
 */
export async function readableTicket(ctx: Ctx, id: string): Promise<Ticket> {
  authorize(ctx.actor, 'tickets.read');
  const [t] = isUuid(id) ? await ctx.db.select().from(tickets).where(eq(tickets.id, id)) : [];
  if (!t || !can(ctx.actor, 'tickets.read', t.organisationId)) throw new NotFound('Demande introuvable.');
  return t;
}

/** Same, for staff actions (assign, status, interventions). */
export async function manageableTicket(ctx: Ctx, id: string): Promise<Ticket> {
  const t = await readableTicket(ctx, id);
  authorize(ctx.actor, 'tickets.manage', t.organisationId);
  return t;
}

/**
 * Checks the collectivity a record is for (a member, not the syndicate) and, when given, that the ticket it
 * follows is one of that collectivity's: an unknown reference is a form error, not a failed write.
 */
export async function checkMemberRefs(ctx: Pick<Ctx, 'db'>, organisationId: string, ticketId?: string | null): Promise<void> {
  const [org] = await ctx.db.select({ kind: organisations.kind }).from(organisations).where(eq(organisations.id, organisationId));
  if (!org || org.kind === 'syndicate') throw new Invalid('Collectivité inconnue.', { organisationId: 'Choisissez une collectivité membre.' });
  if (!ticketId) return;
  const [t] = await ctx.db.select({ id: tickets.id }).from(tickets).where(and(eq(tickets.id, ticketId), eq(tickets.organisationId, organisationId)));
  if (!t) throw new Invalid('Demande inconnue.', { ticketId: 'Cette demande n’est pas une demande de la collectivité.' });
}
