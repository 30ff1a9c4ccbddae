import { and, asc, count, eq, ilike, or, sql, type SQL } from 'drizzle-orm';
import type { Ctx } from '../../platform/context.ts';
import { inTransaction } from '../../platform/db/tx.ts';
import { toNumber } from '../../platform/db/types.ts';
import { audit } from '../../platform/audit/index.ts';
import { authorize, scopeOf, type Permission } from '../../platform/auth/permissions.ts';
import { Forbidden, NotFound, Unauthenticated } from '../../platform/errors.ts';
import { orderBy, pageWindow, type ListQuery, type ListSpec, containsPattern } from '../../platform/list.ts';
import { organisations } from '../members/index.ts';
import { sessions, users } from './schema.ts';
import { revokeAllApiTokens } from './api-tokens.ts';
import { checkRoles, organisationForUsers } from './users.ts';

export const USER_LIST: ListSpec<'name' | 'email' | 'organisation' | 'lastSignInAt', 'organisation' | 'role' | 'statut'> = {
  sortable: ['name', 'email', 'organisation', 'lastSignInAt'],
  defaultSort: 'name',
  filters: ['organisation', 'role', 'statut'],
};
export type UserListQuery = ListQuery<'name' | 'email' | 'organisation' | 'lastSignInAt', 'organisation' | 'role' | 'statut'>;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The users an actor may see: every organisation for the syndicate's admins, their own for a manager. */
export async function listUsers(ctx: Ctx, q: UserListQuery) {
  const scope = authorize(ctx.actor, 'users.read');
  const where: (SQL | undefined)[] = [];
  if (scope === 'own') where.push(eq(users.organisationId, ctx.actor!.organisationId));
  const org = q.filters.organisation;
  if (org) where.push(UUID.test(org) ? eq(users.organisationId, org) : sql`false`);
  if (q.filters.role) where.push(sql`${q.filters.role} = any(${users.roles})`);
  if (q.filters.statut === 'actif') where.push(eq(users.active, true));
  if (q.filters.statut === 'inactif') where.push(eq(users.active, false));
  if (q.q) {
    const like = containsPattern(q.q);
    where.push(or(ilike(users.name, like), ilike(users.email, like)));
  }
  const filter = and(...where);
  const { limit, offset } = pageWindow(q);
  const rows = await ctx.db
    .select({ id: users.id, name: users.name, email: users.email, roles: users.roles, active: users.active, totpEnabledAt: users.totpEnabledAt, lastSignInAt: users.lastSignInAt, organisationId: users.organisationId, organisationName: organisations.name })
    .from(users)
    .innerJoin(organisations, eq(organisations.id, users.organisationId))
    .where(filter)
    .orderBy(...orderBy(q, { name: sql`lower(${users.name})`, email: users.email, organisation: sql`lower(${organisations.name})`, lastSignInAt: users.lastSignInAt }, users.id))
    .limit(limit)
    .offset(offset);
  const [total] = await ctx.db.select({ n: count() }).from(users).innerJoin(organisations, eq(organisations.id, users.organisationId)).where(filter);
  return { rows, total: toNumber(total?.n), scope };
}

/** Organisations the actor may pick in the filter and the invitation form. */
export async function visibleOrganisations(ctx: Ctx) {
  const scope = authorize(ctx.actor, 'users.read');
  const query = ctx.db.select({ id: organisations.id, name: organisations.name, kind: organisations.kind }).from(organisations);
  return scope === 'own' ? query.where(eq(organisations.id, ctx.actor!.organisationId)) : query.orderBy(asc(organisations.name));
}

