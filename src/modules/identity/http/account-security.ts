import type { OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../../../platform/http/types.ts';
import { setFlash } from '../../../platform/ui/flash.ts';
import { ACCOUNT_SECURITY_ROUTES, CONFIRM_PATH, recentlyConfirmed, sessionActor } from '../account-security.ts';

/**
 * Puts the account-security routes behind their guard: a session opened by signing in (an API token is a
 * 403 `session_required`), and for those that change factors or tokens a confirmation less than ten minutes
 * old, else the confirmation page, which comes back to the route's page.
 */
export function mountAccountSecurityGuard(app: OpenAPIHono<AppEnv>): void {
  for (const r of ACCOUNT_SECURITY_ROUTES) {
    app.on(r.method, r.path, async (c, next) => {
      const ctx = c.get('ctx');
      sessionActor(ctx);
      if (r.confirm && !(await recentlyConfirmed(ctx))) {
        if (r.method === 'POST') setFlash(c, 'info', 'Par sécurité, confirmez votre identité avant de continuer.');
        return c.redirect(`${CONFIRM_PATH}?suivant=${encodeURIComponent(r.back)}`, 303);
      }
      await next();
    });
  }
}
