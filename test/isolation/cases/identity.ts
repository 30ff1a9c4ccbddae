import { randomUUID } from 'node:crypto';
import { createApiToken, createSession, systemActor } from '../../../src/modules/identity/index.ts';
import { addOidcDomain } from '../../../src/modules/identity/oidc-accounts.ts';
import { createUser, syndicateOrganisation } from '../../helpers/factories.ts';
import { defineIsolation, type IsolationSetup, type RouteExemption } from '../harness.ts';

const own = (route: string): RouteExemption => ({ route, reason: 'n’agit que sur le compte de l’utilisateur connecté (aucun identifiant dans l’URL ni le formulaire)' });
const anonymous = (route: string): RouteExemption => ({ route, reason: 'page de connexion ou lien secret à usage unique : ne montre aucune donnée de collectivité' });
const U = '/admin/utilisateurs';

export default defineIsolation({
  module: 'identity',
  exemptions: [
    { route: 'POST /api/v1/auth/login', reason: 'ouverture de session anonyme : ne renvoie que le jeton CSRF de la session créée' },
    own('POST /api/v1/auth/logout'),
    own('GET /api/v1/auth/me'),
    ...['GET /connexion', 'POST /connexion', 'GET /connexion/verification', 'POST /connexion/verification', 'POST /deconnexion', 'GET /connexion/oidc', 'GET /connexion/oidc/retour', 'GET /mot-de-passe-oublie', 'POST /mot-de-passe-oublie', 'GET /reinitialiser/:token', 'POST /reinitialiser/:token', 'GET /invitation/:token', 'POST /invitation/:token'].map(anonymous),
    ...['GET /profil', 'POST /profil/mot-de-passe', 'GET /profil/sessions/revoquer-tout', 'POST /profil/sessions/revoquer-tout', 'POST /profil/jetons', 'GET /profil/double-authentification', 'POST /profil/double-authentification', 'POST /profil/double-authentification/codes', 'POST /profil/double-authentification/desactiver', 'GET /profil/confirmer', 'POST /profil/confirmer'].map(own),
    { route: `GET ${U}/inviter`, reason: 'formulaire vide ; la liste des organisations proposées est limitée à la sienne (testé dans src/modules/identity/accounts.test.ts)' },
  ],
  cases: [
    {
      name: 'un compte de B : fiche, rôles, désactivation, 2FA, sessions, listes et API',
      attackers: [['manager'], ['agent']],
      routes: [
        `GET ${U}`,
        `GET ${U}/:id`,
        `POST ${U}/:id/roles`,
        `GET ${U}/:id/desactiver`,
        `POST ${U}/:id/desactiver`,
        `GET ${U}/:id/reactiver`,
        `POST ${U}/:id/reactiver`,
        `GET ${U}/:id/reinitialiser-2fa`,
        `POST ${U}/:id/reinitialiser-2fa`,
        `GET ${U}/:id/revoquer-sessions`,
        `POST ${U}/:id/revoquer-sessions`,
        'GET /api/v1/users',
        'GET /api/v1/users/:id',
        `POST ${U}/inviter`,
      ],
      async setup({ t, b }): IsolationSetup {
        const name = `Bérénice Isolée ${randomUUID().slice(0, 6)}`;
        const user = await createUser(t.ctx, { organisationId: b.org.id, roles: ['agent'], name, totp: true });
        const q = encodeURIComponent(name.split(' ')[2]!);
        return {
          secrets: [name, user.email],
          targets: [
            { route: `GET ${U}`, path: `${U}?q=${q}`, expect: 'filtered' },
            { route: `GET ${U}`, path: `${U}?organisation=${b.org.id}`, expect: 'filtered' },
            { route: 'GET /api/v1/users', path: `/api/v1/users?q=${q}`, expect: 'filtered' },
            { route: 'GET /api/v1/users/:id', path: `/api/v1/users/${user.id}` },
            { route: `GET ${U}/:id`, path: `${U}/${user.id}` },
            { route: `POST ${U}/:id/roles`, path: `${U}/${user.id}/roles`, form: { roles: ['manager'] } },
            { route: `GET ${U}/:id/desactiver`, path: `${U}/${user.id}/desactiver` },
            { route: `POST ${U}/:id/desactiver`, path: `${U}/${user.id}/desactiver`, form: { confirme: '1' } },
            { route: `GET ${U}/:id/reactiver`, path: `${U}/${user.id}/reactiver` },
            { route: `POST ${U}/:id/reactiver`, path: `${U}/${user.id}/reactiver`, form: { confirme: '1' } },
            { route: `GET ${U}/:id/reinitialiser-2fa`, path: `${U}/${user.id}/reinitialiser-2fa` },
            { route: `POST ${U}/:id/reinitialiser-2fa`, path: `${U}/${user.id}/reinitialiser-2fa`, form: { confirme: '1' } },
            { route: `GET ${U}/:id/revoquer-sessions`, path: `${U}/${user.id}/revoquer-sessions` },
            { route: `POST ${U}/:id/revoquer-sessions`, path: `${U}/${user.id}/revoquer-sessions`, form: { confirme: '1' } },
            { route: `POST ${U}/inviter`, path: `${U}/inviter`, form: { name: 'Intrus', email: `intrus-${randomUUID().slice(0, 6)}@example.test`, organisationId: b.org.id, roles: ['agent'] } },
          ],
        };
      },
    },
    {
      name: 'une session et un jeton d’API de B',
      routes: ['POST /profil/sessions/:id/revoquer', 'POST /profil/jetons/:id/revoquer'],
      async setup({ t, b }): IsolationSetup {
        const other = await createSession(t.ctx, b.user.id, { userAgent: 'Navigateur de B' });
        const token = await createApiToken({ ...t.ctx, actor: b.actor }, { name: 'Jeton de B', scopes: ['users.read'] });
        return {
          targets: [
            { route: 'POST /profil/sessions/:id/revoquer', path: `/profil/sessions/${other.sessionId}/revoquer`, form: {} },
            { route: 'POST /profil/jetons/:id/revoquer', path: `/profil/jetons/${token.id}/revoquer`, form: {} },
          ],
        };
      },
    },
    {
      name: 'réglages OpenID Connect (réservés aux administrateurs du syndicat)',
      routes: ['GET /admin/oidc', 'POST /admin/oidc', 'POST /admin/oidc/:id/supprimer'],
      async setup({ t, b }): IsolationSetup {
        await syndicateOrganisation(t.ctx);
        const domain = `b-${randomUUID().slice(0, 6)}.example.fr`;
        const row = await addOidcDomain({ ...t.ctx, actor: await systemActor(t.ctx) }, { domain, organisationId: b.org.id, defaultRole: 'agent' });
        return {
          secrets: [domain],
          targets: [
            { route: 'GET /admin/oidc', path: '/admin/oidc', control: 'staff' },
            { route: 'POST /admin/oidc', path: '/admin/oidc', form: { domain: `x-${domain}`, organisationId: b.org.id, defaultRole: 'manager' }, control: 'staff' },
            { route: 'POST /admin/oidc/:id/supprimer', path: `/admin/oidc/${row.id}/supprimer`, form: {}, control: 'staff' },
          ],
        };
      },
    },
  ],
});
