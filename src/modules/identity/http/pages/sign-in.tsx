import type { OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../../../../platform/http/types.ts';
import { render } from '../../../../platform/ui/render.tsx';
import { ErrorSummary, Form, TextInput, type FieldErrors } from '../../../../platform/ui/form.tsx';
import { setFlash } from '../../../../platform/ui/flash.ts';
import { formCsrfToken } from '../../../../platform/auth/csrf.ts';
import { DomainError } from '../../../../platform/errors.ts';
import { httpStatusOf } from '../../../../platform/http/errors.tsx';
import { clearSessionCookie, sessionToken, setSessionCookie } from '../middleware.ts';
import { deleteSessionByToken, pendingSession, PENDING_SESSION_MS } from '../../sessions.ts';
import { completeSecondFactor, signInWithPassword } from '../../sign-in.ts';
import { clientMeta, field, readForm, secret, withNext } from '../forms.ts';
import { safeNext } from '../../redirects.ts';
import { oidcEnabled } from '../../oidc.ts';

const signInForm = z.object({ email: field(320), password: secret(), suivant: field(2000) });
const codeForm = z.object({ code: field(40), suivant: field(2000) });

function SignInPage(c: Context<AppEnv>, p: { next: string; email?: string; errors?: FieldErrors | null; status?: 200 | 401 | 403 | 422 | 429 }) {
  const config = c.get('ctx').config;
  return render(
    c,
    { title: 'Connexion', status: p.status },
    <>
      <h1>Connexion</h1>
      <ErrorSummary errors={p.errors} />
      <Form action={withNext('/connexion', p.next)} csrf={formCsrfToken(c)} label="Connexion par adresse e-mail">
        <input type="hidden" name="suivant" value={p.next} />
        <TextInput name="email" label="Adresse e-mail" type="email" autocomplete="username" value={p.email} required />
        <TextInput name="password" label="Mot de passe" type="password" autocomplete="current-password" required />
        <div class="actions">
          <button type="submit">Se connecter</button>
          <a href="/mot-de-passe-oublie">Mot de passe oublié ?</a>
        </div>
      </Form>
      {oidcEnabled(config) ? (
        <section aria-labelledby="oidc-titre">
          <h2 id="oidc-titre">Ou bien</h2>
          <p>
            <a class="button secondary" href={withNext('/connexion/oidc', p.next)}>
              Se connecter avec {config.OIDC_LABEL}
            </a>
          </p>
        </section>
      ) : null}
    </>,
  );
}

function errorsOf(err: unknown): { errors: FieldErrors; status: 401 | 403 | 422 | 429 } | null {
  if (!(err instanceof DomainError)) return null;
  const status = httpStatusOf(err);
  if (status !== 401 && status !== 403 && status !== 422 && status !== 429) return null;
  const errors = Object.keys(err.fields).length > 0 ? err.fields : { _: err.message };
  return { errors, status };
}

export function mountSignInPages(app: OpenAPIHono<AppEnv>) {
  app.get('/connexion', (c) => {
    const next = safeNext(c.req.query('suivant'));
    if (c.get('actor')) return c.redirect(next, 303);
    return SignInPage(c, { next });
  });

  app.post('/connexion', async (c) => {
    const form = await readForm(c, signInForm);
    const next = safeNext(form.suivant || c.req.query('suivant'));
    try {
      const result = await signInWithPassword(c.get('ctx'), { email: form.email, password: form.password }, clientMeta(c));
      if (result.kind === 'second-factor') {
        setSessionCookie(c, result.pendingToken, PENDING_SESSION_MS / 1000);
        return c.redirect(withNext('/connexion/verification', next), 303);
      }
      setSessionCookie(c, result.token);
      return c.redirect(next, 303);
    } catch (err) {
      const shown = errorsOf(err);
      if (!shown) throw err;
      return SignInPage(c, { next, email: form.email, errors: shown.errors, status: shown.status });
    }
  });

  const CodePage = (c: Context<AppEnv>, next: string, errors?: FieldErrors | null, status?: 200 | 401 | 403 | 422 | 429) =>
    render(
      c,
      { title: 'Vérification en deux étapes', status },
      <>
        <h1>Vérification en deux étapes</h1>
        <ErrorSummary errors={errors} />
        <p>Saisissez le code à 6 chiffres affiché par votre application d’authentification, ou l’un de vos codes de secours.</p>
        <Form action={withNext('/connexion/verification', next)} csrf={formCsrfToken(c)} label="Code de vérification">
          <input type="hidden" name="suivant" value={next} />
          <TextInput name="code" label="Code" autocomplete="one-time-code" inputmode="text" required error={errors?.code} />
          <div class="actions">
            <button type="submit">Valider</button>
            <a href="/connexion">Recommencer la connexion</a>
          </div>
        </Form>
      </>,
    );

  app.get('/connexion/verification', async (c) => {
    const next = safeNext(c.req.query('suivant'));
    const token = sessionToken(c);
    if (!token || !(await pendingSession(c.get('ctx'), token))) return c.redirect(withNext('/connexion', next), 303);
    return CodePage(c, next);
  });

  app.post('/connexion/verification', async (c) => {
    const form = await readForm(c, codeForm);
    const next = safeNext(form.suivant || c.req.query('suivant'));
    const token = sessionToken(c);
    if (!token) return c.redirect(withNext('/connexion', next), 303);
    try {
      const result = await completeSecondFactor(c.get('ctx'), token, form.code, clientMeta(c));
      if (result.kind !== 'signed-in') throw new Error('second factor did not open a session');
      setSessionCookie(c, result.token);
      return c.redirect(next, 303);
    } catch (err) {
      if (err instanceof DomainError && err.code === 'sign_in_expired') {
        setFlash(c, 'error', err.message);
        return c.redirect(withNext('/connexion', next), 303);
      }
      const shown = errorsOf(err);
      if (!shown) throw err;
      return CodePage(c, next, shown.errors, shown.status);
    }
  });

  app.post('/deconnexion', async (c) => {
    const token = sessionToken(c);
    if (token) await deleteSessionByToken(c.get('ctx'), token);
    clearSessionCookie(c);
    setFlash(c, 'success', 'Vous êtes déconnecté.');
    return c.redirect('/', 303);
  });
}
