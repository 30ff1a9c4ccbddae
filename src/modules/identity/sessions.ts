import { createHash, randomBytes } from 'node:crypto';
import { and, desc, eq, gt, sql } from 'drizzle-orm';
import { PgTransaction } from 'drizzle-orm/pg-core';
import type { Actor, Ctx } from '../../platform/context.ts';
import type { Config } from '../../config.ts';
import type { Role } from '../../platform/auth/permissions.ts';
import { inTransaction } from '../../platform/db/tx.ts';
import type { Db } from '../../platform/db/index.ts';
import { audit } from '../../platform/audit/index.ts';
import { NotFound } from '../../platform/errors.ts';
import { organisations } from '../members/index.ts';
import { sessions, users } from './schema.ts';
import { sessionActor } from './account-security.ts';
import { revokeAllApiTokens } from './api-tokens.ts';

export const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

/** A session waiting for its second factor lives this long. */
export const PENDING_SESSION_MS = 10 * 60_000;

/** Opens a session for a user; returns the secret token to put in the cookie (only its hash is stored). */
export async function createSession(
  ctx: Pick<Ctx, 'db' | 'clock' | 'config'>,
  userId: string,
  meta: { userAgent?: string; ip?: string } = {},
  options: { mfaPending?: boolean } = {},
): Promise<{ token: string; csrfToken: string; sessionId: string }> {
  const token = randomBytes(32).toString('base64url');
  const csrfToken = randomBytes(24).toString('base64url');
  const now = ctx.clock.now();
  const lifetime = options.mfaPending ? PENDING_SESSION_MS : ctx.config.SESSION_MAX_HOURS * 3_600_000;
  const [row] = await ctx.db
    .insert(sessions)
    .values({
      tokenHash: hashToken(token),
      userId,
      csrfToken,
      mfaPending: options.mfaPending ?? false,
      createdAt: now,
      lastSeenAt: now,
      expiresAt: new Date(now.getTime() + lifetime),
      userAgent: meta.userAgent?.slice(0, 300),
      ip: meta.ip,
    })
    .returning({ id: sessions.id });
  return { token, csrfToken, sessionId: row!.id };
}

/** Syndicate admins always need a second factor; other staff when TOTP_REQUIRED_FOR_STAFF is set. */
export function totpRequired(config: Pick<Config, 'TOTP_REQUIRED_FOR_STAFF'>, side: Actor['side'], roles: readonly string[]): boolean {
  return side === 'syndicate' && (roles.includes('admin') || config.TOTP_REQUIRED_FOR_STAFF);
}

const sessionQuery = (db: Db) =>
  db
    .select({
      sessionId: sessions.id,
      csrfToken: sessions.csrfToken,
      mfaPending: sessions.mfaPending,
      lastSeenAt: sessions.lastSeenAt,
      userId: users.id,
      email: users.email,
      name: users.name,
      roles: users.roles,
      active: users.active,
      totpEnabledAt: users.totpEnabledAt,
      organisationId: users.organisationId,
      orgKind: organisations.kind,
    })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .innerJoin(organisations, eq(organisations.id, users.organisationId))
    .where(and(eq(sessions.tokenHash, sql.placeholder('tokenHash')), gt(sessions.expiresAt, sql.placeholder('now'))))
    .prepare('identity_session_by_token');

/**
 * Read on every signed-in request: built once per database and sent as a named statement, which
 * PostgreSQL parses and plans once per connection instead of once per request.
 */
const preparedSessionQuery = new WeakMap<Db, ReturnType<typeof sessionQuery>>();

async function sessionRow(ctx: Pick<Ctx, 'db' | 'clock'>, token: string) {
  let query = ctx.db instanceof PgTransaction ? sessionQuery(ctx.db) : preparedSessionQuery.get(ctx.db);
  if (!query) preparedSessionQuery.set(ctx.db, (query = sessionQuery(ctx.db)));
  const [row] = await query.execute({ tokenHash: hashToken(token), now: ctx.clock.now() });
  return row && row.active ? row : null;
}

