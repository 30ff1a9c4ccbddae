import { eq } from 'drizzle-orm';
import type { Actor, Ctx } from '../../platform/context.ts';
import { authorize, can, scopeOf } from '../../platform/auth/permissions.ts';
import { NotFound } from '../../platform/errors.ts';
import { tickets } from './schema.ts';

export type Ticket = typeof tickets.$inferSelect;

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
  const [t] = /^[0-9a-f-]{36}$/i.test(id) ? await ctx.db.select().from(tickets).where(eq(tickets.id, id)) : [];
  if (!t || !can(ctx.actor, 'tickets.read', t.organisationId)) throw new NotFound('Demande introuvable.');
  return t;
}

/** Same, for staff actions (assign, status, interventions). */
export async function manageableTicket(ctx: Ctx, id: string): Promise<Ticket> {
  const t = await readableTicket(ctx, id);
  authorize(ctx.actor, 'tickets.manage', t.organisationId);
  return t;
}
