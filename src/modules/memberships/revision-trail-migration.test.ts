import { readFileSync } from 'node:fs';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/helpers/app.ts';
import { draftGrid } from '../../../test/helpers/memberships-factories.ts';
import { tariffOptions } from './schema.ts';

/**
 * Trails written before the API spoke numbers held French text. Migration 0017 rewrites them as numbers; its
 * statement is run here on such a stored trail, and the revision pages then read the same figures.
 */
let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const statement = () => {
  const text = readFileSync(new URL('../../../migrations/0017_instants_from_app_clock.sql', import.meta.url), 'utf8');
  return text.slice(text.indexOf('UPDATE "tariff_options"'));
};

it('rewrites a French-text revision trail as numbers, and leaves a numeric one alone', async () => {
  const grid = await draftGrid(t.ctx, 2031);
  const [option] = await t.ctx.db.select().from(tariffOptions).where(eq(tariffOptions.gridId, grid.id));
  const old = {
    amount: 57488,
    fixedPart: '0,15',
    baseMonth: '2021-01',
    s0: { month: '2021-01', series: 'legacy', value: '280,6', publishedOn: '2021-03-01' },
    s: { month: '2025-10', series: 'revised', value: '310,5', publishedOn: '2025-12-01' },
    linkingCoefficient: '0,97975',
    s0InSeriesOfS: '274,9179',
    result: 62112,
    formula: 'P = P0 × (a + (1 − a) × S / S0)',
  };
  const current = { ...old, fixedPart: 1500, s0: { ...old.s0, value: 28060 }, s: { ...old.s, value: 31050 }, linkingCoefficient: null, s0InSeriesOfS: 280.6 };
  await t.ctx.db.update(tariffOptions).set({ revisionTrail: [old, current] as never }).where(eq(tariffOptions.id, option!.id));

  await t.ctx.db.execute(sql.raw(statement()));

  const [row] = await t.ctx.db.select({ trail: tariffOptions.revisionTrail }).from(tariffOptions).where(eq(tariffOptions.id, option!.id));
  expect(row!.trail).toEqual([
    { ...old, fixedPart: 1500, s0: { ...old.s0, value: 28060 }, s: { ...old.s, value: 31050 }, linkingCoefficient: 0.97975, s0InSeriesOfS: 274.9179 },
    current,
  ]);
});
