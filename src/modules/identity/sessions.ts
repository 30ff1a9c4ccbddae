import { createHash, randomBytes } from 'node:crypto';
import { and, eq, gt } from 'drizzle-orm';
import type { Actor, Ctx } from '../../platform/context.ts';
import type { Role } from '../../platform/auth/permissions.ts';
import { organisations } from '../members/schema.ts';
import { sessions, users } from './schema.ts';

export const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

/** Opens a session for a user; returns the secret token to put in the cookie (only its hash is stored). */
export async function createSession(
  ctx: Pick<Ctx, 'db' | 'clock' | 'config'>,
  userId: string,
  meta: { userAgent?: string; ip?: string } = {},
): Promise<{ token: string; csrfToken: string; sessionId: string }> {
  const token = randomBytes(32).toString('base64url');
  const csrfToken = randomBytes(24).toString('base64url');
  const now = ctx.clock.now();
  const [row] = await ctx.db
    .insert(sessions)
    .values({
      tokenHash: hashToken(token),
      userId,
      csrfToken,
      createdAt: now,
      lastSeenAt: now,
      expiresAt: new Date(now.getTime() + ctx.config.SESSION_MAX_HOURS * 3_600_000),
      userAgent: meta.userAgent?.slice(0, 300),
      ip: meta.ip,
    })
    .returning({ id: sessions.id });
  return { token, csrfToken, sessionId: row!.id };
}

/** The actor behind a session token, or null when unknown, expired, idle too long or the user deactivated. */
export async function actorFromSession(ctx: Pick<Ctx, 'db' | 'clock' | 'config'>, token: string): Promise<Actor | null> {
  const now = ctx.clock.now();
  const [row] = await ctx.db
    .select({
      sessionId: sessions.id,
      csrfToken: sessions.csrfToken,
      lastSeenAt: sessions.lastSeenAt,
      userId: users.id,
      email: users.email,
      name: users.name,
      roles: users.roles,
      active: users.active,
      organisationId: users.organisationId,
      orgKind: organisations.kind,
    })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .innerJoin(organisations, eq(organisations.id, users.organisationId))
    .where(and(eq(sessions.tokenHash, hashToken(token)), gt(sessions.expiresAt, now)));
  if (!row || !row.active) return null;
  const idleMs = ctx.config.SESSION_IDLE_MINUTES * 60_000;
  if (now.getTime() - row.lastSeenAt.getTime() > idleMs) {
    await ctx.db.delete(sessions).where(eq(sessions.id, row.sessionId));
    return null;
  }
  // Refresh the idle clock at most once a minute to keep reads cheap.
  if (now.getTime() - row.lastSeenAt.getTime() > 60_000) {
    await ctx.db.update(sessions).set({ lastSeenAt: now }).where(eq(sessions.id, row.sessionId));
  }
  return {
    userId: row.userId,
    email: row.email,
    name: row.name,
    organisationId: row.organisationId,
    side: row.orgKind === 'syndicate' ? 'syndicate' : 'member',
    roles: row.roles as Role[],
    sessionId: row.sessionId,
    csrfToken: row.csrfToken,
  };
}
