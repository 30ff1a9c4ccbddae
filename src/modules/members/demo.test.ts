import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, count, eq, isNotNull } from 'drizzle-orm';
import { createTestApp, type TestApp } from '../../../test/helpers/app.ts';
import { toNumber } from '../../platform/db/types.ts';
import { loadMembersDemo } from './demo.ts';
import { siretProblem } from './identifiers.ts';
import { budgets, contacts, organisations } from './schema.ts';

let t: TestApp;
/** Well below one insert per commune (101): what batching gives. */
const INSERT_BOUND = 20;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

describe('members demo data', () => {
  it('loads the 101 communes of the Territoire de Belfort with their official populations, in batches', async () => {
    // Counts the statements the step sends: batched inserts, not one round trip per commune.
    let inserts = 0;
    const counted = <D extends object>(db: D): D =>
      new Proxy(db, {
        get(target, key, receiver) {
          if (key === 'insert') inserts++;
          const value = Reflect.get(target, key, receiver);
          if (key !== 'transaction' || typeof value !== 'function') return value;
          return (fn: (tx: object) => unknown, ...rest: unknown[]) => value.call(target, (tx: object) => fn(counted(tx)), ...rest);
        },
      });
    await loadMembersDemo({ ...t.ctx, db: counted(t.ctx.db) }, () => {});
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
    expect(inserts).toBeGreaterThan(0);
    expect(inserts).toBeLessThanOrEqual(INSERT_BOUND);
  });
});
