import type { Module } from '../../platform/module.ts';
import { auditExportJob } from './audit-export.ts';
import { mountAdminApi } from './http/api.ts';
import { mountAuditPages } from './http/pages/audit.tsx';
import { mountHomePage } from './http/pages/home.tsx';
import { mountJobPages } from './http/pages/jobs.tsx';
import { mountOutboxPages } from './http/pages/outbox.tsx';
import { purgeJob } from './jobs.ts';

export { AUDIT_EXPORT_JOB } from './audit-export.ts';

/** Platform administration: the audit journal, the mail outbox and the background jobs. */
export const adminModule: Module = {
  name: 'admin',
  nav: [{ href: '/admin', label: 'Administration', permission: 'admin.audit.read' }],
  jobs: [auditExportJob, purgeJob],
  mount(app) {
    mountAdminApi(app);
    mountHomePage(app);
    mountAuditPages(app);
    mountOutboxPages(app);
    mountJobPages(app);
  },
};