/**
 * The actor behind a session token, or null when unknown, expired, idle too long, waiting for its second
 * factor, or the user deactivated. `totpMissing`: the user must enrol a second factor before anything else.
 */
export async function resolveSession(ctx: Pick<Ctx, 'db' | 'clock' | 'config'>, token: string): Promise<{ actor: Actor; totpMissing: boolean } | null> {
  const row = await sessionRow(ctx, token);
  if (!row || row.mfaPending) return null;
  const now = ctx.clock.now();
  const idleMs = ctx.config.SESSION_IDLE_MINUTES * 60_000;
  if (now.getTime() - row.lastSeenAt.getTime() > idleMs) {
    await ctx.db.delete(sessions).where(eq(sessions.id, row.sessionId));
    return null;
  }
  // Refresh the idle clock at most once a minute to keep reads cheap.
  if (now.getTime() - row.lastSeenAt.getTime() > 60_000) {
    await ctx.db.update(sessions).set({ lastSeenAt: now }).where(eq(sessions.id, row.sessionId));
  }
  const side = row.orgKind === 'syndicate' ? 'syndicate' : 'member';
  const actor: Actor = {
    userId: row.userId,
    email: row.email,
    name: row.name,
    organisationId: row.organisationId,
    side,
    roles: row.roles as Role[],
    sessionId: row.sessionId,
    csrfToken: row.csrfToken,
  };
  return { actor, totpMissing: !row.totpEnabledAt && totpRequired(ctx.config, side, row.roles) };
}

export async function actorFromSession(ctx: Pick<Ctx, 'db' | 'clock' | 'config'>, token: string): Promise<Actor | null> {
  return (await resolveSession(ctx, token))?.actor ?? null;
}

/** The session waiting for a second factor behind a token, if any. */
export async function pendingSession(ctx: Pick<Ctx, 'db' | 'clock'>, token: string) {
  const row = await sessionRow(ctx, token);
  return row && row.mfaPending ? row : null;
}

export async function deleteSessionByToken(ctx: Pick<Ctx, 'db'>, token: string): Promise<void> {
  await ctx.db.delete(sessions).where(eq(sessions.tokenHash, hashToken(token)));
}

/** The actor's open sessions, most recent activity first. */
export async function listSessions(ctx: Ctx) {
  const actor = sessionActor(ctx);
  return ctx.db
    .select({ id: sessions.id, createdAt: sessions.createdAt, lastSeenAt: sessions.lastSeenAt, expiresAt: sessions.expiresAt, userAgent: sessions.userAgent, ip: sessions.ip })
    .from(sessions)
    .where(and(eq(sessions.userId, actor.userId), eq(sessions.mfaPending, false), gt(sessions.expiresAt, ctx.clock.now())))
    .orderBy(desc(sessions.lastSeenAt));
}

/** Ends one of the actor's sessions; another user's session is "not found". Audited. */
export async function revokeSession(ctx: Ctx, sessionId: string): Promise<void> {
  const actor = sessionActor(ctx);
  await inTransaction(ctx, async (tx) => {
    const rows = await tx.db.delete(sessions).where(and(eq(sessions.id, sessionId), eq(sessions.userId, actor.userId))).returning({ id: sessions.id });
    if (rows.length === 0) throw new NotFound('Session introuvable.');
    await audit(tx, { action: 'session.revoke', entity: 'user', entityId: actor.userId, organisationId: actor.organisationId, after: { sessionId } });
  });
}

/** "Sign out everywhere": ends every session of the actor, the current one included, and revokes their API tokens. Audited. */
export async function revokeAllSessions(ctx: Ctx): Promise<number> {
  const actor = sessionActor(ctx);
  return inTransaction(ctx, async (tx) => {
    const rows = await tx.db.delete(sessions).where(eq(sessions.userId, actor.userId)).returning({ id: sessions.id });
    const tokens = await revokeAllApiTokens(tx, actor.userId);
    await audit(tx, { action: 'session.revoke_all', entity: 'user', entityId: actor.userId, organisationId: actor.organisationId, after: { count: rows.length, apiTokens: tokens } });
    return rows.length;
  });
}
