import type { OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../../../../platform/http/types.ts';
import { render } from '../../../../platform/ui/render.tsx';
import { Checkbox, ErrorSummary, Form, ListFilters, Select, TextInput, formErrors, type FieldErrors } from '../../../../platform/ui/form.tsx';
import { ConfirmAction } from '../../../../platform/ui/confirm.tsx';
import { DataTable, type TableColumn } from '../../../../platform/ui/table.tsx';
import { exportResponse } from '../../../../platform/ui/export.ts';
import { parseListQuery } from '../../../../platform/ui/list.ts';
import { setFlash } from '../../../../platform/ui/flash.ts';
import { authorize, MEMBER_ROLES, ROLE_LABELS, STAFF_ROLES, type Role } from '../../../../platform/auth/permissions.ts';
import { changeUserRoles, listUsers, managedUser, resetUserTotp, revokeUserSessions, setUserActive, USER_LIST, visibleOrganisations, type UserListQuery } from '../../admin-users.ts';
import { inviteUser, organisationForUsers } from '../../users.ts';
import { Conflict } from '../../../../platform/errors.ts';
import { field, many, readForm } from '../forms.ts';
import { dateTime } from '../../../../platform/format.ts';

const BASE = '/admin/utilisateurs';
const inviteForm = z.object({ name: field(200), email: field(320), organisationId: field(40), roles: many() });
const rolesForm = z.object({ roles: many() });
const crumbs = (label?: string) => [{ href: '/', label: 'Accueil' }, ...(label ? [{ href: BASE, label: 'Utilisateurs' }, { label }] : [{ label: 'Utilisateurs' }])];

type Row = Awaited<ReturnType<typeof listUsers>>['rows'][number];
const roleList = (roles: string[]) => roles.map((r) => ROLE_LABELS[r as Role] ?? r).join(', ');

const columns: TableColumn<Row>[] = [
  { label: 'Nom', sort: 'name', value: (r) => r.name, render: (r) => <a href={`${BASE}/${r.id}`}>{r.name}</a> },
  { label: 'Adresse e-mail', sort: 'email', value: (r) => r.email },
  { label: 'Organisation', sort: 'organisation', value: (r) => r.organisationName },
  { label: 'Rôles', value: (r) => roleList(r.roles) },
  { label: 'Double authentification', value: (r) => (r.totpEnabledAt ? 'Activée' : 'Non') },
  { label: 'Statut', value: (r) => (r.active ? 'Actif' : 'Désactivé') },
  { label: 'Dernière connexion', sort: 'lastSignInAt', value: (r) => r.lastSignInAt, render: (r) => dateTime(r.lastSignInAt) },
];

async function invitePage(c: Context<AppEnv>, errors?: FieldErrors | null, values: Partial<z.output<typeof inviteForm>> = {}) {
  const ctx = c.get('ctx');
  authorize(ctx.actor, 'users.manage');
  const orgs = await visibleOrganisations(ctx);
  const roles: Role[] = ctx.actor!.side === 'syndicate' ? [...STAFF_ROLES, ...MEMBER_ROLES] : [...MEMBER_ROLES];
  return render(
    c,
    { title: 'Inviter un utilisateur', breadcrumbs: crumbs('Inviter'), status: errors ? 422 : 200 },
    <>
      <h1>Inviter un utilisateur</h1>
      <ErrorSummary errors={errors} />
      <p>La personne reçoit un lien, valable 7 jours et une seule fois, pour choisir son mot de passe.</p>
      <Form action={`${BASE}/inviter`} csrf={ctx.actor!.csrfToken} label="Inviter un utilisateur">
        <TextInput name="name" label="Nom et prénom" required value={values.name} error={errors?.name} />
        <TextInput name="email" label="Adresse e-mail" type="email" required value={values.email} error={errors?.email} />
        <Select name="organisationId" label="Organisation" required options={orgs.map((o) => ({ value: o.id, label: o.name }))} value={values.organisationId ?? (orgs.length === 1 ? orgs[0]!.id : '')} placeholder="Choisir…" error={errors?.organisationId} />
        <fieldset class="field">
          <legend>Rôles</legend>
          <span class="hint">Rôles du syndicat pour son personnel, rôles de collectivité pour les membres.</span>
          {errors?.roles ? <span class="field-error">Erreur : {errors.roles}</span> : null}
          {roles.map((r) => (
            <Checkbox name="roles" value={r} label={ROLE_LABELS[r]} checked={values.roles?.includes(r)} />
          ))}
        </fieldset>
        <div class="actions">
          <button type="submit">Envoyer l’invitation</button>
          <a href={BASE}>Annuler</a>
        </div>
      </Form>
    </>,
  );
}

async function userPage(c: Context<AppEnv>, errors?: FieldErrors | null) {
  const ctx = c.get('ctx');
  const user = await managedUser(ctx, c.req.param('id') ?? '', 'users.read');
  const { allowed } = await organisationForUsers(ctx, user.organisationId);
  const self = user.id === ctx.actor!.userId;
  const csrf = ctx.actor!.csrfToken;
  return render(
    c,
    { title: user.name, breadcrumbs: crumbs(user.name), status: errors ? 422 : 200 },
    <>
      <h1>{user.name}</h1>
      <ErrorSummary errors={errors} />
      <dl class="sheet">
        <dt>Adresse e-mail</dt>
        <dd>{user.email}</dd>
        <dt>Organisation</dt>
        <dd>{user.organisationName}</dd>
        <dt>Statut</dt>
        <dd>{user.active ? (user.invited ? 'Invité (mot de passe pas encore choisi)' : 'Actif') : 'Désactivé'}</dd>
        <dt>Double authentification</dt>
        <dd>{user.totpEnabledAt ? 'Activée' : 'Non activée'}</dd>
        <dt>Dernière connexion</dt>
        <dd>{dateTime(user.lastSignInAt)}</dd>
        <dt>Compte créé le</dt>
        <dd>{dateTime(user.createdAt)}</dd>
      </dl>
      {self ? (
        <p>
          C’est votre compte : gérez-le depuis <a href="/profil">votre profil</a>.
        </p>
      ) : (
        <>
          <h2>Rôles</h2>
          <Form action={`${BASE}/${user.id}/roles`} csrf={csrf} label="Rôles de l’utilisateur">
            <fieldset class="field">
              <legend>Rôles attribués</legend>
              {errors?.roles ? <span class="field-error">Erreur : {errors.roles}</span> : null}
              {allowed.map((r) => (
                <Checkbox name="roles" value={r} label={ROLE_LABELS[r]} checked={user.roles.includes(r)} />
              ))}
            </fieldset>
            <button type="submit">Enregistrer les rôles</button>
          </Form>
          <h2>Sécurité</h2>
          <ul class="actions">
            <li>
              <a class="button secondary" href={`${BASE}/${user.id}/revoquer-sessions`}>
                Fermer toutes ses sessions
              </a>
            </li>
            {user.totpEnabledAt ? (
              <li>
                <a class="button secondary" href={`${BASE}/${user.id}/reinitialiser-2fa`}>
                  Réinitialiser la double authentification
                </a>
              </li>
            ) : null}
            <li>
              <a class={user.active ? 'button danger' : 'button'} href={`${BASE}/${user.id}/${user.active ? 'desactiver' : 'reactiver'}`}>
                {user.active ? 'Désactiver le compte' : 'Réactiver le compte'}
              </a>
            </li>
          </ul>
        </>
      )}
    </>,
  );
}

const ACTIONS = {
  desactiver: { title: 'Désactiver le compte', message: 'La personne ne pourra plus se connecter ; ses sessions et ses jetons d’API sont fermés immédiatement.', label: 'Désactiver', done: 'Compte désactivé.', run: (ctx: AppEnv['Variables']['ctx'], id: string) => setUserActive(ctx, id, false) },
  reactiver: { title: 'Réactiver le compte', message: 'La personne pourra de nouveau se connecter.', label: 'Réactiver', done: 'Compte réactivé.', run: (ctx: AppEnv['Variables']['ctx'], id: string) => setUserActive(ctx, id, true) },
  'reinitialiser-2fa': { title: 'Réinitialiser la double authentification', message: 'Le second facteur et les codes de secours sont supprimés, les sessions fermées : la personne devra l’activer de nouveau.', label: 'Réinitialiser', done: 'Double authentification réinitialisée.', run: resetUserTotp },
  'revoquer-sessions': { title: 'Fermer toutes les sessions', message: 'La personne sera déconnectée de tous ses appareils et ses jetons d’API seront révoqués.', label: 'Fermer les sessions', done: 'Sessions fermées et jetons d’API révoqués.', run: revokeUserSessions },
} as const;

export function mountAdminPages(app: OpenAPIHono<AppEnv>) {
  app.get(BASE, async (c) => {
    const ctx = c.get('ctx');
    const q = parseListQuery(c.req.query(), USER_LIST) as UserListQuery & { format: 'html' | 'csv' | 'xlsx' };
    const { rows, total, scope } = await listUsers(ctx, q);
    if (q.format !== 'html') return exportResponse(c, q.format, 'utilisateurs', columns, rows);
    const orgs = scope === 'all' ? await visibleOrganisations(ctx) : [];
    const roleOptions = (scope === 'all' ? [...STAFF_ROLES, ...MEMBER_ROLES] : [...MEMBER_ROLES]).map((r) => ({ value: r, label: ROLE_LABELS[r] }));
    return render(
      c,
      { title: 'Utilisateurs', breadcrumbs: crumbs() },
      <>
        <h1>Utilisateurs</h1>
        <p class="actions">
          <a class="button" href={`${BASE}/inviter`}>
            Inviter un utilisateur
          </a>
          {scope === 'all' ? <a href="/admin/oidc">Connexion par fournisseur d’identité</a> : null}
        </p>
        <ListFilters
          action={BASE}
          query={q}
          searchLabel="Rechercher (nom, e-mail)"
          selects={[
            ...(scope === 'all' ? [{ name: 'organisation', label: 'Organisation', options: orgs.map((o) => ({ value: o.id, label: o.name })) }] : []),
            { name: 'role', label: 'Rôle', options: roleOptions },
            { name: 'statut', label: 'Statut', options: [{ value: 'actif', label: 'Actif' }, { value: 'inactif', label: 'Désactivé' }] },
          ]}
        />
        <DataTable caption="Comptes utilisateurs" columns={columns} rows={rows} total={total} query={q} basePath={BASE} />
      </>,
    );
  });

  app.get(`${BASE}/inviter`, (c) => invitePage(c));
  app.post(`${BASE}/inviter`, async (c) => {
    const form = await readForm(c, inviteForm);
    try {
      const made = await inviteUser(c.get('ctx'), { name: form.name, email: form.email, organisationId: form.organisationId, roles: form.roles });
      // The list, not the new account's sheet: the answer is the same for an address that has an account elsewhere.
      setFlash(c, 'success', `Invitation envoyée à ${made.email}.`);
      return c.redirect(BASE, 303);
    } catch (err) {
      const errors = formErrors(err) ?? (err instanceof Conflict ? { email: err.message } : null);
      if (!errors) throw err;
      return invitePage(c, errors, form);
    }
  });

  app.get(`${BASE}/:id`, (c) => userPage(c));
  app.post(`${BASE}/:id/roles`, async (c) => {
    const form = await readForm(c, rolesForm);
    try {
      await changeUserRoles(c.get('ctx'), c.req.param('id'), form.roles);
    } catch (err) {
      const errors = formErrors(err);
      if (!errors) throw err;
      return userPage(c, errors);
    }
    setFlash(c, 'success', 'Rôles enregistrés.');
    return c.redirect(`${BASE}/${c.req.param('id')}`, 303);
  });

  for (const [slug, a] of Object.entries(ACTIONS)) {
    app.get(`${BASE}/:id/${slug}`, async (c) => {
      const ctx = c.get('ctx');
      const user = await managedUser(ctx, c.req.param('id'));
      return render(
        c,
        { title: a.title, breadcrumbs: crumbs(user.name) },
        <ConfirmAction title={`${a.title} : ${user.name}`} message={a.message} action={`${BASE}/${user.id}/${slug}`} csrf={ctx.actor!.csrfToken} confirmLabel={a.label} cancelHref={`${BASE}/${user.id}`} danger={slug !== 'reactiver'} />,
      );
    });
    app.post(`${BASE}/:id/${slug}`, async (c) => {
      await a.run(c.get('ctx'), c.req.param('id'));
      setFlash(c, 'success', a.done);
      return c.redirect(`${BASE}/${c.req.param('id')}`, 303);
    });
  }
}
