import { and, asc, eq } from 'drizzle-orm';
import type { Ctx } from '../../platform/context.ts';
import { audit } from '../../platform/audit/index.ts';
import { inTransaction } from '../../platform/db/index.ts';
import { Forbidden, Invalid } from '../../platform/errors.ts';
import { isHelpdeskStaff, readableTicket, type Ticket } from './access.ts';
import { shownToMembers } from './attachments.ts';
import { recordEvent } from './events.ts';
import { notify } from './notifications.ts';
import { interventions, ticketAttachments, ticketComments, ticketEvents, tickets } from './schema.ts';
import { applyStatus } from './tickets.ts';

export type Comment = typeof ticketComments.$inferSelect;

export interface CommentInput {
  body: string;
  internal?: boolean;
  via?: 'web' | 'email' | 'api';
  /** Name shown when the author has no account (inbound mail). */
  authorName?: string;
}

/**
 * Adds a reply. Only staff may write internal notes. A staff public reply is the first response for the
 * SLA; a member's reply while the ticket waits for them, or after resolution, puts it back in progress.
 */
export async function addComment(ctx: Ctx, ticketId: string, input: CommentInput): Promise<Comment> {
  const body = (input.body ?? '').trim();
  if (body.length === 0) throw new Invalid('Le message est vide.', { body: 'Écrivez un message.' });
  if (body.length > 50_000) throw new Invalid('Message trop long.', { body: '50 000 caractères au plus.' });
  return inTransaction(ctx, async (tx) => {
    const t = await readableTicket(tx, ticketId);
    const staff = isHelpdeskStaff(tx.actor);
    if (input.internal && !staff) throw new Forbidden('Seul le service peut écrire une note interne.');
    if (t.status === 'closed' && !staff) throw new Invalid('Cette demande est clôturée.', { body: 'Ouvrez une nouvelle demande.' });
    return postComment(tx, t, input, staff);
  });
}

/** The write, once the author is known to be allowed (also used by inbound mail). */
export async function postComment(tx: Ctx, ticket: Ticket, input: CommentInput & { body: string }, staff: boolean): Promise<Comment> {
  let t = ticket;
  const body = input.body.trim();
  const [c] = await tx.db
    .insert(ticketComments)
    .values({
      ticketId: t.id,
      organisationId: t.organisationId,
      authorUserId: tx.actor?.userId ?? null,
      authorName: input.authorName ?? tx.actor?.name ?? 'Inconnu',
      body,
      internal: Boolean(input.internal),
      via: input.via ?? 'web',
      createdAt: tx.clock.now(),
    })
    .returning();
  await recordEvent(tx, t, input.internal ? 'note' : 'comment', { internal: Boolean(input.internal), actorName: c!.authorName });
  if (!input.internal) {
    if (staff && !t.firstResponseAt) {
      [t] = (await tx.db.update(tickets).set({ firstResponseAt: tx.clock.now(), updatedAt: tx.clock.now() }).where(eq(tickets.id, t.id)).returning()) as [Ticket];
    }
    if (!staff && (t.status === 'waiting_member' || t.status === 'resolved')) t = await applyStatus(tx, t, 'in_progress');
    await notify(tx, t, 'reply', { detail: body.slice(0, 4000) });
  }
  await audit(tx, { action: 'ticket.comment', entity: 'ticket', entityId: t.id, organisationId: t.organisationId, after: { commentId: c!.id, internal: c!.internal } });
  return c!;
}

/** Everything shown on a ticket's page. Members never receive internal notes, events or attachments. */
export async function ticketDetail(ctx: Ctx, id: string) {
  const ticket = await readableTicket(ctx, id);
  const staff = isHelpdeskStaff(ctx.actor);
  const [comments, events, attachments, work] = await Promise.all([
    ctx.db.select().from(ticketComments).where(staff ? eq(ticketComments.ticketId, id) : and(eq(ticketComments.ticketId, id), eq(ticketComments.internal, false))).orderBy(asc(ticketComments.createdAt)),
    ctx.db.select().from(ticketEvents).where(staff ? eq(ticketEvents.ticketId, id) : and(eq(ticketEvents.ticketId, id), eq(ticketEvents.internal, false))).orderBy(asc(ticketEvents.at)),
    ctx.db
      .select({ id: ticketAttachments.id, name: ticketAttachments.name, mime: ticketAttachments.mime, size: ticketAttachments.size, internal: ticketAttachments.internal, createdAt: ticketAttachments.createdAt })
      .from(ticketAttachments)
      .where(and(eq(ticketAttachments.ticketId, id), staff ? undefined : shownToMembers))
      .orderBy(asc(ticketAttachments.createdAt)),
    ctx.db.select().from(interventions).where(eq(interventions.ticketId, id)).orderBy(asc(interventions.startedAt)),
  ]);
  return { ticket, comments, events, attachments, interventions: work, staff };
}
