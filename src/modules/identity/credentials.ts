import { and, eq, gt, ne } from 'drizzle-orm';
import type { Ctx } from '../../platform/context.ts';
import { inTransaction } from '../../platform/db/tx.ts';
import { audit } from '../../platform/audit/index.ts';
import { Invalid, NotFound } from '../../platform/errors.ts';
import { enqueue } from '../../platform/jobs/index.ts';
import { sessions, userTokens, users } from './schema.ts';
import { hashPassword, passwordProblem, verifyPassword } from './passwords.ts';
import { consumeLink, findLiveLink, issueLink, type LinkKind } from './links.ts';
import { sendIdentityMail } from './mail.ts';
import { clearAccount } from './throttle.ts';
import { normaliseEmail } from './users.ts';
import { revokeAllApiTokens } from './api-tokens.ts';
import { sessionActor } from './account-security.ts';

/** A new reset mail for the same account at most this often (keeps the outbox from being flooded). */
const RESET_RESEND_MS = 2 * 60_000;

export const PASSWORD_RESET_JOB = 'identity.password_reset';

/**
 * "Forgotten password": the request only queues a job, the same one whether the address has an account or
 * not, so that neither the answer nor the work done while answering (one row written, no lookup) tells
 * whether an address has an account. The job sends the link, or nothing.
 */
export async function requestPasswordReset(ctx: Ctx, rawEmail: string): Promise<void> {
  await enqueue(ctx, PASSWORD_RESET_JOB, { email: normaliseEmail(rawEmail) }, { startedBy: null, organisationId: null, maxAttempts: 3 });
}

/** The job behind a reset request: e-mails a single-use link valid one hour when the account exists and is active. */
export async function sendPasswordReset(ctx: Ctx, email: string): Promise<void> {
  const [user] = await ctx.db.select({ id: users.id, name: users.name, active: users.active, organisationId: users.organisationId }).from(users).where(eq(users.email, email));
  if (!user || !user.active) return;
  const since = new Date(ctx.clock.now().getTime() - RESET_RESEND_MS);
  const [recent] = await ctx.db.select({ id: userTokens.id }).from(userTokens).where(and(eq(userTokens.userId, user.id), eq(userTokens.kind, 'reset'), gt(userTokens.createdAt, since)));
  if (recent) return;
  await inTransaction(ctx, async (tx) => {
    const token = await issueLink(tx, user.id, 'reset');
    const url = `${ctx.config.PUBLIC_URL}/reinitialiser/${token}`;
    await sendIdentityMail(tx, {
      to: email,
      subject: 'Réinitialisation de votre mot de passe',
      text:
        `Bonjour ${user.name},\n\nPour choisir un nouveau mot de passe, ouvrez ce lien (valable une heure, une seule fois) :\n${url}\n\n` +
        `Si vous n'êtes pas à l'origine de cette demande, ignorez ce message : votre mot de passe reste inchangé.\n`,
    });
    await audit(tx, { action: 'user.password_reset_requested', entity: 'user', entityId: user.id, organisationId: user.organisationId });
  });
}

const EXPIRED: Record<LinkKind, string> = {
  reset: 'Ce lien de réinitialisation est invalide, déjà utilisé ou expiré. Faites une nouvelle demande.',
  invitation: 'Ce lien d’invitation est invalide, déjà utilisé ou expiré. Demandez une nouvelle invitation à votre gestionnaire.',
};

/** The account a live link belongs to (for the page's greeting), or NotFound. */
export async function linkAccount(ctx: Ctx, token: string, kind: LinkKind): Promise<{ email: string; name: string }> {
  const link = await findLiveLink(ctx, token, kind);
  const [user] = link ? await ctx.db.select({ email: users.email, name: users.name, active: users.active }).from(users).where(eq(users.id, link.userId)) : [];
  if (!user || !user.active) throw new NotFound(EXPIRED[kind], 'link_expired');
  return { email: user.email, name: user.name };
}

/**
 * Sets the password through a reset or invitation link: single use, every open session and API token of the
 * account ends (whoever had the old password is out), the sign-in lock is lifted. Audited.
 */
export async function setPasswordWithLink(ctx: Ctx, token: string, kind: LinkKind, password: string): Promise<{ email: string }> {
  const account = await linkAccount(ctx, token, kind);
  const problem = passwordProblem(password, { email: account.email });
  if (problem) throw new Invalid(problem, { password: problem });
  const passwordHash = await hashPassword(password);
  return inTransaction(ctx, async (tx) => {
    const link = await findLiveLink(tx, token, kind);
    if (!link || !(await consumeLink(tx, link.id))) throw new NotFound(EXPIRED[kind], 'link_expired');
    const now = tx.clock.now();
    const [user] = await tx.db.update(users).set({ passwordHash, passwordChangedAt: now, updatedAt: now }).where(eq(users.id, link.userId)).returning();
    await tx.db.delete(sessions).where(eq(sessions.userId, link.userId));
    await revokeAllApiTokens(tx, link.userId);
    await clearAccount(tx, user!.email);
    await audit(tx, { action: kind === 'reset' ? 'user.password_reset' : 'user.invitation_accepted', entity: 'user', entityId: user!.id, organisationId: user!.organisationId });
    return { email: user!.email };
  });
}

/** Changes the actor's password (the current one required); their other sessions and their API tokens end. Audited. */
export async function changePassword(ctx: Ctx, input: { current: string; next: string }): Promise<void> {
  const actor = sessionActor(ctx);
  const [user] = await ctx.db.select().from(users).where(eq(users.id, actor.userId));
  if (!user) throw new NotFound();
  if (!user.passwordHash || !(await verifyPassword(user.passwordHash, input.current))) {
    throw new Invalid('Mot de passe actuel incorrect.', { current: 'Mot de passe actuel incorrect.' });
  }
  const problem = passwordProblem(input.next, { email: user.email });
  if (problem) throw new Invalid(problem, { next: problem });
  const passwordHash = await hashPassword(input.next);
  await inTransaction(ctx, async (tx) => {
    const now = tx.clock.now();
    await tx.db.update(users).set({ passwordHash, passwordChangedAt: now, updatedAt: now }).where(eq(users.id, user.id));
    await tx.db.delete(sessions).where(and(eq(sessions.userId, user.id), ne(sessions.id, actor.sessionId)));
    await revokeAllApiTokens(tx, user.id);
    await audit(tx, { action: 'user.password_change', entity: 'user', entityId: user.id, organisationId: user.organisationId });
  });
}
