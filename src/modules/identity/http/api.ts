import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import { z } from 'zod';
import type { AppEnv } from '../../platform/http/types.ts';
import { Unauthenticated } from '../../platform/errors.ts';
import { parseListQuery } from '../../platform/ui/list.ts';
import { clearSessionCookie, sessionToken, setSessionCookie } from './middleware.ts';
import { deleteSessionByToken } from './sessions.ts';
import { signInWithPassword } from './sign-in.ts';
import { listUsers, managedUser, USER_LIST, type UserListQuery } from './admin-users.ts';
import { clientMeta } from './web.ts';

const tags = ['Identité'];
const json = <S extends z.ZodType>(schema: S, description: string) => ({ content: { 'application/json': { schema } }, description });
const errors = { 401: { description: 'Non connecté ou identifiants refusés' }, 403: { description: 'Interdit' }, 404: { description: 'Introuvable' }, 422: { description: 'Données invalides' }, 429: { description: 'Trop de tentatives' } };

const loginBody = z
  .object({ email: z.string().max(320), password: z.string().max(1024), totp: z.string().max(40).optional().describe('Code à 6 chiffres (ou code de secours) quand la double authentification est activée') })
  .openapi('LoginInput');
const me = z
  .object({ userId: z.uuid(), email: z.string(), name: z.string(), organisationId: z.uuid(), side: z.enum(['syndicate', 'member']), roles: z.array(z.string()), tokenScopes: z.array(z.string()).optional() })
  .openapi('Me');
const user = z
  .object({ id: z.uuid(), name: z.string(), email: z.string(), roles: z.array(z.string()), active: z.boolean(), organisationId: z.uuid(), organisationName: z.string(), lastSignInAt: z.string().nullable(), totpEnabled: z.boolean() })
  .openapi('User');
const listQuery = z.object({ q: z.string().optional(), organisation: z.string().optional(), role: z.string().optional(), statut: z.enum(['actif', 'inactif']).optional(), tri: z.string().optional(), ordre: z.enum(['asc', 'desc']).optional(), page: z.string().optional(), taille: z.string().optional() });

const r = {
  login: createRoute({
    method: 'post',
    path: '/api/v1/auth/login',
    tags,
    summary: 'Ouvrir une session (cookie) ; renvoie le jeton CSRF à envoyer dans X-CSRF-Token',
    request: { body: { content: { 'application/json': { schema: loginBody } }, required: true } },
    responses: { 200: json(z.object({ csrfToken: z.string(), userId: z.uuid() }), 'Session ouverte'), ...errors },
  }),
  logout: createRoute({ method: 'post', path: '/api/v1/auth/logout', tags, summary: 'Fermer la session courante', responses: { 204: { description: 'Session fermée' }, ...errors } }),
  me: createRoute({ method: 'get', path: '/api/v1/auth/me', tags, summary: 'Qui suis-je (session ou jeton d’API)', responses: { 200: json(me, 'L’utilisateur connecté'), ...errors } }),
  users: createRoute({ method: 'get', path: '/api/v1/users', tags, summary: 'Utilisateurs visibles (toutes organisations pour le syndicat, la sienne pour un responsable)', request: { query: listQuery }, responses: { 200: json(z.object({ rows: z.array(user), total: z.number().int(), page: z.number().int(), pageSize: z.number().int() }), 'Une page d’utilisateurs'), ...errors } }),
  user: createRoute({ method: 'get', path: '/api/v1/users/{id}', tags, summary: 'Un utilisateur', request: { params: z.object({ id: z.string() }) }, responses: { 200: json(user, 'L’utilisateur'), ...errors } }),
};

const toUser = (u: { id: string; name: string; email: string; roles: string[]; active: boolean; organisationId: string; organisationName: string; lastSignInAt: Date | null; totpEnabledAt: Date | null }) => ({
  id: u.id,
  name: u.name,
  email: u.email,
  roles: u.roles,
  active: u.active,
  organisationId: u.organisationId,
  organisationName: u.organisationName,
  lastSignInAt: u.lastSignInAt?.toISOString() ?? null,
  totpEnabled: Boolean(u.totpEnabledAt),
});

export function mountIdentityApi(app: OpenAPIHono<AppEnv>) {
  app.openapi(r.login, async (c) => {
    const body = c.req.valid('json');
    const result = await signInWithPassword(c.get('ctx'), body, clientMeta(c));
    if (result.kind !== 'signed-in') throw new Unauthenticated('Code de double authentification requis (champ totp).', 'totp_required');
    setSessionCookie(c, result.token);
    return c.json({ csrfToken: result.csrfToken, userId: result.userId }, 200);
  });
  app.openapi(r.logout, async (c) => {
    if (!c.get('actor')?.sessionId) throw new Unauthenticated();
    const token = sessionToken(c);
    if (token) await deleteSessionByToken(c.get('ctx'), token);
    clearSessionCookie(c);
    return c.body(null, 204);
  });
  app.openapi(r.me, (c) => {
    const a = c.get('actor');
    if (!a) throw new Unauthenticated();
    return c.json({ userId: a.userId, email: a.email, name: a.name, organisationId: a.organisationId, side: a.side, roles: a.roles, tokenScopes: a.tokenScopes }, 200);
  });
  app.openapi(r.users, async (c) => {
    const q = parseListQuery(c.req.valid('query'), USER_LIST) as UserListQuery;
    const { rows, total } = await listUsers(c.get('ctx'), q);
    return c.json({ rows: rows.map(toUser), total, page: q.page, pageSize: q.pageSize }, 200);
  });
  app.openapi(r.user, async (c) => c.json(toUser(await managedUser(c.get('ctx'), c.req.valid('param').id, 'users.read')), 200));
}
