import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { Context } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';
import { createMiddleware } from 'hono/factory';
import type { Config } from '../../config.ts';
import { Forbidden } from '../errors.ts';
import type { AppEnv } from '../http/types.ts';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Cookie of the anonymous forms' token (double-submit): sign-in, password reset, invitation. */
export const anonCsrfCookieName = (config: Pick<Config, 'secureCookies'>) => (config.secureCookies ? '__Host-mutualis_csrf' : 'mutualis_csrf');

export const CSRF_REFUSED = 'Le jeton de sécurité du formulaire est absent ou périmé. Rechargez la page puis réessayez.';

function same(a: string | undefined, b: string | undefined): boolean {
  if (!a || !b) return false;
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * The token a form must carry in its hidden `_csrf` field: the session's for a signed-in user, otherwise a
 * random value also set in a cookie (double submit) — set here, the first time a form needs it.
 */
export function formCsrfToken(c: Context<AppEnv>): string {
  const actor = c.get('actor');
  if (actor?.csrfToken) return actor.csrfToken;
  const config = c.get('ctx').config;
  const name = anonCsrfCookieName(config);
  let token = getCookie(c, name);
  if (!token || !/^[\w-]{32,64}$/.test(token)) {
    token = randomBytes(24).toString('base64url');
    setCookie(c, name, token, { path: '/', httpOnly: true, sameSite: 'Lax', secure: config.secureCookies, maxAge: 12 * 3600 });
  }
  return token;
}

async function submittedToken(c: Context<AppEnv>): Promise<string | undefined> {
  const header = c.req.header('x-csrf-token');
  if (header) return header;
  const type = c.req.header('content-type') ?? '';
  if (type.startsWith('application/x-www-form-urlencoded') || type.startsWith('multipart/form-data')) {
    // parseBody caches the body: the route reads it again without cost.
    const body = await c.req.parseBody();
    const value = body._csrf;
    return typeof value === 'string' ? value : undefined;
  }
  return undefined;
}

function originAllowed(c: Context<AppEnv>, config: Pick<Config, 'PUBLIC_URL'>): boolean {
  const origin = c.req.header('origin');
  if (!origin || origin === 'null') return origin !== 'null';
  return origin === new URL(config.PUBLIC_URL).origin || origin === new URL(c.req.url).origin;
}

/**
 * CSRF protection of every state-changing request (mounted after the actor is resolved):
 * - a foreign Origin is refused outright;
 * - bearer-token requests carry no ambient credential: exempt;
 * - session requests must send the session's token (`X-CSRF-Token` header or `_csrf` field);
 * - anonymous form posts must send the token of their cookie (double submit). Anonymous JSON calls
 *   (e.g. the API sign-in) are left to the browser's CORS preflight, which a foreign site cannot pass.
 */
export const csrfProtection = createMiddleware<AppEnv>(async (c, next) => {
  if (SAFE_METHODS.has(c.req.method)) return next();
  const config = c.get('ctx').config;
  if (!originAllowed(c, config)) throw new Forbidden(CSRF_REFUSED, 'csrf');
  const actor = c.get('actor');
  if (actor?.tokenScopes) return next();
  if (actor) {
    if (!same(await submittedToken(c), actor.csrfToken)) throw new Forbidden(CSRF_REFUSED, 'csrf');
    return next();
  }
  const type = c.req.header('content-type') ?? '';
  if (type.startsWith('application/json')) return next();
  if (!same(await submittedToken(c), getCookie(c, anonCsrfCookieName(config)))) throw new Forbidden(CSRF_REFUSED, 'csrf');
  return next();
});
