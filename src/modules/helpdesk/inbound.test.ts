import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { createTestApp, type TestApp } from '../../../test/helpers/app.ts';
import { createTestTicket, helpdeskWorld } from '../../../test/helpers/helpdesk-factories.ts';
import { ticketRef } from './access.ts';
import { processInboundMail, resolveTriage } from './inbound.ts';
import { threadId } from './notifications.ts';
import { inboundMessages, ticketComments, tickets } from './schema.ts';

let t: TestApp;
let w: Awaited<ReturnType<typeof helpdeskWorld>>;
beforeAll(async () => {
  t = await createTestApp({ INBOUND_MAIL_SECRET: 'secret-de-reception-1234' });
  w = await helpdeskWorld(t.ctx);
});
afterAll(() => t.close());

const mime = (h: { from: string; subject: string; id: string; inReplyTo?: string; references?: string }, body: string) =>
  [
    `From: ${h.from}`,
    'To: assistance@syndicat.test',
    `Subject: ${h.subject}`,
    `Message-ID: <${h.id}@mail.test>`,
    h.inReplyTo ? `In-Reply-To: ${h.inReplyTo}` : '',
    h.references ? `References: ${h.references}` : '',
    'Date: Mon, 02 Mar 2026 10:00:00 +0100',
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    'Content-Transfer-Encoding: 8bit',
    '',
    body,
  ]
    .filter((l, i) => l !== '' || i > 8)
    .join('\r\n');

describe('inbound mail', () => {
  it('threads a reply by the reference in the subject, without the quoted history', async () => {
    const ticket = await createTestTicket(t.ctx, w.a, w.a.org.id);
    const raw = mime({ from: `Agent <${w.a.user.email}>`, subject: `Re: [#${ticketRef(ticket.number)}] Mandat rejeté`, id: 'r1' }, 'Merci, cela fonctionne.\r\n\r\nLe lun. 2 mars 2026, Service a écrit :\r\n> ancienne réponse');
    expect(await processInboundMail(t.ctx, raw)).toEqual({ outcome: 'reply', ticketId: ticket.id });
    const comments = await t.ctx.db.select().from(ticketComments).where(eq(ticketComments.ticketId, ticket.id));
    expect(comments.map((c) => [c.body, c.via, c.internal])).toEqual([['Merci, cela fonctionne.', 'email', false]]);
    // The same message delivered twice (IMAP retry) is recognised.
    expect(await processInboundMail(t.ctx, raw)).toMatchObject({ outcome: 'duplicate' });
  });

  it('threads by In-Reply-To/References headers when the subject lost the reference', async () => {
    const ticket = await createTestTicket(t.ctx, w.a, w.a.org.id);
    const raw = mime({ from: w.a.user.email, subject: 'Re: votre demande', id: 'r2', inReplyTo: threadId(ticket.id), references: `<other@x> ${threadId(ticket.id)}` }, 'Toujours bloqué.');
    expect(await processInboundMail(t.ctx, raw)).toEqual({ outcome: 'reply', ticketId: ticket.id });
    // A later reply to that mail (its Message-ID only) threads too.
    const next = mime({ from: w.a.user.email, subject: 'Re: Re: votre demande', id: 'r3', references: '<r2@mail.test>' }, 'Autre précision.');
    expect(await processInboundMail(t.ctx, next)).toEqual({ outcome: 'reply', ticketId: ticket.id });
  });

  it('opens a ticket for a known sender and sends unknown senders to triage', async () => {
    const res = await processInboundMail(t.ctx, mime({ from: w.b.user.email, subject: 'Imprimante en panne', id: 'n1' }, 'Plus rien ne sort.'));
    expect(res.outcome).toBe('ticket');
    const [created] = await t.ctx.db.select().from(tickets).where(eq(tickets.id, (res as { ticketId: string }).ticketId));
    expect(created).toMatchObject({ organisationId: w.b.org.id, channel: 'email', source: 'email', title: 'Imprimante en panne' });

    const unknown = await processInboundMail(t.ctx, mime({ from: 'inconnu@ailleurs.test', subject: 'Question', id: 'u1' }, 'Bonjour'));
    expect(unknown.outcome).toBe('triage');
    // Someone of member B replying on member A's ticket is not threaded into it.
    const ticketA = await createTestTicket(t.ctx, w.a, w.a.org.id);
    const intruder = await processInboundMail(t.ctx, mime({ from: 'inconnu@ailleurs.test', subject: `[#${ticketRef(ticketA.number)}] piratage`, id: 'u2' }, 'x'));
    expect(intruder.outcome).toBe('triage');
    const [m] = await t.ctx.db.select().from(inboundMessages).where(eq(inboundMessages.messageId, '<u1@mail.test>'));
    const fromTriage = await resolveTriage({ ...t.ctx, actor: w.tech.actor }, m!.id, { organisationId: w.a.org.id, domain: 'numerique' });
    expect(fromTriage).toMatchObject({ organisationId: w.a.org.id, requesterEmail: 'inconnu@ailleurs.test' });
  });

  it('receives raw MIME over HTTP with the shared secret only', async () => {
    const raw = mime({ from: w.b.user.email, subject: 'Par l’API', id: 'h1' }, 'Texte');
    const refused = await t.app.request('/api/v1/helpdesk/inbound-mail', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ raw }) });
    expect(refused.status).toBe(401);
    const ok = await t.app.request('/api/v1/helpdesk/inbound-mail', { method: 'POST', headers: { 'content-type': 'application/json', 'x-inbound-secret': 'secret-de-reception-1234' }, body: JSON.stringify({ raw }) });
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({ outcome: 'ticket' });
  });
});
