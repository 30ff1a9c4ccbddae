import type { Module } from '../../platform/module.ts';
import { mountMembershipsApi } from './http/api.ts';
import { mountMembershipsPages } from './http/pages/index.ts';
import { demoMemberships } from './demo.ts';
import { maintenanceJob } from './reminders.ts';

export { conventionsHeldOver, contributionsOver, type HeldConvention, type RunContribution, type DatedPeriod } from './member-summary.ts';
export { CONVENTION_STATES, type ConventionState } from './lifecycle.ts';
export { price, type PricingRule, type Price } from './pricing.ts';
export { revise, type RevisionTrail } from './syntec.ts';
export { optionLabels, optionCatalogue } from './tariffs.ts';
export { conventionInForce, type ConventionInForce } from './holdings.ts';

export const membershipsModule: Module = {
  name: 'memberships',
  nav: [
    { href: '/adhesions', label: 'Adhésions', permission: 'memberships.manage' },
    { href: '/ma-collectivite/adhesion', label: 'Mon adhésion', permission: 'memberships.request' },
  ],
  jobs: [maintenanceJob],
  demo: demoMemberships,
  mount(app) {
    mountMembershipsApi(app);
    mountMembershipsPages(app);
  },
};
