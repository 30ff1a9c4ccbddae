import { and, count, eq, ilike, type SQL } from 'drizzle-orm';
import type { Ctx } from '../../platform/context.ts';
import { authorize } from '../../platform/auth/permissions.ts';
import { toNumber } from '../../platform/db/types.ts';
import { orderBy, pageWindow, type ListQuery, type ListSpec, containsPattern } from '../../platform/list.ts';
import { organisations } from '../members/index.ts';
import { CONVENTION_STATES, type ConventionState } from './lifecycle.ts';
import { conventions } from './schema.ts';

export const conventionListSpec = {
  sortable: ['number', 'organisation', 'status', 'startsOn', 'currentTermEndsOn'],
  defaultSort: 'organisation',
  filters: ['status', 'generation', 'organisationId'],
} as const satisfies ListSpec;
export type ConventionListQuery = ListQuery<(typeof conventionListSpec.sortable)[number], (typeof conventionListSpec.filters)[number]>;

export interface ConventionRow {
  id: string;
  number: string;
  organisationId: string;
  organisationName: string;
  status: ConventionState;
  startsOn: string;
  currentTermEndsOn: string;
  generationStartsOn: string;
  generationEndsOn: string;
  signedOn: string | null;
}

/** The conventions the actor may see: all for finance staff, its own for a member's manager. */
export async function listConventions(ctx: Ctx, q: ConventionListQuery): Promise<{ rows: ConventionRow[]; total: number }> {
  const scope = authorize(ctx.actor, 'memberships.read');
  const where: SQL[] = [];
  if (scope === 'own') where.push(eq(conventions.organisationId, ctx.actor!.organisationId));
  if (q.q) where.push(ilike(organisations.name, containsPattern(q.q)));
  const status = q.filters.status;
  if (status && (CONVENTION_STATES as readonly string[]).includes(status)) where.push(eq(conventions.status, status as ConventionState));
  if (q.filters.generation && /^\d{4}$/.test(q.filters.generation)) where.push(eq(conventions.generationStartsOn, `${q.filters.generation}-07-01`));
  if (q.filters.organisationId && /^[0-9a-f-]{36}$/i.test(q.filters.organisationId)) where.push(eq(conventions.organisationId, q.filters.organisationId));
  const cond = where.length ? and(...where) : undefined;
  const { limit, offset } = pageWindow(q);
  const rowsQuery = ctx.db
    .select({
      id: conventions.id,
      number: conventions.number,
      organisationId: conventions.organisationId,
      organisationName: organisations.name,
      status: conventions.status,
      startsOn: conventions.startsOn,
      currentTermEndsOn: conventions.currentTermEndsOn,
      generationStartsOn: conventions.generationStartsOn,
      generationEndsOn: conventions.generationEndsOn,
      signedOn: conventions.signedOn,
    })
    .from(conventions)
    .innerJoin(organisations, eq(organisations.id, conventions.organisationId))
    .where(cond)
    .orderBy(
      ...orderBy(
        q,
        { number: conventions.number, organisation: organisations.name, status: conventions.status, startsOn: conventions.startsOn, currentTermEndsOn: conventions.currentTermEndsOn },
        conventions.id,
      ),
    )
    .limit(limit)
    .offset(offset);
  const [rows, [n]] = await Promise.all([rowsQuery, ctx.db.select({ n: count() }).from(conventions).innerJoin(organisations, eq(organisations.id, conventions.organisationId)).where(cond)]);
  return { rows, total: toNumber(n?.n) };
}
