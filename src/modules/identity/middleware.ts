import { getCookie } from 'hono/cookie';
import { createMiddleware } from 'hono/factory';
import type { Config } from '../../config.ts';
import type { AppEnv } from '../../platform/http/types.ts';
import { actorFromSession } from './sessions.ts';

/** `__Host-` prefix under https: the cookie is then bound to this host, path / and Secure. */
export const sessionCookieName = (config: Config) => (config.secureCookies ? '__Host-mutualis_session' : 'mutualis_session');

/** Resolves the actor of the request from its session cookie. */
export const resolveActor = createMiddleware<AppEnv>(async (c, next) => {
  const ctx = c.get('ctx');
  const token = getCookie(c, sessionCookieName(ctx.config));
  const actor = token ? await actorFromSession(ctx, token) : null;
  c.set('actor', actor);
  c.set('ctx', { ...ctx, actor });
  await next();
});
