import { createMiddleware } from 'hono/factory';
import { Invalid } from '../errors.ts';
import type { AppEnv } from './types.ts';

export const NUL_REFUSED = 'La requête contient un caractère nul (%00), qui n’est accepté dans aucun champ.';

const NUL = /%00|\u0000/i;

const refused = (where: string) => new Invalid(NUL_REFUSED, { [where]: 'Caractère nul refusé.' }, 'nul_byte');

/** A NUL byte in a string, a key or any nested value of a parsed JSON document. */
export function containsNul(value: unknown): boolean {
  if (typeof value === 'string') return value.includes('\u0000');
  if (Array.isArray(value)) return value.some(containsNul);
  if (value && typeof value === 'object') return Object.entries(value).some(([k, v]) => k.includes('\u0000') || containsNul(v));
  return false;
}

/** A NUL byte in the path or the query (encoded `%00`, or raw): 422, before any route runs. */
export const rejectNulInUrl = createMiddleware<AppEnv>(async (c, next) => {
  const url = c.req.url;
  const query = url.indexOf('?');
  const path = url.slice(url.indexOf('/', url.indexOf('://') + 3), query < 0 ? undefined : query);
  if (NUL.test(path)) throw refused('path');
  if (query >= 0 && NUL.test(url.slice(query))) throw refused('query');
  return next();
});

/**
 * A NUL byte in a form field or a JSON string value: 422. Mounted after the body limit and the CSRF check;
 * the parsed body stays cached for the route. File contents of multipart uploads are not text: not looked at.
 */
export const rejectNulInBody = createMiddleware<AppEnv>(async (c, next) => {
  if (c.req.method === 'GET' || c.req.method === 'HEAD' || !c.req.raw.body) return next();
  const type = (c.req.header('content-type') ?? '').toLowerCase();
  if (type.startsWith('application/json')) {
    const text = await c.req.text();
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      return next(); // malformed JSON: the route's validation answers it
    }
    if (containsNul(parsed)) throw refused('body');
  } else if (type.startsWith('application/x-www-form-urlencoded')) {
    if (NUL.test(await c.req.text())) throw refused('body');
  } else if (type.startsWith('multipart/form-data')) {
    const form = await c.req.parseBody({ all: true }).catch(() => {
      throw new Invalid('Le formulaire envoyé est illisible.', { body: 'Formulaire multipart mal formé.' });
    });
    const values = Object.entries(form).flatMap(([k, v]) => [k, ...(Array.isArray(v) ? v : [v])]);
    if (values.some((v) => typeof v === 'string' && v.includes('\u0000'))) throw refused('body');
  }
  return next();
});
