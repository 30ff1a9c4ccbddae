import type { Module } from '../../platform/module.ts';
import { mountReportsApi } from './http/api.ts';
import { mountReportPages } from './http/pages/reports.tsx';
import { reportsDemoStep } from './demo.ts';

export { activityReport, computeActivity, type ActivityReport } from './activity.ts';
export { memberReport, type MemberReport } from './member-report.ts';
export { publishedKeyFigures, publishKeyFigures, type KeyFigures, type PublishedKeyFigures } from './key-figures.ts';
export { ACTIVITY_2019 } from './demo.ts';

export const reportsModule: Module = {
  name: 'reports',
  nav: [
    { href: '/rapports', label: 'Rapports', permission: 'reports.read' },
    { href: '/chiffres-cles', label: 'Chiffres clés' },
  ],
  demo: reportsDemoStep,
  mount(app) {
    mountReportsApi(app);
    mountReportPages(app);
  },
};
