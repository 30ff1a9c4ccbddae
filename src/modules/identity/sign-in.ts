import { eq } from 'drizzle-orm';
import type { Ctx } from '../../platform/context.ts';
import { audit } from '../../platform/audit/index.ts';
import { inTransaction } from '../../platform/db/tx.ts';
import { Invalid, Unauthenticated } from '../../platform/errors.ts';
import { sessions, users } from './schema.ts';
import { sessionActor } from './account-security.ts';
import { decoyPasswordHash, verifyPassword } from './passwords.ts';
import { accountKey, claimAttempt, clearAccount, ipKey, refundAttempt } from './throttle.ts';
import { createSession, deleteSessionByToken, pendingSession } from './sessions.ts';
import { checkSecondFactor } from './totp.ts';
import { normaliseEmail } from './users.ts';

export interface ClientMeta {
  ip: string;
  userAgent?: string;
  /** The session token the browser already had: always replaced, never reused (no session fixation). */
  previousToken?: string;
}

export type SignInResult =
  | { kind: 'signed-in'; token: string; csrfToken: string; sessionId: string; userId: string }
  | { kind: 'second-factor'; pendingToken: string };

/** Same words whatever went wrong: the answer never tells whether the account exists. */
export const BAD_CREDENTIALS = 'Adresse e-mail ou mot de passe incorrect.';
const BAD_CODE = 'Code de vérification incorrect.';

/** Audits a failed attempt (already counted by `claimAttempt`), and the lock-out it caused. */
async function failed(ctx: Ctx, email: string, ip: string, userId: string | null, organisationId: string | null, reason: string, locked: boolean) {
  await audit(ctx, { action: 'auth.sign_in_failed', entity: 'user', entityId: userId, organisationId, after: { email, ip, reason } });
  if (locked) await audit(ctx, { action: 'auth.lockout', entity: 'user', entityId: userId, organisationId, after: { email, ip } });
}

async function open(ctx: Ctx, user: { id: string; organisationId: string; email: string }, meta: ClientMeta, method: string): Promise<SignInResult> {
  await clearAccount(ctx, user.email);
  await refundAttempt(ctx, ipKey(meta.ip));
  if (meta.previousToken) await deleteSessionByToken(ctx, meta.previousToken);
  return inTransaction(ctx, async (tx) => {
    const session = await createSession(tx, user.id, meta);
    await tx.db.update(users).set({ lastSignInAt: tx.clock.now() }).where(eq(users.id, user.id));
    await audit({ ...tx, actor: null }, { action: 'auth.sign_in', entity: 'user', entityId: user.id, organisationId: user.organisationId, after: { method, ip: meta.ip, sessionId: session.sessionId } });
    return { kind: 'signed-in' as const, ...session, userId: user.id };
  });
}

/**
 * E-mail + password sign-in, throttled per account and per IP. With a second factor enrolled, either the
 * code comes along (API) or a pending session is opened for the second step (pages).
 */
export async function signInWithPassword(ctx: Ctx, input: { email: string; password: string; totp?: string }, meta: ClientMeta): Promise<SignInResult> {
  const email = normaliseEmail(input.email);
  const locking = await claimAttempt(ctx, [accountKey(email), ipKey(meta.ip)]);
  const [user] = await ctx.db.select().from(users).where(eq(users.email, email));
  // Unknown accounts cost a full argon2 verification too: similar timing, no enumeration.
  const passwordOk = await verifyPassword(user?.passwordHash ?? (await decoyPasswordHash()), input.password);
  if (!user || !user.active || !user.passwordHash || !passwordOk) {
    await failed(ctx, email, meta.ip, user?.id ?? null, user?.organisationId ?? null, !user ? 'unknown' : !user.active ? 'inactive' : 'password', locking);
    throw new Unauthenticated(BAD_CREDENTIALS, 'invalid_credentials');
  }
  if (user.totpEnabledAt) {
    if (input.totp === undefined) {
      await refundAttempt(ctx, ipKey(meta.ip));
      if (meta.previousToken) await deleteSessionByToken(ctx, meta.previousToken);
      const pending = await createSession(ctx, user.id, meta, { mfaPending: true });
      return { kind: 'second-factor', pendingToken: pending.token };
    }
    if (!(await checkSecondFactor(ctx, user, input.totp))) {
      await failed(ctx, email, meta.ip, user.id, user.organisationId, 'totp', locking);
      throw new Unauthenticated(BAD_CODE, 'invalid_totp');
    }
  }
  return open(ctx, user, meta, 'password');
}

