import { randomBytes } from 'node:crypto';
import type { Ctx } from '../../platform/context.ts';
import { inTransaction } from '../../platform/db/tx.ts';
import { audit } from '../../platform/audit/index.ts';
import { ensureSyndicateOrganisation } from '../members/index.ts';
import { users } from './schema.ts';
import { hashPassword } from './passwords.ts';

/**
 * On an instance with no user, creates the syndicate's organisation (if missing) and the first admin:
 * ADMIN_EMAIL / ADMIN_PASSWORD, or a random password returned once to be printed. Never a fixed password.
 */
export async function ensureFirstAdmin(ctx: Ctx): Promise<{ email: string; password: string | null } | null> {
  const existing = await ctx.db.select({ id: users.id }).from(users).limit(1);
  if (existing.length > 0) return null;
  const password = ctx.config.ADMIN_PASSWORD ?? randomBytes(12).toString('base64url');
  const passwordHash = await hashPassword(password);
  return inTransaction(ctx, async (tx) => {
    const now = tx.clock.now();
    const syndicate = await ensureSyndicateOrganisation(tx, ctx.config.SYNDICATE_NAME);
    const [admin] = await tx.db
      .insert(users)
      .values({ organisationId: syndicate.id, email: ctx.config.ADMIN_EMAIL, name: 'Administrateur', roles: ['admin'], passwordHash, passwordChangedAt: now, createdAt: now, updatedAt: now })
      .returning({ id: users.id, email: users.email });
    await audit(tx, { action: 'user.bootstrap', entity: 'user', entityId: admin!.id, organisationId: syndicate.id, after: { email: admin!.email, roles: ['admin'] } });
    return { email: admin!.email, password: ctx.config.ADMIN_PASSWORD ? null : password };
  });
}
