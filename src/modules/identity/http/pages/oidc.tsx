import type { OpenAPIHono } from '@hono/zod-openapi';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import type { AppEnv } from '../../../../platform/http/types.ts';
import { audit } from '../../../../platform/audit/index.ts';
import { NotFound } from '../../../../platform/errors.ts';
import { setFlash } from '../../../../platform/ui/flash.ts';
import { beginOidc, finishOidc, oidcEnabled, OIDC_CALLBACK_PATH, type OidcAttempt } from '../../oidc.ts';
import { accountForOidc } from '../../oidc-accounts.ts';
import { createSession, deleteSessionByToken, PENDING_SESSION_MS } from '../../sessions.ts';
import { openSessionFor } from '../../sign-in.ts';
import { setSessionCookie } from '../middleware.ts';
import { clientMeta, withNext } from '../forms.ts';
import { safeNext } from '../../redirects.ts';

const ATTEMPT_COOKIE = 'mutualis_oidc';

/** Sign-in through the configured OpenID Connect provider (ProConnect or any standard IdP). */
export function mountOidcPages(app: OpenAPIHono<AppEnv>) {
  app.get('/connexion/oidc', async (c) => {
    const config = c.get('ctx').config;
    if (!oidcEnabled(config)) throw new NotFound('La connexion par fournisseur d’identité n’est pas configurée.');
    const { url, attempt } = await beginOidc(config, safeNext(c.req.query('suivant')));
    // Lax: the provider sends the browser back with a top-level GET, which carries this cookie.
    setCookie(c, ATTEMPT_COOKIE, Buffer.from(JSON.stringify(attempt)).toString('base64url'), { path: '/connexion/oidc', httpOnly: true, sameSite: 'Lax', secure: config.secureCookies, maxAge: 600 });
    return c.redirect(url, 302);
  });

  app.get(OIDC_CALLBACK_PATH, async (c) => {
    const ctx = c.get('ctx');
    if (!oidcEnabled(ctx.config)) throw new NotFound();
    const raw = getCookie(c, ATTEMPT_COOKIE);
    deleteCookie(c, ATTEMPT_COOKIE, { path: '/connexion/oidc', secure: ctx.config.secureCookies });
    let attempt: OidcAttempt;
    try {
      attempt = JSON.parse(Buffer.from(raw ?? '', 'base64url').toString()) as OidcAttempt;
    } catch {
      attempt = { state: '', nonce: '', verifier: '', next: '/' };
    }
    const fail = (message: string) => {
      setFlash(c, 'error', message);
      return c.redirect('/connexion', 303);
    };
    if (!attempt.state) return fail('La connexion a expiré ou a été ouverte dans un autre navigateur : recommencez.');
    let identity;
    try {
      identity = await finishOidc(ctx.config, new URL(c.req.url).search, attempt);
    } catch (err) {
      ctx.log.warn({ err }, 'échec de la connexion OpenID Connect');
      return fail('Le fournisseur d’identité n’a pas confirmé la connexion : recommencez.');
    }
    if (!identity.emailVerified) return fail('Votre fournisseur d’identité n’a pas confirmé votre adresse e-mail : connexion impossible.');
    const user = await accountForOidc(ctx, identity);
    if (!user) {
      await audit(ctx, { action: 'auth.sign_in_failed', entity: 'user', after: { email: identity.email, reason: 'oidc_no_account', issuer: identity.issuer } });
      return fail('Aucun compte actif ne correspond à cette adresse e-mail. Demandez une invitation au gestionnaire de votre collectivité.');
    }
    const meta = clientMeta(c);
    const next = safeNext(attempt.next);
    if (user.totpEnabledAt) {
      if (meta.previousToken) await deleteSessionByToken(ctx, meta.previousToken);
      const pending = await createSession(ctx, user.id, meta, { mfaPending: true });
      setSessionCookie(c, pending.token, PENDING_SESSION_MS / 1000);
      return c.redirect(withNext('/connexion/verification', next), 303);
    }
    const result = await openSessionFor(ctx, user, meta, 'oidc');
    if (result.kind !== 'signed-in') throw new Error('OpenID Connect sign-in did not open a session');
    setSessionCookie(c, result.token);
    return c.redirect(next, 303);
  });
}
