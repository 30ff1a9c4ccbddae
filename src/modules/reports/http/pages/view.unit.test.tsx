import { describe, expect, it } from 'vitest';
import type { ActivityReport } from '../../activity.ts';
import { ActivitySections } from './view.tsx';

/** A year at national scale: more collectivités and technicians than a page should list. */
function report(members: number, technicians: number): ActivityReport {
  return {
    period: { from: '2025-01-01', to: '2025-12-31' },
    organisationId: null,
    total: members * 3,
    totalMinutes: members * 60,
    channels: [],
    domains: [],
    members: Array.from({ length: members }, (_, i) => ({ organisationId: `o${i}`, name: `Commune ${i + 1}`, count: members - i, minutes: 60 })),
    technicians: Array.from({ length: technicians }, (_, i) => ({ userId: `u${i}`, name: `Technicien ${i + 1}`, count: technicians - i, minutes: 60 })),
    months: [],
    tickets: { opened: 0, resolved: 0, medianFirstResponseMinutes: null, medianResolutionMinutes: null, firstResponseSla: { measured: 0, met: 0, rate: null }, resolutionSla: { measured: 0, met: 0, rate: null } },
    satisfaction: { average: null, count: 0 },
    workshop: { interventions: 0, itemsReceived: 0, itemsReturned: 0 },
    visits: { onsiteInterventions: 0, planned: 0, travelMinutes: 0 },
  };
}

/** French numbers use (narrow) no-break spaces as thousands separators. */
const html = (r: ActivityReport) => (<ActivitySections r={r} />).toString().replace(/[\u202f\u00a0]/g, ' ');

describe('activity report page at national scale', () => {
  it('lists the 500 most helped collectivités and says the exports hold all of them', () => {
    const page = html(report(10_100, 600));
    expect(page).toContain('10 100 collectivités ont bénéficié du service');
    expect(page).toContain('les exports CSV et XLSX les listent toutes');
    expect(page).toContain('>Commune 500<');
    expect(page).not.toContain('>Commune 501<');
    // 15 technicians charted, 500 in the table, not 600.
    expect(page).toContain('Les 15 techniciens les plus sollicités');
    expect(page).toContain('>Technicien 500<');
    expect(page).not.toContain('>Technicien 501<');
    expect(page.length).toBeLessThan(250_000);
  });

  it('a syndicate-sized year still lists every collectivité and charts every technician', () => {
    const page = html(report(104, 6));
    expect(page).toContain('le tableau suivant les liste toutes');
    expect(page).toContain('>Commune 104<');
    expect(page).toContain('Interventions par technicien');
    expect(page).not.toContain('techniciens les plus sollicités');
  });
});
