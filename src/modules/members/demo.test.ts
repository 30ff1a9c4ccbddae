import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, count, eq, isNotNull } from 'drizzle-orm';
import { createTestApp, type TestApp } from '../../../test/helpers/app.ts';
import { toNumber } from '../../platform/db/types.ts';
import { loadMembersDemo } from './demo.ts';
import { siretProblem } from './identifiers.ts';
import { budgets, contacts, organisations } from './schema.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

describe('members demo data', () => {
  it('loads the 101 communes of the Territoire de Belfort with their official populations, quickly', async () => {
    const started = performance.now();
    await loadMembersDemo(t.ctx, () => {});
    const ms = performance.now() - started;
    const [n] = await t.ctx.db.select({ n: count() }).from(organisations).where(eq(organisations.kind, 'commune'));
    expect(toNumber(n!.n)).toBe(101);
    const [e] = await t.ctx.db.select({ n: count() }).from(organisations).where(eq(organisations.kind, 'epci'));
    expect(toNumber(e!.n)).toBe(3);
    const [belfort] = await t.ctx.db.select().from(organisations).where(eq(organisations.inseeCode, '90010'));
    expect(belfort).toMatchObject({ name: 'Belfort', population: 45912, populationYear: 2023 });
    const sirets = await t.ctx.db.select({ siret: budgets.siret }).from(budgets);
    expect(sirets.every((b) => siretProblem(b.siret!) === null)).toBe(true);
    const former = await t.ctx.db.select().from(contacts).where(and(isNotNull(contacts.endedOn)));
    expect(former.length).toBeGreaterThan(0);
    console.log(`members demo step: ${Math.round(ms)} ms`);
    expect(ms).toBeLessThan(10_000);
  });
});
