import { ensureFirstAdmin } from '../modules/identity/index.ts';
import type { Ctx } from '../platform/context.ts';
import type { CliIo } from './io.ts';

/**
 * On a brand-new instance, creates the syndicate and its first administrator (ADMIN_EMAIL / ADMIN_PASSWORD)
 * as the server does at its first start; a generated password is shown once.
 */
export async function bootstrapInstance(ctx: Ctx, io: CliIo): Promise<void> {
  const admin = await ensureFirstAdmin(ctx);
  if (!admin) return;
  io.err(`Instance initialisée ; compte administrateur : ${admin.email}\n`);
  if (admin.password) io.err(`Mot de passe (affiché une seule fois) : ${admin.password}\n`);
}
