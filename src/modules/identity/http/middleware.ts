import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { createMiddleware } from 'hono/factory';
import type { Config } from '../../../config.ts';
import type { AppEnv } from '../../../platform/http/types.ts';
import { Forbidden } from '../../../platform/errors.ts';
import { resolveSession } from '../sessions.ts';
import { actorFromApiToken } from '../api-tokens.ts';
import { CONFIRM_PATH, TOTP_SETUP_PATH } from '../account-security.ts';

/** `__Host-` prefix under https: the cookie is then bound to this host, path / and Secure. */
export const sessionCookieName = (config: Config) => (config.secureCookies ? '__Host-mutualis_session' : 'mutualis_session');

export function setSessionCookie(c: Context<AppEnv>, token: string, maxAgeSeconds?: number): void {
  const config = c.get('ctx').config;
  setCookie(c, sessionCookieName(config), token, {
    path: '/',
    httpOnly: true,
    sameSite: 'Lax',
    secure: config.secureCookies,
    maxAge: maxAgeSeconds ?? config.SESSION_MAX_HOURS * 3600,
  });
}

export function clearSessionCookie(c: Context<AppEnv>): void {
  const config = c.get('ctx').config;
  deleteCookie(c, sessionCookieName(config), { path: '/', secure: config.secureCookies });
}

export const sessionToken = (c: Context<AppEnv>) => getCookie(c, sessionCookieName(c.get('ctx').config));

/** The client's address: the proxy's X-Forwarded-For only when TRUST_PROXY says a proxy sets it. */
export function clientIp(c: Context<AppEnv>): string {
  if (c.get('ctx').config.TRUST_PROXY) {
    const forwarded = c.req.header('x-forwarded-for')?.split(',')[0]?.trim();
    if (forwarded) return forwarded;
  }
  const incoming = (c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined)?.incoming;
  return incoming?.socket?.remoteAddress ?? 'local';
}

/** Where a user who must enrol a second factor may still go. */
const ALLOWED_BEFORE_TOTP = new Set([TOTP_SETUP_PATH, CONFIRM_PATH, '/deconnexion']);

/**
 * Resolves the actor of the request: a bearer API token (`Authorization: Bearer mut_…`) or the session
 * cookie. A user who must use a second factor and has none is sent to enrol before anything else.
 */
export const resolveActor = createMiddleware<AppEnv>(async (c, next) => {
  const ctx = c.get('ctx');
  const authorization = c.req.header('authorization');
  let actor = null;
  let totpMissing = false;
  if (authorization?.startsWith('Bearer ')) {
    actor = await actorFromApiToken(ctx, authorization.slice(7).trim());
  } else {
    const token = sessionToken(c);
    const resolved = token ? await resolveSession(ctx, token) : null;
    actor = resolved?.actor ?? null;
    totpMissing = resolved?.totpMissing ?? false;
  }
  c.set('actor', actor);
  c.set('ctx', { ...ctx, actor });
  if (totpMissing && !ALLOWED_BEFORE_TOTP.has(c.req.path)) {
    if (c.req.path.startsWith('/api/')) throw new Forbidden('Activez d’abord la double authentification depuis votre profil.', 'totp_enrolment_required');
    return c.redirect(TOTP_SETUP_PATH, 303);
  }
  await next();
});
