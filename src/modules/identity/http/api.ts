import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import { body, ErrorBody, errors, idParam, json, listed, listOf, listQuery, noContent, readListQuery, type ApiListSpec } from '../../../platform/http/api.ts';
import type { AppEnv } from '../../../platform/http/types.ts';
import { MEMBER_ROLES, STAFF_ROLES } from '../../../platform/auth/permissions.ts';
import { Unauthenticated } from '../../../platform/errors.ts';
import { clearSessionCookie, sessionToken, setSessionCookie } from './middleware.ts';
import { deleteSessionByToken } from '../sessions.ts';
import { signInWithPassword } from '../sign-in.ts';
import { listUsers, managedUser, USER_LIST, type UserListQuery } from '../admin-users.ts';
import { clientMeta } from './forms.ts';
import { LoginInput, Me, meDto, Session, User, userDto } from './dto.ts';

const tags = ['Identité'];
/** Sign-in answers 429 while an account or an address is slowed down or locked. */
const signInErrors = { ...errors, 429: json(ErrorBody, 'Trop de tentatives de connexion') };

type UserFilter = 'organisationId' | 'role' | 'status';
/** The users list of the API: English names; the page's French ones (`organisation`, `statut`) read for one release. */
const USER_API_LIST: ApiListSpec<(typeof USER_LIST.sortable)[number], UserFilter> = {
  sortable: USER_LIST.sortable,
  defaultSort: USER_LIST.defaultSort,
  filters: ['organisationId', 'role', 'status'],
  filterValues: { role: [...STAFF_ROLES, ...MEMBER_ROLES], status: ['active', 'inactive'] },
  aliases: { organisation: 'organisationId', statut: 'status' },
};
const STATUS_FILTER = { active: 'actif', inactive: 'inactif' } as const;

const r = {
  login: createRoute({ method: 'post', path: '/api/v1/auth/login', tags, summary: 'Ouvrir une session (cookie) ; renvoie le jeton CSRF à envoyer dans X-CSRF-Token', request: body(LoginInput), responses: { 200: json(Session, 'Session ouverte'), ...signInErrors } }),
  logout: createRoute({ method: 'post', path: '/api/v1/auth/logout', tags, summary: 'Fermer la session courante (un jeton d’API : 403 session_required)', responses: { ...noContent, ...errors } }),
  me: createRoute({ method: 'get', path: '/api/v1/auth/me', tags, summary: 'Qui suis-je (session ou jeton d’API)', responses: { 200: json(Me, 'L’utilisateur connecté'), ...errors } }),
  users: createRoute({ method: 'get', path: '/api/v1/users', tags, summary: 'Utilisateurs visibles (toutes organisations pour le syndicat, la sienne pour un responsable)', request: { query: listQuery(USER_API_LIST) }, responses: { 200: json(listOf(User, 'UserPage'), 'Une page d’utilisateurs'), ...errors } }),
  user: createRoute({ method: 'get', path: '/api/v1/users/{id}', tags, summary: 'Un utilisateur', request: { params: idParam }, responses: { 200: json(User, 'L’utilisateur'), ...errors } }),
};

export function mountIdentityApi(app: OpenAPIHono<AppEnv>) {
  app.openapi(r.login, async (c) => {
    const result = await signInWithPassword(c.get('ctx'), c.req.valid('json'), clientMeta(c));
    if (result.kind !== 'signed-in') throw new Unauthenticated('Code de double authentification requis (champ totp).', 'totp_required');
    setSessionCookie(c, result.token);
    return c.json({ csrfToken: result.csrfToken, userId: result.userId }, 200);
  });
  app.openapi(r.logout, async (c) => {
    const token = sessionToken(c);
    if (token) await deleteSessionByToken(c.get('ctx'), token);
    clearSessionCookie(c);
    return c.body(null, 204);
  });
  app.openapi(r.me, (c) => {
    const actor = c.get('actor');
    if (!actor) throw new Unauthenticated();
    return c.json(meDto(actor), 200);
  });
  app.openapi(r.users, async (c) => {
    const q = readListQuery(c, USER_API_LIST);
    const { organisationId, role, status } = q.filters;
    const query: UserListQuery = { ...q, filters: { organisation: organisationId, role, statut: status ? STATUS_FILTER[status as keyof typeof STATUS_FILTER] : undefined } };
    const { rows, total } = await listUsers(c.get('ctx'), query);
    return c.json(listed({ rows: rows.map(userDto), total }, q), 200);
  });
  app.openapi(r.user, async (c) => c.json(userDto(await managedUser(c.get('ctx'), c.req.valid('param').id, 'users.read')), 200));
}
