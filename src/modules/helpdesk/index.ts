import type { Module } from '../../platform/module.ts';
import { mountHelpdeskApi } from './http/api.ts';
import { IMAP_JOB, pollMailbox } from './imap.ts';
import { inboundMailRoutes } from './http/inbound.ts';
import { mountHelpdeskPages } from './http/pages/mount.ts';
import { helpdeskDemo } from './demo.ts';
import { refreshSlaStates, SLA_JOB } from './sla-job.ts';

export { listDomains } from './settings.ts';
export { workstationCount, memberInventory } from './inventory.ts';
export { entitlementFor } from './entitlement.ts';
export { createTicket, changeStatus } from './tickets.ts';
export { addIntervention } from './interventions.ts';
export { logCall } from './call.ts';
export { processInboundMail } from './inbound.ts';
export { refreshSlaStates } from './sla-job.ts';
export { frenchHolidays, addBusinessMinutes, businessMinutesBetween } from './sla.ts';
export { CHANNEL_LABELS, CHANNELS, OPEN_STATUSES, STATUS_LABELS, type Channel } from './workflow.ts';
export { generateHelpdeskActivity } from './demo.ts';
export { generateActivity } from './demo-activity.ts';
export { interventionGroups, ticketFigures, workshopAndVisits, interventionsInYear, type ActivityPeriod, type InterventionGroup, type InterventionBreakdown } from './activity-data.ts';


export const helpdeskModule: Module = {
  name: 'helpdesk',
  nav: [
    { href: '/assistance', label: 'Assistance', permission: 'tickets.manage' },
    { href: '/mes-demandes', label: 'Mes demandes', permission: 'tickets.create', unless: 'tickets.manage', signedIn: true },
  ],
  jobs: [
    { name: SLA_JOB, handler: async (_job, tools) => refreshSlaStates(tools.ctx), cron: '*/10 * * * *' },
    // The mailbox is polled only where one is configured.
    { name: IMAP_JOB, handler: async (_job, tools) => (await pollMailbox(tools.ctx)).length, cron: '*/2 * * * *', scheduledWhen: (config) => Boolean(config.IMAP_URL) },
  ],
  demo: helpdeskDemo,
  ownCredential(app) {
    app.route('/', inboundMailRoutes);
  },
  mount(app) {
    mountHelpdeskApi(app);
    mountHelpdeskPages(app);
  },
};
