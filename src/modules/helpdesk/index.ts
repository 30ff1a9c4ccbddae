import type { Module } from '../../platform/module.ts';
import { registerHandler, schedule } from '../../platform/jobs/index.ts';
import { mountHelpdeskApi } from './api.ts';
import { IMAP_JOB, pollMailbox } from './imap.ts';
import { inboundMailRoutes } from './inbound-route.ts';
import { mountHelpdeskPages } from './pages.tsx';
import { refreshSlaStates, SLA_JOB } from './sla-job.ts';

export { tickets, interventions, ticketComments, workshopItems, visits, memberSoftware, memberEquipment, memberBackups } from './schema.ts';
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
export { generateHelpdeskActivity, helpdeskDemo } from './demo.ts';
export { generateActivity } from './demo-activity.ts';

registerHandler(SLA_JOB, async (_job, tools) => refreshSlaStates(tools.ctx));
schedule(SLA_JOB, '*/10 * * * *');
registerHandler(IMAP_JOB, async (_job, tools) => (await pollMailbox(tools.ctx)).length);

export const helpdeskModule: Module = {
  name: 'helpdesk',
  nav: [
    { href: '/assistance', label: 'Assistance', permission: 'tickets.manage' },
    { href: '/mes-demandes', label: 'Mes demandes', permission: 'tickets.create', unless: 'tickets.manage', signedIn: true },
  ],
  ownCredential(app) {
    app.route('/', inboundMailRoutes);
  },
  mount(app, deps) {
    // The mailbox is polled only where one is configured.
    if (deps.config.IMAP_URL) schedule(IMAP_JOB, '*/2 * * * *');
    mountHelpdeskApi(app);
    mountHelpdeskPages(app);
  },
};
