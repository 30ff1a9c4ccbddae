import { createHash, randomBytes } from 'node:crypto';
import { and, eq, gt, isNull } from 'drizzle-orm';
import type { Ctx } from '../../platform/context.ts';
import type { Db } from '../../platform/db/types.ts';
import { userTokens } from './schema.ts';

export const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');

export const LINK_LIFETIME_MS = { invitation: 7 * 24 * 3_600_000, reset: 3_600_000 } as const;
export type LinkKind = keyof typeof LINK_LIFETIME_MS;

/** Issues a single-use e-mail link token (only its hash is stored); earlier unused links of that kind die. */
export async function issueLink(ctx: Pick<Ctx, 'db' | 'clock'>, userId: string, kind: LinkKind): Promise<string> {
  const token = randomBytes(32).toString('base64url');
  const now = ctx.clock.now();
  await ctx.db.update(userTokens).set({ usedAt: now }).where(and(eq(userTokens.userId, userId), eq(userTokens.kind, kind), isNull(userTokens.usedAt)));
  await ctx.db.insert(userTokens).values({ userId, kind, tokenHash: sha256(token), expiresAt: new Date(now.getTime() + LINK_LIFETIME_MS[kind]), createdAt: now });
  return token;
}

/** The live link row for a token, or null when unknown, used or expired. */
export async function findLiveLink(ctx: { db: Db; clock: Ctx['clock'] }, token: string, kind: LinkKind) {
  const [row] = await ctx.db
    .select()
    .from(userTokens)
    .where(and(eq(userTokens.tokenHash, sha256(token)), eq(userTokens.kind, kind), isNull(userTokens.usedAt), gt(userTokens.expiresAt, ctx.clock.now())));
  return row ?? null;
}

/** Marks the link used; false when another request used it first (single use under concurrency). */
export async function consumeLink(ctx: { db: Db; clock: Ctx['clock'] }, id: string): Promise<boolean> {
  const rows = await ctx.db
    .update(userTokens)
    .set({ usedAt: ctx.clock.now() })
    .where(and(eq(userTokens.id, id), isNull(userTokens.usedAt)))
    .returning({ id: userTokens.id });
  return rows.length === 1;
}
