import { and, desc, eq, inArray, sql } from 'drizzle-orm';
import { simpleParser } from 'mailparser';
import type { Ctx } from '../../platform/context.ts';
import { authorize } from '../../platform/auth/permissions.ts';
import { audit } from '../../platform/audit/index.ts';
import { inTransaction } from '../../platform/db/index.ts';
import { Conflict, Invalid, NotFound } from '../../platform/errors.ts';
import { currentContactsByEmail } from '../members/index.ts';
import { users } from '../identity/index.ts';
import { parseTicketRef, type Ticket } from './access.ts';
import { postComment } from './comments.ts';
import { recordEvent } from './events.ts';
import { inboundMessages, mailReferences, tickets } from './schema.ts';
import { createTicket, insertTicket } from './tickets.ts';
import { checkSender, type MailAuthOptions } from './inbound-auth.ts';

export type InboundResult = { outcome: 'reply' | 'ticket'; ticketId: string } | { outcome: 'triage' | 'duplicate'; messageId: string | null };

const SUBJECT_REF = /\[#?(T-\d{1,12})\]/i;
const THREAD_ID = /<ticket-([0-9a-f-]{36})@mutualis>/gi;

/** Strips the quoted history below a reply, so that the comment holds only what the sender wrote. */
export function stripQuoted(text: string): string {
  const lines = text.replace(/\r\n/g, '\n').split('\n');
  const cut = lines.findIndex((l) => /^(Le .+a écrit ?:|On .+wrote:|-----\s*(Message d'origine|Original Message))/i.test(l.trim()));
  const kept = (cut >= 0 ? lines.slice(0, cut) : lines).filter((l) => !l.startsWith('>'));
  return kept.join('\n').trim();
}

async function findTicket(ctx: Ctx, subject: string, headerIds: string[]): Promise<Ticket | null> {
  const ref = SUBJECT_REF.exec(subject)?.[1];
  const n = ref ? parseTicketRef(ref) : null;
  if (n !== null) {
    const [t] = await ctx.db.select().from(tickets).where(eq(tickets.number, n));
    if (t) return t;
  }
  const ids = new Set<string>();
  for (const h of headerIds) for (const m of h.matchAll(THREAD_ID)) ids.add(m[1]!.toLowerCase());
  if (ids.size) {
    const [t] = await ctx.db.select().from(tickets).where(inArray(tickets.id, [...ids]));
    if (t) return t;
  }
  const refs = headerIds.flatMap((h) => h.match(/<[^>]+>/g) ?? []);
  if (refs.length) {
    const [r] = await ctx.db.select().from(mailReferences).where(inArray(mailReferences.messageId, refs)).limit(1);
    if (r) return (await ctx.db.select().from(tickets).where(eq(tickets.id, r.ticketId)))[0] ?? null;
  }
  return null;
}

/** Who wrote: an account (staff or a member's user), else a member's contact known by this address. */
async function identify(ctx: Ctx, email: string) {
  const [user] = await ctx.db.select().from(users).where(and(sql`lower(${users.email}) = ${email}`, eq(users.active, true)));
  if (user) return { user, orgIds: [user.organisationId], name: user.name };
  const found = await currentContactsByEmail(ctx, email);
  return { user: null, orgIds: [...new Set(found.map((f) => f.organisationId))], name: found[0]?.name ?? null };
}

/**
 * One inbound mail (raw MIME, from the HTTP endpoint or the IMAP poller). Its From: address counts only when
 * the message is authenticated (DKIM/SPF/DMARC, see inbound-auth.ts): then it is a reply to a ticket when it
 * carries the ticket's reference or thread headers and comes from someone of that ticket's member or from
 * staff, or a new ticket when the sender belongs to exactly one member. Anything else, and every message
 * whose sender is not authenticated, goes to the triage queue, posted as no one.
 */
export async function processInboundMail(ctx: Ctx, raw: Buffer | string, auth: MailAuthOptions = {}): Promise<InboundResult> {
  const mail = await simpleParser(raw);
  const from = mail.from?.value[0];
  const email = from?.address?.toLowerCase().trim();
  if (!email) throw new Invalid('Message sans expéditeur.', { from: 'Expéditeur manquant.' });
  const check = await checkSender(raw, email, ctx.config, auth);
  if (!check.authenticated) ctx.log.info({ method: check.method }, 'inbound mail: sender not authenticated, sent to triage');
  const messageId = mail.messageId ?? null;
  const subject = (mail.subject ?? '(sans objet)').replace(/[\r\n]+/g, ' ').slice(0, 300);
  const text = (mail.text ?? '').slice(0, 50_000);
  const headerIds = [mail.inReplyTo ?? '', ...(Array.isArray(mail.references) ? mail.references : mail.references ? [mail.references] : [])];
  return inTransaction({ ...ctx, actor: null }, async (tx) => {
    if (messageId) {
      const [seen] = await tx.db.select({ id: inboundMessages.id }).from(inboundMessages).where(eq(inboundMessages.messageId, messageId));
      if (seen) return { outcome: 'duplicate', messageId };
    }
    const store = (status: 'triage' | 'ticket' | 'reply', ticketId: string | null, orgId: string | null) =>
      tx.db.insert(inboundMessages).values({ messageId, fromAddress: email, fromName: from?.name || null, subject, body: text, receivedAt: tx.clock.now(), status, ticketId, organisationId: orgId });
    if (!check.authenticated) {
      await store('triage', null, null);
      return { outcome: 'triage', messageId };
    }
    const sender = await identify(tx, email);
    const staff = Boolean(sender.user?.roles.some((r) => r === 'technician' || r === 'admin'));
    const ticket = await findTicket(tx, subject, headerIds);
    const allowed = ticket && (staff || sender.orgIds.includes(ticket.organisationId) || ticket.requesterEmail?.toLowerCase() === email);
    if (ticket && allowed) {
      const author = { ...tx, actor: null };
      const body = stripQuoted(text) || text.trim() || subject;
      await postComment(author, ticket, { body, via: 'email', authorName: sender.name ?? from?.name ?? email }, staff);
      await store('reply', ticket.id, ticket.organisationId);
      if (messageId) await tx.db.insert(mailReferences).values({ messageId, ticketId: ticket.id }).onConflictDoNothing();
      return { outcome: 'reply', ticketId: ticket.id };
    }
    if (!staff && sender.orgIds.length === 1) {
      const t = await insertTicket(tx, {
        organisationId: sender.orgIds[0]!,
        domain: 'numerique',
        title: subject.replace(SUBJECT_REF, '').trim().slice(0, 200) || 'Demande par e-mail',
        description: text,
        priority: 'normal',
        requesterUserId: sender.user?.id ?? null,
        requesterName: sender.name ?? from?.name ?? null,
        requesterEmail: email,
        channel: 'email',
        source: 'email',
      });
      await store('ticket', t.id, t.organisationId);
      if (messageId) await tx.db.insert(mailReferences).values({ messageId, ticketId: t.id }).onConflictDoNothing();
      return { outcome: 'ticket', ticketId: t.id };
    }
    await store('triage', null, null);
    return { outcome: 'triage', messageId };
  });
}

export async function listTriage(ctx: Ctx) {
  authorize(ctx.actor, 'tickets.manage');
  return ctx.db.select().from(inboundMessages).where(eq(inboundMessages.status, 'triage')).orderBy(desc(inboundMessages.receivedAt)).limit(200);
}

/** Staff turn a triaged mail into a ticket of the member they chose, or discard it. */
export async function resolveTriage(ctx: Ctx, id: string, decision: { organisationId: string; domain: string } | 'discard'): Promise<Ticket | null> {
  authorize(ctx.actor, 'tickets.manage');
  return inTransaction(ctx, async (tx) => {
    const [m] = /^[0-9a-f-]{36}$/i.test(id) ? await tx.db.select().from(inboundMessages).where(eq(inboundMessages.id, id)) : [];
    if (!m) throw new NotFound('Message introuvable.');
    if (m.status !== 'triage') throw new Conflict('Ce message a déjà été traité.');
    if (decision === 'discard') {
      await tx.db.update(inboundMessages).set({ status: 'discarded' }).where(eq(inboundMessages.id, id));
      await audit(tx, { action: 'inbound.discard', entity: 'inbound_message', entityId: id });
      return null;
    }
    const t = await createTicket(tx, { organisationId: decision.organisationId, domain: decision.domain, title: m.subject.slice(0, 200), description: m.body, requesterName: m.fromName, requesterEmail: m.fromAddress, channel: 'email', source: 'email' });
    await tx.db.update(inboundMessages).set({ status: 'ticket', ticketId: t.id, organisationId: t.organisationId }).where(eq(inboundMessages.id, id));
    if (m.messageId) await tx.db.insert(mailReferences).values({ messageId: m.messageId, ticketId: t.id }).onConflictDoNothing();
    await recordEvent(tx, t, 'mail', { to: m.fromAddress, internal: true });
    return t;
  });
}
