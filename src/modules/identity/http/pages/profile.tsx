import type { OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../../../../platform/http/types.ts';
import { render } from '../../../../platform/ui/render.tsx';
import { Checkbox, ErrorSummary, Form, TextInput, formErrors, type FieldErrors } from '../../../../platform/ui/form.tsx';
import { ConfirmAction } from '../../../../platform/ui/confirm.tsx';
import { setFlash } from '../../../../platform/ui/flash.ts';
import { PERMISSIONS, ROLE_LABELS, type Permission } from '../../../../platform/auth/permissions.ts';
import { revokeAllSessions, revokeSession } from '../../sessions.ts';
import { changePassword } from '../../credentials.ts';
import { createApiToken, revokeApiToken } from '../../api-tokens.ts';
import { loadProfile } from '../../profile.ts';
import { CONFIRM_PATH } from '../../account-security.ts';
import { clearSessionCookie } from '../middleware.ts';
import { MIN_PASSWORD_LENGTH } from '../../passwords.ts';
import { field, many, pathId, readForm, secret } from '../forms.ts';
import { dateTime } from '../../../../platform/format.ts';

const passwordForm = z.object({ current: secret(), next: secret(), confirmation: secret() });
const tokenForm = z.object({ name: field(100), scopes: many(), days: field(4) });

interface ProfileState {
  passwordErrors?: FieldErrors | null;
  tokenErrors?: FieldErrors | null;
  newToken?: string;
}

async function profilePage(c: Context<AppEnv>, state: ProfileState = {}) {
  const ctx = c.get('ctx');
  const me = await loadProfile(ctx);
  const { actor, sessions: sessionsList, tokens, grantable } = me;
  const now = ctx.clock.now();
  const csrf = actor.csrfToken;
  const failed = Boolean(state.passwordErrors || state.tokenErrors);
  c.header('Cache-Control', 'no-store');
  return render(
    c,
    { title: 'Mon profil', status: failed ? 422 : 200, breadcrumbs: [{ href: '/', label: 'Accueil' }, { label: 'Mon profil' }] },
    <>
      <h1>Mon profil</h1>
      <dl class="sheet">
        <dt>Nom</dt>
        <dd>{actor.name}</dd>
        <dt>Adresse e-mail</dt>
        <dd>{actor.email}</dd>
        <dt>Rôles</dt>
        <dd>{actor.roles.map((r) => ROLE_LABELS[r] ?? r).join(', ')}</dd>
        <dt>Double authentification</dt>
        <dd>
          {me.totpEnabledAt ? `Activée (${me.recoveryCodesLeft} codes de secours restants)` : 'Désactivée'} —{' '}
          <a href="/profil/double-authentification">Gérer la double authentification</a>
        </dd>
      </dl>

      <h2 id="sessions">Sessions ouvertes</h2>
      <div class="table-wrap">
        <table>
          <caption>Appareils connectés à votre compte</caption>
          <thead>
            <tr>
              <th scope="col">Navigateur</th>
              <th scope="col">Adresse IP</th>
              <th scope="col">Ouverte le</th>
              <th scope="col">Dernière activité</th>
              <th scope="col">Action</th>
            </tr>
          </thead>
          <tbody>
            {sessionsList.map((s) => (
              <tr>
                <td>{s.userAgent ?? 'Inconnu'}</td>
                <td>{s.ip ?? '—'}</td>
                <td>{dateTime(s.createdAt)}</td>
                <td>{dateTime(s.lastSeenAt)}</td>
                <td>
                  {s.id === actor.sessionId ? (
                    'Session actuelle'
                  ) : (
                    <Form action={`/profil/sessions/${s.id}/revoquer`} csrf={csrf}>
                      <button type="submit" class="secondary">
                        Fermer<span class="visually-hidden"> la session ouverte le {dateTime(s.createdAt)}</span>
                      </button>
                    </Form>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p class="actions">
        <a class="button secondary" href="/profil/sessions/revoquer-tout">
          Se déconnecter de toutes les sessions
        </a>
      </p>

      <h2 id="mot-de-passe">Changer de mot de passe</h2>
      <ErrorSummary errors={state.passwordErrors} />
      <Form action="/profil/mot-de-passe" csrf={csrf} label="Changer de mot de passe">
        <input type="text" name="username" value={actor.email} autocomplete="username" hidden aria-hidden="true" tabindex={-1} />
        <TextInput name="current" label="Mot de passe actuel" type="password" autocomplete="current-password" required error={state.passwordErrors?.current} />
        <TextInput name="next" label="Nouveau mot de passe" type="password" autocomplete="new-password" hint={`${MIN_PASSWORD_LENGTH} caractères au moins ; les mots de passe courants sont refusés.`} required error={state.passwordErrors?.next} />
        <TextInput name="confirmation" label="Confirmation du nouveau mot de passe" type="password" autocomplete="new-password" required error={state.passwordErrors?.confirmation} />
        <div class="actions">
          <button type="submit">Changer le mot de passe</button>
        </div>
      </Form>

      <h2 id="jetons">Jetons d’API</h2>
      <p>Un jeton permet à un logiciel d’appeler l’API en votre nom (en-tête <code>Authorization: Bearer …</code>), limité aux permissions choisies.</p>
      {state.newToken ? (
        <div class="flash success" role="status">
          <p>Jeton créé. Copiez-le maintenant : il ne sera plus jamais affiché.</p>
          <p>
            <code>{state.newToken}</code>
          </p>
        </div>
      ) : null}
      {tokens.length > 0 ? (
        <div class="table-wrap">
          <table>
            <caption>Vos jetons d’API</caption>
            <thead>
              <tr>
                <th scope="col">Nom</th>
                <th scope="col">Début du jeton</th>
                <th scope="col">Permissions</th>
                <th scope="col">Expire le</th>
                <th scope="col">Dernier usage</th>
                <th scope="col">État</th>
              </tr>
            </thead>
            <tbody>
              {tokens.map((t) => (
                <tr>
                  <td>{t.name}</td>
                  <td>
                    <code>{t.prefix}…</code>
                  </td>
                  <td>{t.scopes.join(', ')}</td>
                  <td>{dateTime(t.expiresAt)}</td>
                  <td>{dateTime(t.lastUsedAt)}</td>
                  <td>
                    {t.revokedAt ? (
                      'Révoqué'
                    ) : t.expiresAt <= now ? (
                      'Expiré'
                    ) : (
                      <Form action={`/profil/jetons/${t.id}/revoquer`} csrf={csrf}>
                        <button type="submit" class="secondary">
                          Révoquer<span class="visually-hidden"> le jeton {t.name}</span>
                        </button>
                      </Form>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p>Aucun jeton.</p>
      )}
      <h3>Créer un jeton</h3>
      {me.confirmed ? null : (
        <p>
          Par sécurité, créer ou révoquer un jeton demande d’avoir saisi votre mot de passe il y a moins de 10 minutes :{' '}
          <a href={`${CONFIRM_PATH}?suivant=%2Fprofil`}>confirmer mon identité</a>.
        </p>
      )}
      <ErrorSummary errors={state.tokenErrors} />
      <Form action="/profil/jetons" csrf={csrf} label="Créer un jeton d’API">
        <TextInput name="name" label="Nom du jeton" hint="Par exemple le logiciel qui l’utilisera." required error={state.tokenErrors?.name} />
        <TextInput name="days" label="Durée de validité (jours)" type="number" min={1} max={366} value="90" required error={state.tokenErrors?.expiresInDays} />
        <fieldset class="field">
          <legend>Permissions</legend>
          {state.tokenErrors?.scopes ? <span class="field-error">Erreur : {state.tokenErrors.scopes}</span> : null}
          {grantable.map((p) => (
            <Checkbox name="scopes" value={p} label={`${PERMISSIONS[p as Permission].label} (${p})`} />
          ))}
        </fieldset>
        <div class="actions">
          <button type="submit">Créer le jeton</button>
        </div>
      </Form>
      <p class="hint">Dernière connexion : {dateTime(me.lastSignInAt)}</p>
    </>,
  );
}

export function mountProfilePages(app: OpenAPIHono<AppEnv>) {
  app.get('/profil', (c) => profilePage(c));

  app.post('/profil/mot-de-passe', async (c) => {
    const form = await readForm(c, passwordForm);
    if (form.next !== form.confirmation) return profilePage(c, { passwordErrors: { confirmation: 'Les deux mots de passe ne sont pas identiques.' } });
    try {
      await changePassword(c.get('ctx'), { current: form.current, next: form.next });
    } catch (err) {
      const errors = formErrors(err);
      if (!errors) throw err;
      return profilePage(c, { passwordErrors: errors });
    }
    setFlash(c, 'success', 'Mot de passe changé. Vos autres sessions ont été fermées et vos jetons d’API ont été révoqués.');
    return c.redirect('/profil', 303);
  });

  app.post('/profil/sessions/:id/revoquer', async (c) => {
    await revokeSession(c.get('ctx'), pathId(c));
    setFlash(c, 'success', 'Session fermée.');
    return c.redirect('/profil#sessions', 303);
  });

  app.get('/profil/sessions/revoquer-tout', (c) => {
    return render(
      c,
      { title: 'Se déconnecter partout', breadcrumbs: [{ href: '/profil', label: 'Mon profil' }, { label: 'Se déconnecter partout' }] },
      <ConfirmAction
        title="Se déconnecter de toutes les sessions"
        message="Toutes vos sessions, y compris celle-ci, seront fermées et vos jetons d’API révoqués : il faudra vous reconnecter sur chaque appareil et créer de nouveaux jetons."
        action="/profil/sessions/revoquer-tout"
        csrf={c.get('actor')!.csrfToken}
        confirmLabel="Fermer toutes les sessions"
        cancelHref="/profil"
      />,
    );
  });

  app.post('/profil/sessions/revoquer-tout', async (c) => {
    await revokeAllSessions(c.get('ctx'));
    clearSessionCookie(c);
    setFlash(c, 'success', 'Toutes vos sessions ont été fermées et vos jetons d’API ont été révoqués.');
    return c.redirect('/connexion', 303);
  });

  app.post('/profil/jetons', async (c) => {
    const form = await readForm(c, tokenForm);
    try {
      const made = await createApiToken(c.get('ctx'), { name: form.name, scopes: form.scopes, expiresInDays: Number(form.days) });
      return profilePage(c, { newToken: made.token });
    } catch (err) {
      const errors = formErrors(err);
      if (!errors) throw err;
      return profilePage(c, { tokenErrors: errors });
    }
  });

  app.post('/profil/jetons/:id/revoquer', async (c) => {
    await revokeApiToken(c.get('ctx'), pathId(c));
    setFlash(c, 'success', 'Jeton révoqué.');
    return c.redirect('/profil#jetons', 303);
  });
}
