import { ensureFirstAdmin } from '../modules/identity/index.ts';
import type { Ctx } from '../platform/context.ts';
import type { CliIo } from './io.ts';
import { withStartupLock, type Prepared } from './startup.ts';

/** Tells who the first administrator created by this command is (a generated password is shown once). */
export function announceAdmin(admin: Prepared['admin'], io: CliIo): void {
  if (!admin) return;
  io.err(`Instance initialisée ; compte administrateur : ${admin.email}\n`);
  if (admin.password) io.err(`Mot de passe (affiché une seule fois) : ${admin.password}\n`);
}

/**
 * On a brand-new instance, creates the syndicate and its first administrator (ADMIN_EMAIL / ADMIN_PASSWORD)
 * as the server does at its first start, under the same start-up lock; a generated password is shown once.
 */
export async function bootstrapInstance(ctx: Ctx, io: CliIo): Promise<void> {
  announceAdmin(await withStartupLock(ctx.config, () => ensureFirstAdmin(ctx)), io);
}
