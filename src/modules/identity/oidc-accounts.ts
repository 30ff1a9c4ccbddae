import { asc, eq } from 'drizzle-orm';
import type { Ctx } from '../../platform/context.ts';
import { inTransaction } from '../../platform/db/tx.ts';
import { audit } from '../../platform/audit/index.ts';
import { authorize } from '../../platform/auth/permissions.ts';
import { Conflict, Invalid, NotFound } from '../../platform/errors.ts';
import { organisations } from '../members/index.ts';
import { oidcDomains, users } from './schema.ts';
import { normaliseEmail } from './users.ts';

const DOMAIN = /^(?=.{3,253}$)([a-z0-9-]+\.)+[a-z]{2,}$/;

export async function listOidcDomains(ctx: Ctx) {
  authorize(ctx.actor, 'identity.oidc.manage');
  return ctx.db
    .select({ id: oidcDomains.id, domain: oidcDomains.domain, defaultRole: oidcDomains.defaultRole, organisationId: oidcDomains.organisationId, organisationName: organisations.name, createdAt: oidcDomains.createdAt })
    .from(oidcDomains)
    .innerJoin(organisations, eq(organisations.id, oidcDomains.organisationId))
    .orderBy(asc(oidcDomains.domain));
}

/** Lets OpenID Connect users of an e-mail domain get an account in a member organisation. Audited. */
export async function addOidcDomain(ctx: Ctx, input: { domain: string; organisationId: string; defaultRole: string }) {
  authorize(ctx.actor, 'identity.oidc.manage');
  const domain = input.domain.trim().toLowerCase().replace(/^@/, '');
  const fields: Record<string, string> = {};
  if (!DOMAIN.test(domain)) fields.domain = 'Nom de domaine invalide (exemple : mairie-exemple.fr).';
  if (input.defaultRole !== 'agent' && input.defaultRole !== 'manager') fields.defaultRole = 'Rôle invalide.';
  if (Object.keys(fields).length > 0) throw new Invalid(undefined, fields);
  const [org] = await ctx.db.select({ id: organisations.id, kind: organisations.kind }).from(organisations).where(eq(organisations.id, input.organisationId));
  if (!org) throw new Invalid(undefined, { organisationId: 'Choisissez une collectivité.' });
  if (org.kind === 'syndicate') throw new Invalid(undefined, { organisationId: 'La création automatique est réservée aux collectivités membres.' });
  return inTransaction(ctx, async (tx) => {
    const [existing] = await tx.db.select({ id: oidcDomains.id }).from(oidcDomains).where(eq(oidcDomains.domain, domain));
    if (existing) throw new Conflict('Ce domaine est déjà enregistré.');
    const [row] = await tx.db.insert(oidcDomains).values({ domain, organisationId: org.id, defaultRole: input.defaultRole as 'agent' | 'manager', createdAt: tx.clock.now() }).returning();
    await audit(tx, { action: 'oidc_domain.add', entity: 'oidc_domain', entityId: row!.id, organisationId: org.id, after: { domain, defaultRole: row!.defaultRole } });
    return row!;
  });
}

export async function removeOidcDomain(ctx: Ctx, id: string): Promise<void> {
  authorize(ctx.actor, 'identity.oidc.manage');
  await inTransaction(ctx, async (tx) => {
    const [row] = await tx.db.delete(oidcDomains).where(eq(oidcDomains.id, id)).returning();
    if (!row) throw new NotFound('Domaine introuvable.');
    await audit(tx, { action: 'oidc_domain.remove', entity: 'oidc_domain', entityId: id, organisationId: row.organisationId, before: { domain: row.domain } });
  });
}

export interface OidcIdentity {
  email: string;
  emailVerified: boolean;
  name: string;
  subject: string;
  issuer: string;
}

/**
 * The account for an identity vouched for by the provider: matched by verified e-mail; created only when an
 * administrator enabled the e-mail's domain for a member organisation. Returns null when neither applies.
 */
export async function accountForOidc(ctx: Ctx, identity: OidcIdentity) {
  if (!identity.emailVerified) throw new Invalid('Votre fournisseur d’identité n’a pas confirmé votre adresse e-mail : connexion impossible.', {}, 'oidc_email_unverified');
  const email = normaliseEmail(identity.email);
  const [existing] = await ctx.db.select().from(users).where(eq(users.email, email));
  if (existing) return existing.active ? existing : null;
  const domain = email.split('@')[1] ?? '';
  const [rule] = await ctx.db.select().from(oidcDomains).where(eq(oidcDomains.domain, domain));
  if (!rule) return null;
  return inTransaction(ctx, async (tx) => {
    const now = tx.clock.now();
    const name = identity.name.trim().slice(0, 200) || email;
    const [user] = await tx.db.insert(users).values({ organisationId: rule.organisationId, email, name, roles: [rule.defaultRole], createdAt: now, updatedAt: now }).returning();
    await audit(tx, { action: 'user.create_oidc', entity: 'user', entityId: user!.id, organisationId: rule.organisationId, after: { email, roles: [rule.defaultRole], issuer: identity.issuer, domain } });
    return user!;
  });
}
