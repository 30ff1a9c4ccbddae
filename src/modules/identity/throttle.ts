import { and, eq, isNull, lte, or, sql } from 'drizzle-orm';
import type { Ctx } from '../../platform/context.ts';
import { TooManyRequests } from '../../platform/errors.ts';
import { signInThrottle } from './schema.ts';

/**
 * Sign-in throttling, shared by every instance through the database. Attempts are counted per account
 * (the e-mail typed, known or not, so that answers never reveal whether an account exists) and per IP.
 * Past SLOW_AFTER failures each new attempt must wait SLOW_MS; past LOCK_AFTER the key is locked LOCK_MS.
 */
export const THROTTLE = {
  windowMs: 15 * 60_000,
  account: { slowAfter: 5, slowMs: 60_000, lockAfter: 10, lockMs: 15 * 60_000 },
  ip: { slowAfter: 30, slowMs: 60_000, lockAfter: 100, lockMs: 15 * 60_000 },
} as const;

export const accountKey = (email: string) => `account:${email.trim().toLowerCase()}`;
export const ipKey = (ip: string) => `ip:${ip}`;

function minutes(ms: number): string {
  const m = Math.max(1, Math.ceil(ms / 60_000));
  return m === 1 ? '1 minute' : `${m} minutes`;
}

const policyOf = (key: string) => (key.startsWith('ip:') ? THROTTLE.ip : THROTTLE.account);

function throttled(key: string, failures: number, wait: number): TooManyRequests {
  return new TooManyRequests(
    failures >= policyOf(key).lockAfter
      ? `Trop d’échecs de connexion : par sécurité, les connexions sont bloquées pendant ${minutes(wait)}. Vous pouvez aussi réinitialiser votre mot de passe.`
      : `Trop de tentatives de connexion : patientez ${minutes(wait)} avant de réessayer.`,
    key.startsWith('ip:') ? 'ip_throttled' : 'account_throttled',
  );
}

/**
 * Counts an attempt on each key BEFORE the password or code is checked, and throws the French 429 when a
 * key is slowed down or locked (a refused attempt is not counted). The count and the decision are one
 * conditional UPDATE per key, under the row's lock: concurrent attempts on several instances each get their
 * own number, and the attempt that reaches a threshold sets the wait at once, so the ones after it are refused
 * without being checked. Returns true when this attempt has just locked a key (audited if it fails).
 */
export async function claimAttempt(ctx: Pick<Ctx, 'db' | 'clock'>, keys: string[]): Promise<boolean> {
  const now = ctx.clock.now();
  const nowSql = sql`${now.toISOString()}::timestamptz`;
  const expired = sql`${signInThrottle.windowStartedAt} < ${new Date(now.getTime() - THROTTLE.windowMs).toISOString()}::timestamptz`;
  const count = sql`(case when ${expired} then 1 else ${signInThrottle.failures} + 1 end)`;
  let locking = false;
  for (const key of keys) {
    const policy = policyOf(key);
    await ctx.db.insert(signInThrottle).values({ key, failures: 0, windowStartedAt: now, updatedAt: now }).onConflictDoNothing();
    const [row] = await ctx.db
      .update(signInThrottle)
      .set({
        failures: count,
        windowStartedAt: sql`case when ${expired} then ${nowSql} else ${signInThrottle.windowStartedAt} end`,
        lockedUntil: sql`case when ${count} >= ${policy.lockAfter} then ${nowSql} + ${`${policy.lockMs} milliseconds`}::interval when ${count} >= ${policy.slowAfter} then ${nowSql} + ${`${policy.slowMs} milliseconds`}::interval end`,
        updatedAt: now,
      })
      .where(and(eq(signInThrottle.key, key), or(isNull(signInThrottle.lockedUntil), lte(signInThrottle.lockedUntil, now))))
      .returning({ failures: signInThrottle.failures });
    if (!row) {
      const [held] = await ctx.db.select().from(signInThrottle).where(eq(signInThrottle.key, key));
      throw throttled(key, held?.failures ?? policy.lockAfter, (held?.lockedUntil?.getTime() ?? now.getTime()) - now.getTime());
    }
    if (row.failures === policy.lockAfter) locking = true;
  }
  return locking;
}

/**
 * A successful attempt is not a failure: it no longer counts on the IP (an office behind one address signs
 * in all day), and the wait it may have set lifts when the count falls back under the threshold.
 */
export async function refundAttempt(ctx: Pick<Ctx, 'db'>, key: string): Promise<void> {
  const left = sql`greatest(${signInThrottle.failures} - 1, 0)`;
  await ctx.db
    .update(signInThrottle)
    .set({ failures: left, lockedUntil: sql`case when ${left} < ${policyOf(key).slowAfter} then null else ${signInThrottle.lockedUntil} end` })
    .where(eq(signInThrottle.key, key));
}

/** A successful sign-in clears the account's counter (the IP's stays: it may be guessing other accounts). */
export async function clearAccount(ctx: Pick<Ctx, 'db'>, email: string): Promise<void> {
  await ctx.db.delete(signInThrottle).where(eq(signInThrottle.key, accountKey(email)));
}
