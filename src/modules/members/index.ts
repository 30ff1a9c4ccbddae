import { and, count, eq, ne } from 'drizzle-orm';
import type { Ctx } from '../../platform/context.ts';
import { toNumber } from '../../platform/db/types.ts';
import type { Module } from '../../platform/module.ts';
import { mountMembersApi } from './api.ts';
import { organisations } from './schema.ts';
export { organisations, budgets, contacts, competences, deliberations, COMPETENCES, ORGANISATION_KINDS } from './schema.ts';
export { importCommunes, officialDifferences, applyOfficialDifferences, type ImportResult, type Difference } from './import.ts';
export { OFFICIAL_SOURCE, POPULATION_YEAR } from './official.ts';
export { getMember, searchMembers, listMembers, listEpcis, createMember, updateMember, type MemberRow, type MemberHit, type Organisation } from './members.ts';
export { findMembersByPhone, listContacts, addContact, type Contact, type PhoneMatch } from './contacts.ts';
export { listBudgets, listCompetences, listDeliberations, getDeliberation, type Budget, type Competence, type Deliberation } from './records.ts';
export { KIND_LABELS, STATUS_LABELS, COMPETENCE_LABELS, FUNCTION_LABELS, BUDGET_KIND_LABELS, DECISION_LABELS } from './labels.ts';

/** Number of active member collectivities (the syndicate itself excluded). Public figure. */
export async function countActiveMembers(ctx: Pick<Ctx, 'db'>): Promise<number> {
  const [row] = await ctx.db
    .select({ n: count() })
    .from(organisations)
    .where(and(ne(organisations.kind, 'syndicate'), eq(organisations.status, 'active')));
  return toNumber(row?.n);
}

export const membersModule: Module = {
  name: 'members',
  nav: [],
  mount(app) {
    mountMembersApi(app);
  },
};