/** A user the actor may act on; another collectivity's user is "not found" (its existence is not revealed). */
export async function managedUser(ctx: Ctx, id: string, permission: Permission = 'users.manage') {
  if (!ctx.actor) throw new Unauthenticated();
  if (!UUID.test(id)) throw new NotFound('Utilisateur introuvable.');
  const [user] = await ctx.db
    .select({ id: users.id, name: users.name, email: users.email, roles: users.roles, active: users.active, totpEnabledAt: users.totpEnabledAt, lastSignInAt: users.lastSignInAt, createdAt: users.createdAt, passwordHash: users.passwordHash, organisationId: users.organisationId, organisationName: organisations.name })
    .from(users)
    .innerJoin(organisations, eq(organisations.id, users.organisationId))
    .where(eq(users.id, id));
  const scope = scopeOf(ctx.actor, permission);
  if (!user || !scope || (scope === 'own' && user.organisationId !== ctx.actor.organisationId)) {
    if (user && scopeOf(ctx.actor, 'users.read') === 'all') throw new Forbidden();
    throw new NotFound('Utilisateur introuvable.');
  }
  const { passwordHash, ...rest } = user;
  return { ...rest, invited: !passwordHash };
}

function notSelf(ctx: Ctx, userId: string) {
  if (ctx.actor?.userId === userId) throw new Forbidden('Vous ne pouvez pas faire cette action sur votre propre compte : demandez-la à un autre gestionnaire.');
}

export async function changeUserRoles(ctx: Ctx, userId: string, roles: string[]): Promise<void> {
  const user = await managedUser(ctx, userId);
  notSelf(ctx, userId);
  const { allowed } = await organisationForUsers(ctx, user.organisationId);
  const next = checkRoles(roles, allowed);
  await inTransaction(ctx, async (tx) => {
    await tx.db.update(users).set({ roles: next, updatedAt: tx.clock.now() }).where(eq(users.id, userId));
    await audit(tx, { action: 'user.roles_change', entity: 'user', entityId: userId, organisationId: user.organisationId, before: { roles: user.roles }, after: { roles: next } });
  });
}

/** Deactivating ends the user's sessions and API tokens at once; reactivating restores sign-in only. */
export async function setUserActive(ctx: Ctx, userId: string, active: boolean): Promise<void> {
  const user = await managedUser(ctx, userId);
  notSelf(ctx, userId);
  await inTransaction(ctx, async (tx) => {
    const now = tx.clock.now();
    await tx.db.update(users).set({ active, updatedAt: now }).where(eq(users.id, userId));
    if (!active) {
      await tx.db.delete(sessions).where(eq(sessions.userId, userId));
      await revokeAllApiTokens(tx, userId);
    }
    await audit(tx, { action: active ? 'user.reactivate' : 'user.deactivate', entity: 'user', entityId: userId, organisationId: user.organisationId, before: { active: user.active }, after: { active } });
  });
}

/** For a user who lost their phone and codes: second factor removed, sessions ended; they enrol again. */
export async function resetUserTotp(ctx: Ctx, userId: string): Promise<void> {
  const user = await managedUser(ctx, userId);
  notSelf(ctx, userId);
  await inTransaction(ctx, async (tx) => {
    await tx.db.update(users).set({ totpSecret: null, totpEnabledAt: null, recoveryCodeHashes: [], updatedAt: tx.clock.now() }).where(eq(users.id, userId));
    await tx.db.delete(sessions).where(eq(sessions.userId, userId));
    await audit(tx, { action: 'totp.reset', entity: 'user', entityId: userId, organisationId: user.organisationId });
  });
}

/** Signs a user out everywhere: every session ends and every API token is revoked. Audited. */
export async function revokeUserSessions(ctx: Ctx, userId: string): Promise<number> {
  const user = await managedUser(ctx, userId);
  return inTransaction(ctx, async (tx) => {
    const rows = await tx.db.delete(sessions).where(eq(sessions.userId, userId)).returning({ id: sessions.id });
    const tokens = await revokeAllApiTokens(tx, userId);
    await audit(tx, { action: 'session.revoke_all', entity: 'user', entityId: userId, organisationId: user.organisationId, after: { count: rows.length, apiTokens: tokens } });
    return rows.length;
  });
}
