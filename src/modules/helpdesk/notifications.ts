import { eq, inArray } from 'drizzle-orm';
import type { Ctx } from '../../platform/context.ts';
import { sendMail } from '../../platform/mail/index.ts';
import { users } from '../identity/index.ts';
import { ticketRef, type Ticket } from './access.ts';
import { STATUS_LABELS, type TicketStatus } from './workflow.ts';

export type NotificationKind = 'created' | 'reply' | 'status' | 'resolved' | 'sla';

/** The thread id every notification of a ticket refers to, so that mail clients group them and replies thread. */
export function threadId(ticketId: string): string {
  return `<ticket-${ticketId}@mutualis>`;
}

export function mailSubject(t: Pick<Ticket, 'number' | 'title'>): string {
  return `[#${ticketRef(t.number)}] ${t.title}`.replace(/[\r\n]+/g, ' ').slice(0, 290);
}

function intro(kind: NotificationKind, t: Ticket, detail?: string): string {
  switch (kind) {
    case 'created':
      return `Votre demande ${ticketRef(t.number)} a bien été enregistrée.`;
    case 'reply':
      return `Nouvelle réponse sur la demande ${ticketRef(t.number)} :\n\n${detail ?? ''}`;
    case 'status':
      return `La demande ${ticketRef(t.number)} est maintenant : ${STATUS_LABELS[t.status as TicketStatus]}.`;
    case 'resolved':
      return `La demande ${ticketRef(t.number)} est résolue. Vous pouvez confirmer la résolution et noter l’intervention depuis votre espace.`;
    case 'sla':
      return `Délai de traitement : ${detail ?? ''} pour la demande ${ticketRef(t.number)}.`;
  }
}

/**
 * Mails the requester and the assignee (never the person acting). Called inside the use case's transaction:
 * a rolled-back change sends nothing. `staffOnly` is for internal matters (SLA alerts).
 */
export async function notify(ctx: Ctx, t: Ticket, kind: NotificationKind, opts: { detail?: string; staffOnly?: boolean } = {}): Promise<number> {
  const ids = [t.assigneeId, opts.staffOnly ? null : t.requesterUserId].filter((x): x is string => Boolean(x));
  const people = ids.length ? await ctx.db.select({ id: users.id, email: users.email, active: users.active }).from(users).where(inArray(users.id, ids)) : [];
  const recipients = new Map<string, 'staff' | 'member'>();
  const assignee = people.find((p) => p.id === t.assigneeId && p.active);
  if (assignee) recipients.set(assignee.email.toLowerCase(), 'staff');
  if (!opts.staffOnly) {
    const requester = people.find((p) => p.id === t.requesterUserId && p.active)?.email ?? t.requesterEmail;
    if (requester && !recipients.has(requester.toLowerCase())) recipients.set(requester.toLowerCase(), 'member');
  }
  if (ctx.actor) recipients.delete(ctx.actor.email.toLowerCase());
  const base = ctx.config.PUBLIC_URL;
  for (const [to, side] of recipients) {
    const link = side === 'staff' ? `${base}/assistance/tickets/${t.id}` : `${base}/mes-demandes/${t.id}`;
    await sendMail(ctx, {
      to,
      subject: mailSubject(t),
      text: `${intro(kind, t, opts.detail)}\n\n« ${t.title} »\n\nSuivre la demande : ${link}\n\nPour répondre, répondez à ce message en gardant la référence [#${ticketRef(t.number)}] dans l’objet.`,
      headers: { 'In-Reply-To': threadId(t.id), References: threadId(t.id) },
    });
  }
  return recipients.size;
}

/** E-mail address of a user, for matching inbound mail senders. */
export async function userByEmail(ctx: Pick<Ctx, 'db'>, email: string) {
  const [u] = await ctx.db.select().from(users).where(eq(users.email, email.toLowerCase()));
  return u ?? null;
}
