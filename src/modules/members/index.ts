import { and, count, eq, ne } from 'drizzle-orm';
import type { Ctx } from '../../platform/context.ts';
import { toNumber } from '../../platform/db/types.ts';
import type { Module } from '../../platform/module.ts';
import { loadMembersDemo } from './demo.ts';
import { mountMembersApi } from './api.ts';
import { mountFormPages } from './pages-forms.tsx';
import { mountListPages } from './pages-list.tsx';
import { mountSheetPages } from './pages-sheet.tsx';
import { organisations } from './schema.ts';
export { organisations, budgets, contacts, competences, deliberations, COMPETENCES, ORGANISATION_KINDS } from './schema.ts';
export { importCommunes, officialDifferences, applyOfficialDifferences, type ImportResult, type Difference } from './import.ts';
export { OFFICIAL_SOURCE, POPULATION_YEAR } from './official.ts';
export { getMember, searchMembers, listMembers, listEpcis, createMember, updateMember, type MemberRow, type MemberHit, type Organisation } from './members.ts';
export { findMembersByPhone, listContacts, addContact, type Contact, type PhoneMatch } from './contacts.ts';
export { listBudgets, listCompetences, listDeliberations, getDeliberation, type Budget, type Competence, type Deliberation } from './records.ts';
export { registerMemberTab, type MemberTab } from './tabs.ts';
export { loadMembersDemo, DEMO_DEPARTEMENT } from './demo.ts';

export { KIND_LABELS, STATUS_LABELS, COMPETENCE_LABELS, FUNCTION_LABELS, BUDGET_KIND_LABELS, DECISION_LABELS } from './labels.ts';

/** The syndicate's own organisation (there is one), or null before the first start has created it. */
export async function syndicateOrganisation(ctx: Pick<Ctx, 'db'>) {
  const [syndicate] = await ctx.db.select().from(organisations).where(eq(organisations.kind, 'syndicate')).limit(1);
  return syndicate ?? null;
}

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
  nav: [{ href: '/membres', label: 'Collectivités', permission: 'members.read' }],
  // First step of the demo data set: every later module's demo data hangs off these collectivities.
  demo: { name: 'collectivités du Territoire de Belfort (données officielles)', order: 10, run: loadMembersDemo },
  mount(app) {
    mountMembersApi(app);
    // Fixed paths first: /membres/nouvelle is not a member's id, /membres/:id/modifier is not a tab.
    mountListPages(app);
    mountFormPages(app);
    mountSheetPages(app);
  },
};
