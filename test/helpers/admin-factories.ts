import { eq } from 'drizzle-orm';
import type { Ctx } from '../../src/platform/context.ts';
import type { Role } from '../../src/platform/auth/permissions.ts';
import { users } from '../../src/modules/identity/schema.ts';
import { signedInStaff } from './factories.ts';

/**
 * Staff signed in with a second factor enrolled: administrators must have one before reaching any page,
 * so a test of the admin pages needs it recorded (the code itself is not exercised here).
 */
export async function signedInAdmin(ctx: Ctx, roles: Role[] = ['admin']) {
  const staff = await signedInStaff(ctx, roles);
  await ctx.db.update(users).set({ totpEnabledAt: ctx.clock.now() }).where(eq(users.id, staff.user.id));
  return staff;
}
