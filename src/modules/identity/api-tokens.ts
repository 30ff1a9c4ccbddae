import { randomBytes } from 'node:crypto';
import { and, desc, eq, gt, isNull } from 'drizzle-orm';
import type { Actor, Ctx } from '../../platform/context.ts';
import { inTransaction } from '../../platform/db/tx.ts';
import { audit } from '../../platform/audit/index.ts';
import { PERMISSIONS, scopeOf, type Permission, type Role } from '../../platform/auth/permissions.ts';
import { Forbidden, Invalid, NotFound, Unauthenticated } from '../../platform/errors.ts';
import { organisations } from '../members/index.ts';
import { apiTokens, users } from './schema.ts';
import { sha256 } from './links.ts';
import { sessionActor } from './account-security.ts';

export const TOKEN_PREFIX = 'mut_';
export const MAX_TOKEN_DAYS = 366;

/** The permissions a user's roles grant: the scopes they may put on a token. */
export function grantablePermissions(roles: readonly Role[]): Permission[] {
  const probe = { roles: [...roles] } as Actor;
  return (Object.keys(PERMISSIONS) as Permission[]).filter((p) => scopeOf(probe, p) !== null);
}

export interface CreateApiTokenInput {
  /** Whose token; defaults to the actor. Only an administrator of the syndicate makes tokens for others. */
  userId?: string;
  name: string;
  /** Permission names, or `*` for every permission of the user's roles. */
  scopes: string[];
  expiresInDays?: number;
}

/** Creates a bearer token; the secret is returned once and only its hash is kept. Audited. */
export async function createApiToken(ctx: Ctx, input: CreateApiTokenInput): Promise<{ id: string; token: string; expiresAt: Date; scopes: string[] }> {
  const actor = ctx.actor;
  if (!actor) throw new Unauthenticated();
  const userId = input.userId ?? actor.userId;
  if (userId !== actor.userId && !(actor.roles.includes('admin') && actor.side === 'syndicate')) throw new Forbidden();
  // A token never widens its maker's power: one made with a token keeps within that token's scopes.
  if (actor.tokenScopes) throw new Forbidden('Un jeton d’API ne peut pas créer d’autre jeton.');
  const [user] = await ctx.db.select({ id: users.id, roles: users.roles, active: users.active, organisationId: users.organisationId }).from(users).where(eq(users.id, userId));
  if (!user || !user.active) throw new NotFound('Utilisateur introuvable.');
  const name = input.name.trim();
  const days = input.expiresInDays ?? 90;
  const fields: Record<string, string> = {};
  if (name.length < 2 || name.length > 100) fields.name = 'Le nom doit contenir entre 2 et 100 caractères.';
  if (!Number.isInteger(days) || days < 1 || days > MAX_TOKEN_DAYS) fields.expiresInDays = `La durée doit être comprise entre 1 et ${MAX_TOKEN_DAYS} jours.`;
  const grantable = grantablePermissions(user.roles as Role[]);
  const scopes = [...new Set(input.scopes)];
  if (scopes.length === 0) fields.scopes = 'Choisissez au moins une permission.';
  const refused = scopes.filter((s) => s !== '*' && !grantable.includes(s as Permission));
  if (refused.length > 0) fields.scopes = `Permissions non accordées à ce compte : ${refused.join(', ')}.`;
  if (Object.keys(fields).length > 0) throw new Invalid(undefined, fields);
  const token = TOKEN_PREFIX + randomBytes(32).toString('base64url');
  const now = ctx.clock.now();
  const expiresAt = new Date(now.getTime() + days * 86_400_000);
  return inTransaction(ctx, async (tx) => {
    const [row] = await tx.db
      .insert(apiTokens)
      .values({ userId, name, prefix: token.slice(0, 10), tokenHash: sha256(token), scopes, expiresAt, createdAt: now })
      .returning({ id: apiTokens.id });
    await audit(tx, { action: 'api_token.create', entity: 'api_token', entityId: row!.id, organisationId: user.organisationId, after: { userId, name, scopes, expiresAt } });
    return { id: row!.id, token, expiresAt, scopes };
  });
}

/** The actor's own tokens, newest first (the secret is never shown again). */
export async function listApiTokens(ctx: Ctx) {
  const actor = sessionActor(ctx);
  return ctx.db
    .select({ id: apiTokens.id, name: apiTokens.name, prefix: apiTokens.prefix, scopes: apiTokens.scopes, expiresAt: apiTokens.expiresAt, lastUsedAt: apiTokens.lastUsedAt, revokedAt: apiTokens.revokedAt, createdAt: apiTokens.createdAt })
    .from(apiTokens)
    .where(eq(apiTokens.userId, actor.userId))
    .orderBy(desc(apiTokens.createdAt));
}

/** Revokes one of the actor's tokens; another user's token is "not found". Audited. */
export async function revokeApiToken(ctx: Ctx, tokenId: string): Promise<void> {
  const actor = sessionActor(ctx);
  await inTransaction(ctx, async (tx) => {
    const rows = await tx.db
      .update(apiTokens)
      .set({ revokedAt: tx.clock.now() })
      .where(and(eq(apiTokens.id, tokenId), eq(apiTokens.userId, actor.userId), isNull(apiTokens.revokedAt)))
      .returning({ id: apiTokens.id, name: apiTokens.name });
    if (rows.length === 0) throw new NotFound('Jeton introuvable.');
    await audit(tx, { action: 'api_token.revoke', entity: 'api_token', entityId: tokenId, organisationId: actor.organisationId, before: { name: rows[0]!.name } });
  });
}

/**
 * Revokes every live token of a user: a password change, a reset link, "sign out everywhere" or a
 * deactivation ends the API access that came from the old credentials too. Returns how many were revoked.
 */
export async function revokeAllApiTokens(ctx: Pick<Ctx, 'db' | 'clock'>, userId: string): Promise<number> {
  const rows = await ctx.db
    .update(apiTokens)
    .set({ revokedAt: ctx.clock.now() })
    .where(and(eq(apiTokens.userId, userId), isNull(apiTokens.revokedAt)))
    .returning({ id: apiTokens.id });
  return rows.length;
}

/** The actor behind a bearer token, or null when unknown, revoked, expired or its user deactivated. */
export async function actorFromApiToken(ctx: Pick<Ctx, 'db' | 'clock'>, token: string): Promise<Actor | null> {
  if (!token.startsWith(TOKEN_PREFIX)) return null;
  const now = ctx.clock.now();
  const [row] = await ctx.db
    .select({ id: apiTokens.id, scopes: apiTokens.scopes, lastUsedAt: apiTokens.lastUsedAt, userId: users.id, email: users.email, name: users.name, roles: users.roles, active: users.active, organisationId: users.organisationId, orgKind: organisations.kind })
    .from(apiTokens)
    .innerJoin(users, eq(users.id, apiTokens.userId))
    .innerJoin(organisations, eq(organisations.id, users.organisationId))
    .where(and(eq(apiTokens.tokenHash, sha256(token)), isNull(apiTokens.revokedAt), gt(apiTokens.expiresAt, now)));
  if (!row || !row.active) return null;
  if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() > 60_000) {
    await ctx.db.update(apiTokens).set({ lastUsedAt: now }).where(eq(apiTokens.id, row.id));
  }
  return {
    userId: row.userId,
    email: row.email,
    name: row.name,
    organisationId: row.organisationId,
    side: row.orgKind === 'syndicate' ? 'syndicate' : 'member',
    roles: row.roles as Role[],
    tokenScopes: row.scopes,
  };
}
