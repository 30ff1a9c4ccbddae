import type { OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../../../../platform/http/types.ts';
import { render } from '../../../../platform/ui/render.tsx';
import { ErrorSummary, Form, TextInput, formErrors, type FieldErrors } from '../../../../platform/ui/form.tsx';
import { setFlash } from '../../../../platform/ui/flash.ts';
import { confirmTotp, disableTotp, regenerateRecoveryCodes } from '../../totp.ts';
import { loadTotpPage } from '../../profile.ts';
import { TOTP_SETUP_PATH } from '../../account-security.ts';
import { field, readForm, secret } from '../forms.ts';

const codeForm = z.object({ code: field(20) });
const passwordForm = z.object({ password: secret() });
const crumbs = [{ href: '/profil', label: 'Mon profil' }, { label: 'Double authentification' }];

function RecoveryCodes(p: { codes: string[] }) {
  return (
    <section aria-labelledby="codes-titre">
      <h2 id="codes-titre">Vos codes de secours</h2>
      <p>
        Conservez-les en lieu sûr (gestionnaire de mots de passe, papier rangé). Chacun permet <strong>une</strong> connexion si vous
        n’avez plus votre téléphone. Ils ne seront plus affichés.
      </p>
      <ul class="recovery-codes">
        {p.codes.map((code) => (
          <li>
            <code>{code}</code>
          </li>
        ))}
      </ul>
      <p>
        <a class="button" href="/profil">
          J’ai conservé mes codes
        </a>
      </p>
    </section>
  );
}

async function totpPage(c: Context<AppEnv>, errors?: FieldErrors | null, codes?: string[]) {
  c.header('Cache-Control', 'no-store');
  if (codes) {
    return render(c, { title: 'Double authentification activée', breadcrumbs: crumbs }, <><h1>Double authentification activée</h1><RecoveryCodes codes={codes} /></>);
  }
  const { actor, mandatory, recoveryCodesLeft, enrolment } = await loadTotpPage(c.get('ctx'));
  if (!enrolment) {
    return render(
      c,
      { title: 'Double authentification', breadcrumbs: crumbs, status: errors ? 422 : 200 },
      <>
        <h1>Double authentification</h1>
        <ErrorSummary errors={errors} />
        <p>
          La double authentification est <strong>activée</strong> sur votre compte. Il vous reste {recoveryCodesLeft} codes de secours.
        </p>
        <h2>Codes de secours</h2>
        <Form action={`${TOTP_SETUP_PATH}/codes`} csrf={actor.csrfToken} label="Nouveaux codes de secours">
          <p>De nouveaux codes remplacent tous les anciens.</p>
          <button type="submit" class="secondary">
            Générer de nouveaux codes de secours
          </button>
        </Form>
        <h2>Désactiver</h2>
        {mandatory ? (
          <p>La double authentification est obligatoire pour votre rôle : elle ne peut pas être désactivée.</p>
        ) : (
          <Form action={`${TOTP_SETUP_PATH}/desactiver`} csrf={actor.csrfToken} label="Désactiver la double authentification">
            <input type="text" name="username" value={actor.email} autocomplete="username" hidden aria-hidden="true" tabindex={-1} />
            <TextInput name="password" label="Mot de passe actuel" type="password" autocomplete="current-password" required error={errors?.password} />
            <button type="submit" class="danger">
              Désactiver la double authentification
            </button>
          </Form>
        )}
      </>,
    );
  }
  return render(
    c,
    { title: 'Activer la double authentification', breadcrumbs: crumbs, status: errors ? 422 : 200 },
    <>
      <h1>Activer la double authentification</h1>
      {mandatory ? (
        <div class="flash warning" role="status">
          La double authentification est obligatoire pour votre rôle : activez-la pour continuer.
        </div>
      ) : null}
      <ErrorSummary errors={errors} />
      <ol>
        <li>Installez une application d’authentification (par exemple FreeOTP, Aegis, Google Authenticator ou Microsoft Authenticator).</li>
        <li>Scannez ce QR code avec l’application, ou saisissez la clé ci-dessous.</li>
        <li>Saisissez le code à 6 chiffres que l’application affiche.</li>
      </ol>
      <p>
        <img src={enrolment.qrDataUri} alt="QR code à scanner avec votre application d’authentification" width={220} height={220} />
      </p>
      <p>
        Clé à saisir : <code class="totp-secret">{enrolment.secret.replace(/(.{4})/g, '$1 ').trim()}</code>
      </p>
      <Form action={TOTP_SETUP_PATH} csrf={actor.csrfToken} label="Confirmer la double authentification">
        <TextInput name="code" label="Code à 6 chiffres" autocomplete="one-time-code" inputmode="numeric" required error={errors?.code} />
        <button type="submit">Activer</button>
      </Form>
    </>,
  );
}

export function mountTotpPages(app: OpenAPIHono<AppEnv>) {
  app.get(TOTP_SETUP_PATH, (c) => totpPage(c));
  app.post(TOTP_SETUP_PATH, async (c) => {
    const form = await readForm(c, codeForm);
    try {
      return totpPage(c, null, await confirmTotp(c.get('ctx'), form.code));
    } catch (err) {
      const errors = formErrors(err);
      if (!errors) throw err;
      return totpPage(c, errors);
    }
  });
  app.post(`${TOTP_SETUP_PATH}/codes`, async (c) => {
    return totpPage(c, null, await regenerateRecoveryCodes(c.get('ctx')));
  });
  app.post(`${TOTP_SETUP_PATH}/desactiver`, async (c) => {
    const form = await readForm(c, passwordForm);
    try {
      await disableTotp(c.get('ctx'), form.password);
    } catch (err) {
      const errors = formErrors(err);
      if (!errors) throw err;
      return totpPage(c, errors);
    }
    setFlash(c, 'success', 'Double authentification désactivée.');
    return c.redirect('/profil', 303);
  });
}
