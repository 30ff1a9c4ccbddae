import { eq } from 'drizzle-orm';
import type { Ctx } from '../../platform/context.ts';
import { NotFound } from '../../platform/errors.ts';
import { users } from './schema.ts';
import { listSessions, totpRequired } from './sessions.ts';
import { grantablePermissions, listApiTokens } from './api-tokens.ts';
import { recentlyConfirmed, sessionActor } from './account-security.ts';
import { startTotpEnrolment } from './totp.ts';

async function me(ctx: Ctx) {
  const actor = sessionActor(ctx);
  const [row] = await ctx.db
    .select({ totpEnabledAt: users.totpEnabledAt, recoveryCodesLeft: users.recoveryCodeHashes, lastSignInAt: users.lastSignInAt, hasPassword: users.passwordHash })
    .from(users)
    .where(eq(users.id, actor.userId));
  if (!row) throw new NotFound();
  return { actor, totpEnabledAt: row.totpEnabledAt, recoveryCodesLeft: row.recoveryCodesLeft.length, lastSignInAt: row.lastSignInAt, hasPassword: Boolean(row.hasPassword) };
}

/** What the profile page shows: the account, its open sessions, its API tokens, what a token may carry. */
export async function loadProfile(ctx: Ctx) {
  const [account, sessions, tokens, confirmed] = await Promise.all([me(ctx), listSessions(ctx), listApiTokens(ctx), recentlyConfirmed(ctx)]);
  return { ...account, sessions, tokens, confirmed, grantable: grantablePermissions(account.actor.roles) };
}

/** The second-factor page: its state, and while not enabled the enrolment (secret and QR code) to show. */
export async function loadTotpPage(ctx: Ctx) {
  const account = await me(ctx);
  const mandatory = totpRequired(ctx.config, account.actor.side, account.actor.roles);
  return { ...account, mandatory, enrolment: account.totpEnabledAt ? null : await startTotpEnrolment(ctx) };
}

/** The confirmation page: which proofs the account can give (a password, a second factor). */
export async function loadConfirmation(ctx: Ctx) {
  const { hasPassword, totpEnabledAt } = await me(ctx);
  return { hasPassword, totpEnabled: Boolean(totpEnabledAt) };
}
