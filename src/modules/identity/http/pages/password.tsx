import type { OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../../../../platform/http/types.ts';
import { render } from '../../../../platform/ui/render.tsx';
import { ErrorSummary, Form, TextInput, formErrors, type FieldErrors } from '../../../../platform/ui/form.tsx';
import { setFlash } from '../../../../platform/ui/flash.ts';
import { formCsrfToken } from '../../../../platform/auth/csrf.ts';
import { MIN_PASSWORD_LENGTH } from '../../passwords.ts';
import { linkAccount, requestPasswordReset, setPasswordWithLink } from '../../credentials.ts';
import { field, readForm, secret } from '../forms.ts';
import type { LinkKind } from '../../links.ts';

const forgotForm = z.object({ email: field(320) });
const newPasswordForm = z.object({ password: secret(), confirmation: secret() });

const PASSWORD_HINT = `${MIN_PASSWORD_LENGTH} caractères au moins ; une phrase de plusieurs mots est plus sûre et plus facile à retenir. Les mots de passe les plus courants sont refusés.`;

const TEXTS: Record<LinkKind, { title: string; intro: string; done: string; path: string }> = {
  reset: { title: 'Nouveau mot de passe', intro: 'Choisissez le nouveau mot de passe du compte', done: 'Votre mot de passe a été changé ; vos sessions ont été fermées et vos jetons d’API ont été révoqués. Connectez-vous avec le nouveau.', path: '/reinitialiser' },
  invitation: { title: 'Activer votre compte', intro: 'Choisissez le mot de passe du compte', done: 'Votre compte est activé. Connectez-vous avec votre mot de passe.', path: '/invitation' },
};

export function mountPasswordPages(app: OpenAPIHono<AppEnv>) {
  const forgotPage = (c: Context<AppEnv>, errors?: FieldErrors | null) =>
    render(
      c,
      { title: 'Mot de passe oublié', status: errors ? 422 : 200, breadcrumbs: [{ href: '/connexion', label: 'Connexion' }, { label: 'Mot de passe oublié' }] },
      <>
        <h1>Mot de passe oublié</h1>
        <ErrorSummary errors={errors} />
        <p>Indiquez l’adresse e-mail de votre compte : vous recevrez un lien pour choisir un nouveau mot de passe, valable une heure.</p>
        <Form action="/mot-de-passe-oublie" csrf={formCsrfToken(c)} label="Demande de réinitialisation">
          <TextInput name="email" label="Adresse e-mail" type="email" autocomplete="email" required error={errors?.email} />
          <div class="actions">
            <button type="submit">Recevoir le lien</button>
          </div>
        </Form>
      </>,
    );

  app.get('/mot-de-passe-oublie', (c) => forgotPage(c));
  app.post('/mot-de-passe-oublie', async (c) => {
    const form = await readForm(c, forgotForm);
    if (!/^[^\s@]+@[^\s@]+$/.test(form.email.trim())) return forgotPage(c, { email: 'Adresse e-mail invalide.' });
    await requestPasswordReset(c.get('ctx'), form.email);
    // The same answer whether the address has an account or not.
    setFlash(c, 'info', 'Si un compte actif correspond à cette adresse, un message vient de lui être envoyé avec un lien valable une heure.');
    return c.redirect('/connexion', 303);
  });

  for (const kind of ['reset', 'invitation'] as const) {
    const t = TEXTS[kind];
    const page = async (c: Context<AppEnv>, errors?: FieldErrors | null) => {
      const token = c.req.param('token') ?? '';
      const account = await linkAccount(c.get('ctx'), token, kind);
      return render(
        c,
        { title: t.title, status: errors ? 422 : 200 },
        <>
          <h1>{t.title}</h1>
          <ErrorSummary errors={errors} />
          <p>
            {t.intro} <strong>{account.email}</strong> ({account.name}).
          </p>
          <Form action={`${t.path}/${token}`} csrf={formCsrfToken(c)} label={t.title}>
            <input type="text" name="username" value={account.email} autocomplete="username" hidden aria-hidden="true" tabindex={-1} />
            <TextInput name="password" label="Mot de passe" type="password" autocomplete="new-password" hint={PASSWORD_HINT} required error={errors?.password} />
            <TextInput name="confirmation" label="Confirmation du mot de passe" type="password" autocomplete="new-password" required error={errors?.confirmation} />
            <div class="actions">
              <button type="submit">Enregistrer le mot de passe</button>
            </div>
          </Form>
        </>,
      );
    };
    app.get(`${t.path}/:token`, (c) => page(c));
    app.post(`${t.path}/:token`, async (c) => {
      const form = await readForm(c, newPasswordForm);
      if (form.password !== form.confirmation) return page(c, { confirmation: 'Les deux mots de passe ne sont pas identiques.' });
      try {
        await setPasswordWithLink(c.get('ctx'), c.req.param('token'), kind, form.password);
      } catch (err) {
        const errors = formErrors(err);
        if (!errors) throw err;
        return page(c, errors);
      }
      setFlash(c, 'success', t.done);
      return c.redirect('/connexion', 303);
    });
  }
}
