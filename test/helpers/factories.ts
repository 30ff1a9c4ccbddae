import { randomUUID } from 'node:crypto';
import type { Ctx, Actor } from '../../src/platform/context.ts';
import type { Role } from '../../src/platform/auth/permissions.ts';
import { organisations } from '../../src/modules/members/schema.ts';
import { users } from '../../src/modules/identity/schema.ts';
import { createSession, hashPassword } from '../../src/modules/identity/index.ts';
import { sessionCookieName } from '../../src/modules/identity/index.ts';

type OrgInput = Partial<typeof organisations.$inferInsert>;

export async function createOrganisation(ctx: Pick<Ctx, 'db'>, input: OrgInput = {}) {
  const suffix = randomUUID().slice(0, 8);
  const [org] = await ctx.db
    .insert(organisations)
    .values({ kind: 'commune', name: `Commune ${suffix}`, status: 'active', createdAt: new Date(), updatedAt: new Date(), ...input })
    .returning();
  return org!;
}

/** The syndicate's organisation (created once per database). */
export async function syndicateOrganisation(ctx: Pick<Ctx, 'db'>) {
  const existing = await ctx.db.select().from(organisations);
  return existing.find((o) => o.kind === 'syndicate') ?? createOrganisation(ctx, { kind: 'syndicate', name: 'Syndicat de test' });
}

export const TEST_PASSWORD = 'correct-horse-battery-staple-42';
let cachedHash: string | null = null;

/** A known TOTP secret (base32) given to test admins, who must have a second factor. */
export const TEST_TOTP_SECRET = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';

export async function createUser(ctx: Pick<Ctx, 'db'>, input: { organisationId: string; roles: Role[]; email?: string; name?: string; password?: string; totp?: boolean }) {
  const passwordHash = input.password ? await hashPassword(input.password) : (cachedHash ??= await hashPassword(TEST_PASSWORD));
  // Admins must use a second factor: give them one, or every page would send them to enrol first.
  const totp = input.totp ?? input.roles.includes('admin');
  const [user] = await ctx.db
    .insert(users)
    .values({
      organisationId: input.organisationId,
      roles: input.roles,
      email: input.email ?? `u-${randomUUID().slice(0, 8)}@example.test`,
      name: input.name ?? 'Utilisateur de test',
      passwordHash,
      createdAt: new Date(),
      updatedAt: new Date(),
      ...(totp ? { totpSecret: TEST_TOTP_SECRET, totpEnabledAt: new Date() } : {}),
    })
    .returning();
  return user!;
}

export interface SignedIn {
  user: Awaited<ReturnType<typeof createUser>>;
  actor: Actor;
  /** Headers for app.request: the session cookie, and the CSRF token for state-changing calls. */
  headers: Record<string, string>;
  cookie: string;
  csrfToken: string;
}

/** A user with a session; `headers` authenticate requests made through app.request. */
export async function signedInUser(ctx: Ctx, input: { organisationId: string; roles: Role[]; side?: 'syndicate' | 'member' }): Promise<SignedIn> {
  const user = await createUser(ctx, input);
  const session = await createSession(ctx, user.id);
  const cookie = `${sessionCookieName(ctx.config)}=${session.token}`;
  const actor: Actor = {
    userId: user.id,
    email: user.email,
    name: user.name,
    organisationId: user.organisationId,
    side: input.side ?? (input.roles.some((r) => r === 'manager' || r === 'agent') ? 'member' : 'syndicate'),
    roles: input.roles,
    sessionId: session.sessionId,
    csrfToken: session.csrfToken,
  };
  return { user, actor, cookie, csrfToken: session.csrfToken, headers: { cookie, 'x-csrf-token': session.csrfToken } };
}

/** Staff of the syndicate with the given roles, signed in. */
export async function signedInStaff(ctx: Ctx, roles: Role[] = ['admin']) {
  const syndicate = await syndicateOrganisation(ctx);
  return signedInUser(ctx, { organisationId: syndicate.id, roles, side: 'syndicate' });
}

/** A member collectivity and one of its users, signed in. */
export async function signedInMember(ctx: Ctx, roles: Role[] = ['manager'], orgInput: OrgInput = {}) {
  const org = await createOrganisation(ctx, orgInput);
  return { org, ...(await signedInUser(ctx, { organisationId: org.id, roles, side: 'member' })) };
}
