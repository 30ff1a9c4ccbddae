import { createHash, timingSafeEqual } from 'node:crypto';
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { bodyLimit } from 'hono/body-limit';
import type { AppEnv } from '../../platform/http/types.ts';
import { Invalid, Unauthenticated } from '../../platform/errors.ts';
import { processInboundMail } from './inbound.ts';

export const INBOUND_PATH = '/api/v1/helpdesk/inbound-mail';
const MAX_BYTES = 30 * 1024 * 1024;

const route = createRoute({
  method: 'post',
  path: INBOUND_PATH,
  tags: ['Assistance'],
  summary: 'Réception d’un e-mail brut (MIME) : nouvelle demande, réponse ou tri',
  description:
    'Le corps est le message tel que reçu (RFC 5322), en `Content-Type: message/rfc822`, 30 Mo au plus. Authentifié par l’en-tête `X-Inbound-Secret` (variable INBOUND_MAIL_SECRET) ; sans session, donc sans jeton CSRF.',
  request: { body: { content: { 'message/rfc822': { schema: z.string().describe('Le message MIME brut') } }, required: true } },
  responses: {
    200: { content: { 'application/json': { schema: z.object({ outcome: z.enum(['reply', 'ticket', 'triage', 'duplicate']), ticketId: z.uuid().optional() }) } }, description: 'Message traité' },
    401: { description: 'Secret absent ou invalide (rien n’est enregistré)' },
    413: { description: 'Message trop volumineux' },
    422: { description: 'Corps qui n’est pas un message MIME' },
  },
});

function timingSafe(a: string, b: string): boolean {
  const h = (s: string) => createHash('sha256').update(s).digest();
  return timingSafeEqual(h(a), h(b));
}

/**
 * The mail relay's endpoint. It carries its own credential (the shared secret) and no ambient one, so it is
 * mounted before the CSRF check (src/app.ts); the secret is checked before the body is even read.
 */
export const inboundMailRoutes = new OpenAPIHono<AppEnv>();
inboundMailRoutes.use(INBOUND_PATH, bodyLimit({ maxSize: MAX_BYTES, onError: (c) => c.json({ code: 'too_large', message: 'Message trop volumineux (30 Mo au plus).' }, 413) }));
inboundMailRoutes.openapi(route, async (c) => {
  const ctx = c.get('ctx');
  const secret = ctx.config.INBOUND_MAIL_SECRET;
  if (!secret || !timingSafe(c.req.header('x-inbound-secret') ?? '', secret)) throw new Unauthenticated('Secret de réception invalide.');
  if (!(c.req.header('content-type') ?? '').toLowerCase().startsWith('message/rfc822')) {
    throw new Invalid('Envoyez le message brut avec l’en-tête Content-Type: message/rfc822.', { body: 'Message MIME attendu.' }, 'unsupported_media_type');
  }
  const raw = Buffer.from(await c.req.arrayBuffer());
  if (raw.length === 0) throw new Invalid('Message vide.', { body: 'Message MIME attendu.' });
  return c.json(await processInboundMail(ctx, raw), 200);
});
