import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import type { TestApp } from '../../../test/helpers/app.ts';
import { createTestTicket, helpdeskTestApp, type HelpdeskWorld } from '../../../test/helpers/helpdesk-factories.ts';
import { ticketRef } from './access.ts';
import { processInboundMail, resolveTriage } from './inbound.ts';
import { threadId } from './notifications.ts';
import { inboundMessages, ticketComments, tickets } from './schema.ts';

let t: TestApp;
let w: HelpdeskWorld;
beforeAll(async () => ({ t, w } = await helpdeskTestApp({ INBOUND_MAIL_SECRET: 'secret-de-reception-1234' })));
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

  it('receives raw MIME over HTTP, authenticated by the shared secret, without a CSRF token', async () => {
    const post = (body: string, headers: Record<string, string>) => t.app.request('/api/v1/helpdesk/inbound-mail', { method: 'POST', headers, body });
    const rfc822 = { 'content-type': 'message/rfc822', 'x-inbound-secret': 'secret-de-reception-1234' };
    const stored = async () => (await t.ctx.db.select().from(inboundMessages)).length;

    // A wrong or missing secret: 401, nothing stored.
    const before = await stored();
    const intrusion = mime({ from: w.b.user.email, subject: 'Par le relais', id: 'h0' }, 'Texte');
    expect((await post(intrusion, { 'content-type': 'message/rfc822', 'x-inbound-secret': 'mauvais-secret-0000' })).status).toBe(401);
    expect((await post(intrusion, { 'content-type': 'message/rfc822' })).status).toBe(401);
    expect(await stored()).toBe(before);
    // The former JSON envelope is refused: the relay posts the message itself.
    expect((await post(JSON.stringify({ raw: intrusion }), { ...rfc822, 'content-type': 'application/json' })).status).toBe(422);
    expect(await stored()).toBe(before);

    // A reply quoting the ticket's reference is threaded onto it.
    const ticket = await createTestTicket(t.ctx, w.a, w.a.org.id);
    const reply = await post(mime({ from: w.a.user.email, subject: `RE: [${ticketRef(ticket.number)}] Mandat rejeté`, id: 'h1' }, 'Réglé, merci.'), rfc822);
    expect(reply.status).toBe(200);
    expect(await reply.json()).toEqual({ outcome: 'reply', ticketId: ticket.id });
    // A reply with only In-Reply-To pointing at that mail is threaded too.
    const headerReply = await post(mime({ from: w.a.user.email, subject: 'Re: suite', id: 'h2', inReplyTo: '<h1@mail.test>' }, 'Encore une chose.'), rfc822);
    expect(await headerReply.json()).toEqual({ outcome: 'reply', ticketId: ticket.id });
    const bodies = (await t.ctx.db.select().from(ticketComments).where(eq(ticketComments.ticketId, ticket.id))).map((c) => c.body).sort();
    expect(bodies).toEqual(['Encore une chose.', 'Réglé, merci.']);

    // An unknown sender goes to the triage queue, tied to no member.
    const unknown = await post(mime({ from: 'quelqu.un@inconnu.test', subject: 'Bonjour', id: 'h3' }, 'Qui êtes-vous ?'), rfc822);
    expect(await unknown.json()).toEqual({ outcome: 'triage', messageId: '<h3@mail.test>' });
    const [m] = await t.ctx.db.select().from(inboundMessages).where(eq(inboundMessages.messageId, '<h3@mail.test>'));
    expect(m).toMatchObject({ status: 'triage', organisationId: null, ticketId: null });
  });

  it('documents the endpoint as message/rfc822 in OpenAPI', async () => {
    const doc = (await (await t.app.request('/api/openapi.json')).json()) as { paths: Record<string, { post?: { requestBody?: { content: Record<string, unknown> } } }> };
    expect(Object.keys(doc.paths['/api/v1/helpdesk/inbound-mail']!.post!.requestBody!.content)).toEqual(['message/rfc822']);
  });
});
