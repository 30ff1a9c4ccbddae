import { generateKeyPairSync } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { dkimSign, type DNSResolver } from 'mailauth';
import type { TestApp } from '../../../test/helpers/app.ts';
import { createTestTicket, helpdeskTestApp, type HelpdeskWorld } from '../../../test/helpers/helpdesk-factories.ts';
import { ticketRef } from './access.ts';
import { processInboundMail, resolveTriage } from './inbound.ts';
import { threadId } from './notifications.ts';
import { inboundMessages, ticketComments, tickets } from './schema.ts';

let t: TestApp;
let w: HelpdeskWorld;
/** The relay's authserv-id, trusted by the app (HTTP endpoint tests). */
const RELAY = 'mx.syndicat.test';
beforeAll(async () => ({ t, w } = await helpdeskTestApp({ INBOUND_MAIL_SECRET: 'secret-de-reception-1234', INBOUND_TRUST_AUTH_RESULTS: RELAY })));
afterAll(() => t.close());

// DKIM without the network: every domain publishes this key under the selector `mutualis`.
const keys = generateKeyPairSync('rsa', { modulusLength: 2048 });
const privateKey = keys.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
const dkimRecord = `v=DKIM1; k=rsa; p=${keys.publicKey.export({ type: 'spki', format: 'der' }).toString('base64')}`;
const resolver: DNSResolver = async (name, type) => {
  if (type === 'TXT' && name.startsWith('mutualis._domainkey.')) return [[dkimRecord]];
  throw Object.assign(new Error(`${name} ${type} introuvable`), { code: 'ENOTFOUND' });
};
const auth = { resolver };

/** The message signed (DKIM) by `domain`, the sender's by default. */
async function signed(raw: string, domain = 'example.test'): Promise<string> {
  const key = { signingDomain: domain, selector: 'mutualis', privateKey };
  const result = await dkimSign(raw, { ...key, canonicalization: 'relaxed/relaxed', signatureData: [key] });
  return result.signatures + raw;
}

