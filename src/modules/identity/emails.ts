import { inArray } from 'drizzle-orm';
import type { Ctx } from '../../platform/context.ts';
import { users } from './schema.ts';

/** The e-mail addresses of these users, by id (an unknown id is simply absent). */
export async function userEmails(ctx: Pick<Ctx, 'db'>, ids: readonly string[]): Promise<Map<string, string>> {
  const wanted = [...new Set(ids)];
  if (wanted.length === 0) return new Map();
  const rows = await ctx.db.select({ id: users.id, email: users.email }).from(users).where(inArray(users.id, wanted));
  return new Map(rows.map((r) => [r.id, r.email]));
}
