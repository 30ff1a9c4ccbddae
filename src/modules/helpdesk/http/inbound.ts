import { createHash, timingSafeEqual } from 'node:crypto';
import { isIP } from 'node:net';
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { AppEnv } from '../../../platform/http/types.ts';
import { errors } from '../../../platform/http/api.ts';
import { Invalid, Unauthenticated } from '../../../platform/errors.ts';
import { processInboundMail } from '../inbound.ts';

export const INBOUND_PATH = '/api/v1/helpdesk/inbound-mail';

const route = createRoute({
  method: 'post',
  path: INBOUND_PATH,
  tags: ['Assistance'],
  summary: 'Réception d’un e-mail brut (MIME) : nouvelle demande, réponse ou tri',
  description:
    'Le corps est le message tel que reçu (RFC 5322), en `Content-Type: message/rfc822`, dans la limite UPLOAD_LIMIT_BYTES. Authentifié par l’en-tête `X-Inbound-Secret` (variable INBOUND_MAIL_SECRET) ; sans session, donc sans jeton CSRF. ' +
    'L’expéditeur n’est cru que si le message est authentifié (signature DKIM alignée, DMARC, ou SPF quand le relais transmet l’adresse IP du client et l’expéditeur d’enveloppe) ; sinon le message va au tri.',
  request: {
    headers: z.object({
      'x-inbound-client-ip': z.string().optional().describe('Adresse IP du client SMTP qui a remis le message (pour SPF)'),
      'x-inbound-mail-from': z.string().optional().describe('Expéditeur d’enveloppe (MAIL FROM, pour SPF)'),
    }),
    body: { content: { 'message/rfc822': { schema: z.string().describe('Le message MIME brut') } }, required: true },
  },
  responses: {
    200: { content: { 'application/json': { schema: z.object({ outcome: z.enum(['reply', 'ticket', 'triage', 'duplicate']), ticketId: z.uuid().optional(), messageId: z.string().nullable().optional().describe('Message-ID du message mis au tri ou déjà reçu') }) } }, description: 'Message traité' },
    ...errors,
    401: { ...errors[401], description: 'Secret absent ou invalide (rien n’est enregistré)' },
    404: { ...errors[404], description: 'Point d’entrée fermé (INBOUND_MAIL_SECRET absent)' },
    422: { ...errors[422], description: 'Corps qui n’est pas un message MIME' },
  },
});

function timingSafe(a: string, b: string): boolean {
  const h = (s: string) => createHash('sha256').update(s).digest();
  return timingSafeEqual(h(a), h(b));
}

/**
 * The mail relay's endpoint. It carries its own credential (the shared secret) and no ambient one, so it is
 * mounted before the CSRF check (src/app.ts); the secret is checked before the body is read (the platform's
 * body limit, with the upload limit since the body is a message, only counts it).
 */
export const inboundMailRoutes = new OpenAPIHono<AppEnv>();
inboundMailRoutes.openapi(route, async (c) => {
  const ctx = c.get('ctx');
  const secret = ctx.config.INBOUND_MAIL_SECRET;
  if (!secret || !timingSafe(c.req.header('x-inbound-secret') ?? '', secret)) throw new Unauthenticated('Secret de réception invalide.');
  if (!(c.req.header('content-type') ?? '').toLowerCase().startsWith('message/rfc822')) {
    throw new Invalid('Envoyez le message brut avec l’en-tête Content-Type: message/rfc822.', { body: 'Message MIME attendu.' }, 'unsupported_media_type');
  }
  const raw = Buffer.from(await c.req.arrayBuffer());
  if (raw.length === 0) throw new Invalid('Message vide.', { body: 'Message MIME attendu.' });
  const ip = c.req.header('x-inbound-client-ip')?.trim();
  const sender = c.req.header('x-inbound-mail-from')?.trim().replace(/^<|>$/g, '');
  const envelope = { ip: ip && isIP(ip) ? ip : undefined, sender: sender || undefined };
  return c.json(await processInboundMail(ctx, raw, { envelope }), 200);
});
