import { eq, sql } from 'drizzle-orm';
import type { Ctx } from '../../platform/context.ts';
import { TooManyRequests } from '../../platform/errors.ts';
import { signInThrottle } from './schema.ts';

/**
 * Sign-in throttling, shared by every instance through the database. Failures are counted per account
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

/** Throws the French 429 while one of the keys is slowed down or locked. */
export async function assertNotThrottled(ctx: Pick<Ctx, 'db' | 'clock'>, keys: string[]): Promise<void> {
  const now = ctx.clock.now().getTime();
  for (const key of keys) {
    const [row] = await ctx.db.select().from(signInThrottle).where(eq(signInThrottle.key, key));
    if (row?.lockedUntil && row.lockedUntil.getTime() > now) {
      const wait = row.lockedUntil.getTime() - now;
      const policy = key.startsWith('ip:') ? THROTTLE.ip : THROTTLE.account;
      throw new TooManyRequests(
        row.failures >= policy.lockAfter
          ? `Trop d’échecs de connexion : par sécurité, les connexions sont bloquées pendant ${minutes(wait)}. Vous pouvez aussi réinitialiser votre mot de passe.`
          : `Trop de tentatives de connexion : patientez ${minutes(wait)} avant de réessayer.`,
        key.startsWith('ip:') ? 'ip_throttled' : 'account_throttled',
      );
    }
  }
}

/** Counts a failure on each key; returns true when one of them has just been locked (for the audit log). */
export async function recordFailure(ctx: Pick<Ctx, 'db' | 'clock'>, keys: string[]): Promise<boolean> {
  const now = ctx.clock.now();
  const windowStart = new Date(now.getTime() - THROTTLE.windowMs);
  const nowSql = sql`${now.toISOString()}::timestamptz`;
  const startSql = sql`${windowStart.toISOString()}::timestamptz`;
  let locked = false;
  for (const key of keys) {
    const policy = key.startsWith('ip:') ? THROTTLE.ip : THROTTLE.account;
    // One atomic statement: concurrent failures on several instances all count.
    const [row] = await ctx.db
      .insert(signInThrottle)
      .values({ key, failures: 1, windowStartedAt: now, updatedAt: now })
      .onConflictDoUpdate({
        target: signInThrottle.key,
        set: {
          failures: sql`case when ${signInThrottle.windowStartedAt} < ${startSql} and coalesce(${signInThrottle.lockedUntil} < ${nowSql}, true) then 1 else ${signInThrottle.failures} + 1 end`,
          windowStartedAt: sql`case when ${signInThrottle.windowStartedAt} < ${startSql} and coalesce(${signInThrottle.lockedUntil} < ${nowSql}, true) then ${nowSql} else ${signInThrottle.windowStartedAt} end`,
          updatedAt: now,
        },
      })
      .returning({ failures: signInThrottle.failures });
    const failures = row!.failures;
    const waitMs = failures >= policy.lockAfter ? policy.lockMs : failures >= policy.slowAfter ? policy.slowMs : 0;
    if (waitMs > 0) {
      await ctx.db.update(signInThrottle).set({ lockedUntil: new Date(now.getTime() + waitMs) }).where(eq(signInThrottle.key, key));
      if (failures === policy.lockAfter) locked = true;
    }
  }
  return locked;
}

/** A successful sign-in clears the account's counter (the IP's stays: it may be guessing other accounts). */
export async function clearAccount(ctx: Pick<Ctx, 'db'>, email: string): Promise<void> {
  await ctx.db.delete(signInThrottle).where(eq(signInThrottle.key, accountKey(email)));
}
