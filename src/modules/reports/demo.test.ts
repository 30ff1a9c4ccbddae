import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/helpers/app.ts';
import { createOrganisation, syndicateOrganisation } from '../../../test/helpers/factories.ts';
import { computeActivity } from './activity.ts';
import { loadReportsDemo } from './demo.ts';
import { publishedKeyFigures } from './key-figures.ts';
import { yearPeriod } from './period.ts';

describe('demonstration activity', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
    await syndicateOrganisation(t.ctx);
    for (let i = 0; i < 12; i++) await createOrganisation(t.ctx, { name: `Commune démo ${i}`, population: 200 + i * 400 });
    await loadReportsDemo(t.ctx);
  });
  afterAll(() => t.close());

  it('2019 has exactly the reported interventions per channel, spread over members, domains, technicians and months', async () => {
    const r = await computeActivity(t.ctx, yearPeriod(2019));
    expect(r.channels.map((c) => c.count)).toEqual([2056, 1891, 171, 497, 514]);
    expect(r.total).toBe(5129);
    expect(r.members.length).toBe(12);
    expect(r.technicians.length).toBe(4);
    expect(r.domains.length).toBeGreaterThanOrEqual(6);
    expect(r.months.every((m) => m.total > 150)).toBe(true);
    expect(r.months[7]!.total).toBeLessThan(r.months[0]!.total);
    expect(r.tickets.resolved).toBeGreaterThan(3000);
    expect(r.satisfaction.count).toBeGreaterThan(500);
    expect(r.workshop.itemsReceived).toBeGreaterThan(200);
  });

  it('adds a lighter current year up to today, publishes 2019’s key figures, and never doubles on a second run', async () => {
    const current = await computeActivity(t.ctx, { from: '2026-01-01', to: '2026-12-31' });
    expect(current.total).toBeGreaterThan(0);
    expect(current.total).toBeLessThan(5129 / 2);
    expect(current.months.slice(3).every((m) => m.total === 0)).toBe(true); // the test clock is 2 March 2026
    expect((await publishedKeyFigures(t.ctx))?.figures).toMatchObject({ year: 2019, interventions: 5129 });
    await loadReportsDemo(t.ctx);
    expect((await computeActivity(t.ctx, yearPeriod(2019))).total).toBe(5129);
    expect((await computeActivity(t.ctx, { from: '2026-01-01', to: '2026-12-31' })).total).toBe(current.total);
  });
});
