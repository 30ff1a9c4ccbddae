import type { Module } from '../../platform/module.ts';
import { loadMembersDemo } from './demo.ts';
import { mountMembersApi } from './http/api.ts';
import { mountFormPages } from './http/pages/forms.tsx';
import { mountListPages } from './http/pages/list.tsx';
import { mountOfficialPages } from './http/pages/official.tsx';
import { mountSheetPages } from './http/pages/sheet.tsx';
// The one table other modules may name, as a foreign-key target; everything else goes through functions.
export { organisations } from './schema.ts';
export { COMPETENCES, ORGANISATION_KINDS } from './vocabulary.ts';
export { importCommunes, officialDifferences, applyOfficialDifferences, type ImportResult, type Difference } from './import.ts';
export { OFFICIAL_SOURCE, POPULATION_YEAR } from './official.ts';
export { getMember, searchMembers, listMembers, listEpcis, createMember, updateMember, type MemberRow, type MemberHit, type Organisation } from './members.ts';
export { findMembersByPhone, listContacts, getContact, addContact, currentContactsByEmail, type Contact, type PhoneMatch } from './contacts.ts';
export { contactAddress, contactsWithEmail, type ContactAddress } from './contact-emails.ts';
export { listBudgets, listCompetences, listDeliberations, getDeliberation, type Budget, type Competence, type Deliberation } from './records.ts';
export { addDeliberation } from './records.ts';
export { organisationNames, organisationChoices } from './names.ts';
export { loadMembersDemo, DEMO_DEPARTEMENT } from './demo.ts';

export { KIND_LABELS, STATUS_LABELS, COMPETENCE_LABELS, FUNCTION_LABELS, BUDGET_KIND_LABELS, DECISION_LABELS } from './labels.ts';
export { syndicateOrganisation, ensureSyndicateOrganisation, countActiveMembers } from './syndicate.ts';

export const membersModule: Module = {
  name: 'members',
  nav: [{ href: '/membres', label: 'Collectivités', permission: 'members.read' }],
  // First step of the demo data set: every later module's demo data hangs off these collectivities.
  demo: { name: 'collectivités du Territoire de Belfort (données officielles)', order: 10, run: loadMembersDemo },
  mount(app, deps) {
    mountMembersApi(app);
    // Fixed paths first: /membres/nouvelle is not a member's id, /membres/:id/modifier is not a tab.
    mountListPages(app);
    mountOfficialPages(app);
    mountFormPages(app);
    // The sheet draws the registry's tabs and those other modules' manifests contribute.
    mountSheetPages(app, deps.memberTabs);
  },
};
