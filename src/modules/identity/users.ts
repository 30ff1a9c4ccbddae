import { eq } from 'drizzle-orm';
import type { Actor, Ctx } from '../../platform/context.ts';
import { inTransaction } from '../../platform/db/tx.ts';
import { audit } from '../../platform/audit/index.ts';
import { authorize, MEMBER_ROLES, scopeOf, STAFF_ROLES, type Role } from '../../platform/auth/permissions.ts';
import { Conflict, Invalid, NotFound } from '../../platform/errors.ts';
import { organisations, syndicateOrganisation } from '../members/index.ts';
import { users } from './schema.ts';
import { hashPassword, passwordProblem } from './passwords.ts';
import { issueLink } from './links.ts';
import { sendIdentityMail } from './mail.ts';

export const normaliseEmail = (email: string) => email.trim().toLowerCase();
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/**
 * The actor of commands run by the operator on the server (command line): acts as an administrator of the
 * syndicate. Never produced by an HTTP request.
 */
export async function systemActor(ctx: Pick<Ctx, 'db'>): Promise<Actor> {
  const syndicate = await syndicateOrganisation(ctx);
  if (!syndicate) throw new NotFound("L'organisation du syndicat n'existe pas encore.");
  return {
    userId: '00000000-0000-0000-0000-000000000000',
    email: 'ligne-de-commande@mutualis',
    name: 'Ligne de commande',
    organisationId: syndicate.id,
    side: 'syndicate',
    roles: ['admin'],
  };
}

/** The organisation and the roles its users may hold (staff roles at the syndicate, member roles elsewhere). */
export async function organisationForUsers(ctx: Pick<Ctx, 'db'>, organisationId: string) {
  const [org] = await ctx.db.select({ id: organisations.id, kind: organisations.kind, name: organisations.name }).from(organisations).where(eq(organisations.id, organisationId));
  if (!org) throw new NotFound('Organisation introuvable.');
  const allowed: readonly Role[] = org.kind === 'syndicate' ? STAFF_ROLES : MEMBER_ROLES;
  return { ...org, allowed };
}

/** Checks roles against the organisation; a collectivity's manager may only hand out member roles. */
export function checkRoles(roles: string[], allowed: readonly Role[]): Role[] {
  const unique = [...new Set(roles)];
  if (unique.length === 0) throw new Invalid('Choisissez au moins un rôle.', { roles: 'Choisissez au moins un rôle.' });
  for (const r of unique) {
    if (!allowed.includes(r as Role)) throw new Invalid('Ce rôle ne convient pas à cette organisation.', { roles: `Rôle non autorisé ici : ${r}.` });
  }
  return unique as Role[];
}

export interface CreateUserInput {
  organisationId: string;
  email: string;
  name: string;
  roles: string[];
  /** Set the password now (command line); without it, an invitation link valid 7 days is e-mailed. */
  password?: string;
}

/** A new account's fields, checked: who may create it, where, with which roles. */
async function checkedNewUser(ctx: Ctx, input: CreateUserInput) {
  authorize(ctx.actor, 'users.manage', input.organisationId);
  const email = normaliseEmail(input.email);
  const name = input.name.trim();
  const fields: Record<string, string> = {};
  if (!EMAIL.test(email)) fields.email = 'Adresse e-mail invalide.';
  if (name.length < 2 || name.length > 200) fields.name = 'Le nom doit contenir entre 2 et 200 caractères.';
  const problem = input.password !== undefined ? passwordProblem(input.password, { email }) : null;
  if (problem) fields.password = problem;
  if (Object.keys(fields).length > 0) throw new Invalid(undefined, fields);
  const org = await organisationForUsers(ctx, input.organisationId);
  return { email, name, org, roles: checkRoles(input.roles, org.allowed) };
}

/** Creates a user of an organisation; returns the invitation link when one was sent. Audited. */
export async function createUser(ctx: Ctx, input: CreateUserInput): Promise<{ id: string; email: string; invitationUrl: string | null }> {
  const { email, name, org, roles } = await checkedNewUser(ctx, input);
  const passwordHash = input.password !== undefined ? await hashPassword(input.password) : null;
  const result = await inTransaction(ctx, async (tx) => {
    const [existing] = await tx.db.select({ id: users.id }).from(users).where(eq(users.email, email));
    if (existing) throw new Conflict('Un compte existe déjà avec cette adresse e-mail.');
    const now = tx.clock.now();
    const [user] = await tx.db
      .insert(users)
      .values({ organisationId: org.id, email, name, roles, passwordHash, passwordChangedAt: passwordHash ? now : null, createdAt: now, updatedAt: now })
      .returning({ id: users.id, email: users.email });
    await audit(tx, { action: 'user.create', entity: 'user', entityId: user!.id, organisationId: org.id, after: { email, name, roles, invited: !passwordHash } });
    const token = passwordHash ? null : await issueLink(tx, user!.id, 'invitation');
    const invitationUrl = token ? `${ctx.config.PUBLIC_URL}/invitation/${token}` : null;
    if (invitationUrl) {
      await sendIdentityMail(tx, {
        to: email,
        subject: `Invitation à rejoindre ${ctx.config.SYNDICATE_NAME}`,
        text:
          `Bonjour ${name},\n\nUn compte a été ouvert pour vous (${org.name}).\n` +
          `Choisissez votre mot de passe avec ce lien, valable 7 jours et une seule fois :\n${invitationUrl}\n`,
      });
    }
    return { ...user!, invitationUrl };
  });
  return result;
}

/**
 * The invitation form. An address that already has an account in an organisation the actor cannot see gets
 * the same answer as a new one, so that a collectivity's manager cannot test which addresses have an account:
 * the account is left as it is, its holder is told by e-mail, and the attempt is audited for that account's
 * organisation. An address already in a visible organisation is still a conflict (nothing is revealed).
 */
export async function inviteUser(ctx: Ctx, input: Omit<CreateUserInput, 'password'>): Promise<{ email: string }> {
  const { email, org } = await checkedNewUser(ctx, input);
  const [existing] = await ctx.db.select({ id: users.id, organisationId: users.organisationId }).from(users).where(eq(users.email, email));
  if (!existing || existing.organisationId === org.id || scopeOf(ctx.actor!, 'users.read') === 'all') return createUser(ctx, input);
  await inTransaction(ctx, async (tx) => {
    await sendIdentityMail(tx, {
      to: email,
      subject: `Invitation à rejoindre ${ctx.config.SYNDICATE_NAME}`,
      text:
        `Bonjour,\n\nUne invitation à rejoindre ${ctx.config.SYNDICATE_NAME} pour ${org.name} vient d'être faite à cette adresse.\n` +
        `Vous avez déjà un compte avec cette adresse, rattaché à une autre organisation : il n'a pas été modifié.\n` +
        `Si vous devez aussi agir pour ${org.name}, contactez ${ctx.config.SYNDICATE_NAME}. Sinon, ignorez ce message.\n`,
    });
    await audit(tx, { action: 'user.invitation_existing_account', entity: 'user', entityId: existing.id, organisationId: existing.organisationId, after: { invitedTo: org.id } });
  });
  return { email };
}
