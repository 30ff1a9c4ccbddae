import type { OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../../../../platform/http/types.ts';
import { render } from '../../../../platform/ui/render.tsx';
import { ErrorSummary, Form, TextInput, formErrors, type FieldErrors } from '../../../../platform/ui/form.tsx';
import { setFlash } from '../../../../platform/ui/flash.ts';
import { CONFIRM_PATH } from '../../account-security.ts';
import { loadConfirmation } from '../../profile.ts';
import { safeNext } from '../../redirects.ts';
import { confirmIdentity } from '../../sign-in.ts';
import { clientMeta, field, readForm, secret, withNext } from '../forms.ts';
import { setSessionCookie } from '../middleware.ts';

const confirmForm = z.object({ password: secret(), code: field(40), suivant: field(2000) });

async function confirmPage(c: Context<AppEnv>, next: string, errors?: FieldErrors | null) {
  const { hasPassword, totpEnabled } = await loadConfirmation(c.get('ctx'));
  const actor = c.get('actor')!;
  c.header('Cache-Control', 'no-store');
  return render(
    c,
    { title: 'Confirmez votre identité', status: errors ? 422 : 200, breadcrumbs: [{ href: '/profil', label: 'Mon profil' }, { label: 'Confirmer votre identité' }] },
    <>
      <h1>Confirmez votre identité</h1>
      <ErrorSummary errors={errors} />
      <p>Changer la double authentification, les codes de secours ou les jetons d’API demande d’avoir prouvé votre identité il y a moins de 10 minutes.</p>
      {hasPassword || totpEnabled ? (
        <Form action={withNext(CONFIRM_PATH, next)} csrf={actor.csrfToken} label="Confirmer votre identité">
          <input type="hidden" name="suivant" value={next} />
          <input type="text" name="username" value={actor.email} autocomplete="username" hidden aria-hidden="true" tabindex={-1} />
          {hasPassword ? <TextInput name="password" label="Mot de passe actuel" type="password" autocomplete="current-password" error={errors?.password} /> : null}
          {totpEnabled ? (
            <TextInput name="code" label={hasPassword ? 'Ou code de double authentification' : 'Code de double authentification'} hint="Le code à 6 chiffres de votre application, ou un code de secours." autocomplete="one-time-code" inputmode="text" error={errors?.code} />
          ) : null}
          <div class="actions">
            <button type="submit">Confirmer</button>
            <a href="/profil">Annuler</a>
          </div>
        </Form>
      ) : (
        <p>
          Votre compte n’a pas de mot de passe : reconnectez-vous par votre fournisseur d’identité pour continuer (
          <a href={`/connexion/oidc?suivant=${encodeURIComponent(next)}`}>se reconnecter</a>).
        </p>
      )}
    </>,
  );
}

/** The confirmation page: a password or a code typed again opens a new, recently confirmed session. */
export function mountConfirmPages(app: OpenAPIHono<AppEnv>) {
  app.get(CONFIRM_PATH, (c) => confirmPage(c, safeNext(c.req.query('suivant'), '/profil')));
  app.post(CONFIRM_PATH, async (c) => {
    const form = await readForm(c, confirmForm);
    const next = safeNext(form.suivant || c.req.query('suivant'), '/profil');
    try {
      const session = await confirmIdentity(c.get('ctx'), { password: form.password, code: form.code }, clientMeta(c));
      setSessionCookie(c, session.token);
    } catch (err) {
      const errors = formErrors(err);
      if (!errors) throw err;
      return confirmPage(c, next, errors);
    }
    setFlash(c, 'success', 'Identité confirmée pour 10 minutes.');
    return c.redirect(next, 303);
  });
}
