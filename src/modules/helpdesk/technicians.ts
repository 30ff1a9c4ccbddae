import { sql } from 'drizzle-orm';
import type { Ctx } from '../../platform/context.ts';
import { authorize } from '../../platform/auth/permissions.ts';
import { users } from '../identity/index.ts';
import { referenceCache } from './reference-cache.ts';

const technicians = referenceCache(async (db) => {
  const rows = await db.select({ id: users.id, name: users.name }).from(users).where(sql`${users.active} and (${users.roles} && array['technician','admin']::text[])`).orderBy(users.name);
  return rows.map((r) => ({ value: r.id, label: r.name }));
});

/**
 * Technicians who can be assigned a ticket, for filters and forms: a reference list kept by the instance
 * (an account created, renamed or deactivated shows within REFERENCE_TTL_MS).
 */
export async function technicianOptions(ctx: Ctx): Promise<{ value: string; label: string }[]> {
  authorize(ctx.actor, 'tickets.manage');
  return [...(await technicians(ctx.db))];
}