/** Second step of a page sign-in: the code (or a recovery code) for the pending session. */
export async function completeSecondFactor(ctx: Ctx, pendingToken: string, code: string, meta: ClientMeta): Promise<SignInResult> {
  const pending = await pendingSession(ctx, pendingToken);
  if (!pending) throw new Unauthenticated('Votre connexion a expiré : saisissez à nouveau votre mot de passe.', 'sign_in_expired');
  const locking = await claimAttempt(ctx, [accountKey(pending.email), ipKey(meta.ip)]);
  const [user] = await ctx.db.select().from(users).where(eq(users.id, pending.userId));
  const how = user ? await checkSecondFactor(ctx, user, code) : null;
  if (!user || !how) {
    await failed(ctx, pending.email, meta.ip, pending.userId, pending.organisationId, 'totp', locking);
    throw new Invalid(BAD_CODE, { code: BAD_CODE });
  }
  if (how === 'recovery') {
    await audit(ctx, { action: 'totp.recovery_code_used', entity: 'user', entityId: user.id, organisationId: user.organisationId, after: { remaining: user.recoveryCodeHashes.length - 1 } });
  }
  return open(ctx, user, { ...meta, previousToken: pendingToken }, how === 'totp' ? 'password+totp' : 'password+recovery');
}

/** Opens a session for a user already authenticated elsewhere (OpenID Connect). */
export function openSessionFor(ctx: Ctx, user: { id: string; organisationId: string; email: string }, meta: ClientMeta, method: string): Promise<SignInResult> {
  return open(ctx, user, meta, method);
}

const BAD_CONFIRMATION = 'Mot de passe incorrect.';

/**
 * Confirms a signed-in user's identity again (password, or a TOTP or recovery code), throttled like
 * sign-in. Opens a new session in place of the current one: its opening instant is what makes the
 * confirmation recent (see `recentlyConfirmed`), and the session id changes with the privilege.
 */
export async function confirmIdentity(ctx: Ctx, input: { password?: string; code?: string }, meta: ClientMeta): Promise<{ token: string; csrfToken: string }> {
  const actor = sessionActor(ctx);
  const [user] = await ctx.db.select().from(users).where(eq(users.id, actor.userId));
  if (!user) throw new Unauthenticated();
  const locking = await claimAttempt(ctx, [accountKey(user.email), ipKey(meta.ip)]);
  const password = input.password ?? '';
  const code = input.code?.trim() ?? '';
  let how: string | null = null;
  if (password && user.passwordHash && (await verifyPassword(user.passwordHash, password))) how = 'password';
  else if (!password && code && user.totpEnabledAt) how = await checkSecondFactor(ctx, user, code);
  if (!how) {
    await failed(ctx, user.email, meta.ip, user.id, user.organisationId, 'confirmation', locking);
    const message = password || !code ? BAD_CONFIRMATION : BAD_CODE;
    throw new Invalid(message, password || !code ? { password: message } : { code: message });
  }
  await clearAccount(ctx, user.email);
  await refundAttempt(ctx, ipKey(meta.ip));
  return inTransaction(ctx, async (tx) => {
    const session = await createSession(tx, user.id, meta);
    await tx.db.delete(sessions).where(eq(sessions.id, actor.sessionId));
    await audit(tx, { action: 'auth.confirm', entity: 'user', entityId: user.id, organisationId: user.organisationId, after: { method: how, sessionId: session.sessionId } });
    return { token: session.token, csrfToken: session.csrfToken };
  });
}
