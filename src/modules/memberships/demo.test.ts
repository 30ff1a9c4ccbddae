import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/helpers/app.ts';
import { createOrganisation, signedInStaff, syndicateOrganisation } from '../../../test/helpers/factories.ts';
import { contributionRuns, conventions, syntecIndices, tariffGrids } from './schema.ts';
import { demoMemberships } from './demo.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
  await syndicateOrganisation(t.ctx);
  for (let i = 0; i < 24; i++) await createOrganisation(t.ctx, { name: `Commune démo ${String(i).padStart(2, '0')}`, population: 150 + i * 180, populationYear: 2022 });
  await demoMemberships.run(t.ctx, () => {});
});
afterAll(() => t.close());

describe('demo data set', () => {
  it('holds only the known Syntec values, this year’s adopted grid, conventions and a frozen run', async () => {
    const indices = await t.ctx.db.select().from(syntecIndices);
    expect(indices.map((i) => [i.month, i.value]).sort()).toEqual([['2024-01', 31050], ['2024-08', 31410], ['2025-01', 31520], ['2025-09', 32170], ['2025-10', 32220]]);
    const grids = await t.ctx.db.select().from(tariffGrids);
    expect(grids.map((g) => [g.year, g.status])).toEqual([[2026, 'adopted']]);
    // The decision's PDF is attached, marked as a demonstration document.
    expect(grids[0]!.decisionFileName).toBe('decision-tarifs-2026-demonstration.pdf');
    const finance = await signedInStaff(t.ctx, ['finance']);
    const pdf = await t.app.request(`/tarifs/${grids[0]!.id}/decision.pdf`, { headers: finance.headers });
    expect(Buffer.from(await pdf.arrayBuffer()).subarray(0, 5).toString()).toBe('%PDF-');
    const all = await t.ctx.db.select().from(conventions);
    expect(all).toHaveLength(24);
    expect(all.every((c) => c.generationStartsOn === '2024-07-01')).toBe(true);
    expect(all.some((c) => c.status === 'awaiting_deliberation')).toBe(true);
    const runs = await t.ctx.db.select().from(contributionRuns);
    expect(runs).toHaveLength(1);
    expect(runs[0]!.total).toBeGreaterThan(0);
  });

  it('the simulator answers the documented example on the demo values', async () => {
    const finance = await signedInStaff(t.ctx, ['finance']);
    const res = await t.app.request('/api/v1/syntec/revision?amountCents=57488&baseMonth=2024-01&at=2025-12-01&fixedPart=0', { headers: finance.headers });
    expect(((await res.json()) as { resultCents: number }).resultCents).toBe(59654);
  });
});
