import { and, asc, ne } from 'drizzle-orm';
import type { Ctx } from '../../platform/context.ts';
import { authorize } from '../../platform/auth/permissions.ts';
import { listDeliberations, organisations } from '../members/index.ts';

/** Member collectivities a convention can be made for (the forms' select). */
export async function memberChoices(ctx: Ctx) {
  authorize(ctx.actor, 'memberships.manage');
  return ctx.db
    .select({ id: organisations.id, name: organisations.name })
    .from(organisations)
    .where(and(ne(organisations.kind, 'syndicate'), ne(organisations.status, 'left')))
    .orderBy(asc(organisations.name));
}

/** A member's deliberations, newest first, for recording a signature. */
export async function deliberationChoices(ctx: Ctx, organisationId: string) {
  authorize(ctx.actor, 'memberships.manage', organisationId);
  const rows = await listDeliberations(ctx, organisationId);
  return rows.map((d) => ({ id: d.id, number: d.number, adoptedOn: d.adoptedOn, subject: d.subject }));
}