/** Checked here (DKIM, DMARC), not by the relay: the direct calls below. */
const direct = () => ({ ...t.ctx, config: { ...t.ctx.config, INBOUND_TRUST_AUTH_RESULTS: undefined } });
/** The verdict the trusted relay puts on top of a message it authenticated. */
const relayPassed = (raw: string) => `Authentication-Results: ${RELAY}; dkim=pass header.d=example.test; dmarc=pass header.from=example.test\r\n${raw}`;

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
    const raw = await signed(mime({ from: `Agent <${w.a.user.email}>`, subject: `Re: [#${ticketRef(ticket.number)}] Mandat rejeté`, id: 'r1' }, 'Merci, cela fonctionne.\r\n\r\nLe lun. 2 mars 2026, Service a écrit :\r\n> ancienne réponse'));
    expect(await processInboundMail(direct(), raw, auth)).toEqual({ outcome: 'reply', ticketId: ticket.id });
    const comments = await t.ctx.db.select().from(ticketComments).where(eq(ticketComments.ticketId, ticket.id));
    expect(comments.map((c) => [c.body, c.via, c.internal])).toEqual([['Merci, cela fonctionne.', 'email', false]]);
    // The same message delivered twice (IMAP retry) is recognised.
    expect(await processInboundMail(direct(), raw, auth)).toMatchObject({ outcome: 'duplicate' });
  });

  it('threads by In-Reply-To/References headers when the subject lost the reference', async () => {
    const ticket = await createTestTicket(t.ctx, w.a, w.a.org.id);
    const raw = await signed(mime({ from: w.a.user.email, subject: 'Re: votre demande', id: 'r2', inReplyTo: threadId(ticket.id), references: `<other@x> ${threadId(ticket.id)}` }, 'Toujours bloqué.'));
    expect(await processInboundMail(direct(), raw, auth)).toEqual({ outcome: 'reply', ticketId: ticket.id });
    // A later reply to that mail (its Message-ID only) threads too.
    const next = await signed(mime({ from: w.a.user.email, subject: 'Re: Re: votre demande', id: 'r3', references: '<r2@mail.test>' }, 'Autre précision.'));
    expect(await processInboundMail(direct(), next, auth)).toEqual({ outcome: 'reply', ticketId: ticket.id });
  });

  it('opens a ticket for a known sender and sends unknown senders to triage', async () => {
    const res = await processInboundMail(direct(), await signed(mime({ from: w.b.user.email, subject: 'Imprimante en panne', id: 'n1' }, 'Plus rien ne sort.')), auth);
    expect(res.outcome).toBe('ticket');
    const [created] = await t.ctx.db.select().from(tickets).where(eq(tickets.id, (res as { ticketId: string }).ticketId));
    expect(created).toMatchObject({ organisationId: w.b.org.id, channel: 'email', source: 'email', title: 'Imprimante en panne' });

    const unknown = await processInboundMail(direct(), await signed(mime({ from: 'inconnu@ailleurs.test', subject: 'Question', id: 'u1' }, 'Bonjour'), 'ailleurs.test'), auth);
    expect(unknown.outcome).toBe('triage');
    // Someone of member B replying on member A's ticket is not threaded into it.
    const ticketA = await createTestTicket(t.ctx, w.a, w.a.org.id);
    const intruder = await processInboundMail(direct(), await signed(mime({ from: 'inconnu@ailleurs.test', subject: `[#${ticketRef(ticketA.number)}] piratage`, id: 'u2' }, 'x'), 'ailleurs.test'), auth);
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
    const reply = await post(relayPassed(mime({ from: w.a.user.email, subject: `RE: [${ticketRef(ticket.number)}] Mandat rejeté`, id: 'h1' }, 'Réglé, merci.')), rfc822);
    expect(reply.status).toBe(200);
    expect(await reply.json()).toEqual({ outcome: 'reply', ticketId: ticket.id });
    // A reply with only In-Reply-To pointing at that mail is threaded too.
    const headerReply = await post(relayPassed(mime({ from: w.a.user.email, subject: 'Re: suite', id: 'h2', inReplyTo: '<h1@mail.test>' }, 'Encore une chose.')), rfc822);
    expect(await headerReply.json()).toEqual({ outcome: 'reply', ticketId: ticket.id });
    const bodies = (await t.ctx.db.select().from(ticketComments).where(eq(ticketComments.ticketId, ticket.id))).map((c) => c.body).sort();
    expect(bodies).toEqual(['Encore une chose.', 'Réglé, merci.']);

    // An unknown sender goes to the triage queue, tied to no member.
    const unknown = await post(mime({ from: 'quelqu.un@inconnu.test', subject: 'Bonjour', id: 'h3' }, 'Qui êtes-vous ?'), rfc822);
    expect(await unknown.json()).toEqual({ outcome: 'triage', messageId: '<h3@mail.test>' });
    const [m] = await t.ctx.db.select().from(inboundMessages).where(eq(inboundMessages.messageId, '<h3@mail.test>'));
    expect(m).toMatchObject({ status: 'triage', organisationId: null, ticketId: null });
  });

  it('never posts a message whose sender is not authenticated: a forged technician goes to triage', async () => {
    const ticket = await createTestTicket(t.ctx, w.a, w.a.org.id);
    const comments = async () => t.ctx.db.select().from(ticketComments).where(eq(ticketComments.ticketId, ticket.id));
    const forged = (id: string) => mime({ from: `Technicien <${w.tech.user.email}>`, subject: `Re: [#${ticketRef(ticket.number)}] Mandat rejeté`, id }, 'Clôturé, vos identifiants sont : admin / admin');
    const variants = [
      ['unsigned', forged('f1')],
      ['signed by the attacker’s own domain', await signed(forged('f2'), 'attaquant.test')],
      ['signed, then altered', (await signed(forged('f3'))).replace('admin / admin', 'root / root')],
      ['a second From: under the signed one', (await signed(forged('f4'))).replace('Subject:', `From: ${w.a.user.email}\r\nSubject:`)],
      ['a forged member’s user', mime({ from: w.a.user.email, subject: `Re: [#${ticketRef(ticket.number)}] Mandat rejeté`, id: 'f5' }, 'Merci, vous pouvez clore.')],
    ] as const;
    for (const [label, raw] of variants) {
      const result = await processInboundMail(direct(), raw, auth);
      expect(result, label).toMatchObject({ outcome: 'triage' });
    }
    expect(await comments()).toEqual([]);
    const triaged = await t.ctx.db.select().from(inboundMessages).where(eq(inboundMessages.status, 'triage'));
    expect(triaged.filter((m) => /^<f\d@mail\.test>$/.test(m.messageId ?? '')).map((m) => [m.messageId, m.ticketId, m.organisationId]).sort()).toEqual(
      ['f1', 'f2', 'f3', 'f4', 'f5'].map((id) => [`<${id}@mail.test>`, null, null]),
    );
    // The same message, really signed by the sender's domain, is posted.
    expect(await processInboundMail(direct(), await signed(forged('f6')), auth)).toEqual({ outcome: 'reply', ticketId: ticket.id });
    expect((await comments()).map((c) => c.via)).toEqual(['email']);
  });

  it('trusts only the configured relay’s Authentication-Results, and only on top', async () => {
    const ticket = await createTestTicket(t.ctx, w.a, w.a.org.id);
    const rfc822 = { 'content-type': 'message/rfc822', 'x-inbound-secret': 'secret-de-reception-1234' };
    const post = async (raw: string) => (await t.app.request('/api/v1/helpdesk/inbound-mail', { method: 'POST', headers: rfc822, body: raw })).json();
    const forged = (id: string) => mime({ from: w.tech.user.email, subject: `Re: [#${ticketRef(ticket.number)}] Mandat rejeté`, id }, 'Réponse falsifiée.');
    // No verdict, another server's verdict, a failed one, a pass for another domain, a pass slipped under the relay's.
    expect(await post(forged('g1'))).toMatchObject({ outcome: 'triage' });
    expect(await post(`Authentication-Results: mx.ailleurs.test; dmarc=pass header.from=example.test\r\n${forged('g2')}`)).toMatchObject({ outcome: 'triage' });
    expect(await post(`Authentication-Results: ${RELAY}; dkim=fail header.d=example.test; dmarc=fail\r\n${forged('g3')}`)).toMatchObject({ outcome: 'triage' });
    expect(await post(`Authentication-Results: ${RELAY}; dkim=pass header.d=attaquant.test; dmarc=none\r\n${forged('g4')}`)).toMatchObject({ outcome: 'triage' });
    expect(await post(`Authentication-Results: ${RELAY}; dkim=none; dmarc=none\r\nAuthentication-Results: ${RELAY}; dmarc=pass\r\n${forged('g5')}`)).toMatchObject({ outcome: 'triage' });
    expect(await t.ctx.db.select().from(ticketComments).where(eq(ticketComments.ticketId, ticket.id))).toEqual([]);
  });

  it('documents the endpoint as message/rfc822 in OpenAPI', async () => {
    const doc = (await (await t.app.request('/api/openapi.json')).json()) as { paths: Record<string, { post?: { requestBody?: { content: Record<string, unknown> } } }> };
    expect(Object.keys(doc.paths['/api/v1/helpdesk/inbound-mail']!.post!.requestBody!.content)).toEqual(['message/rfc822']);
  });
});
