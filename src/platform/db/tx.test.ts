import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { createTestApp, type TestApp } from '../../../test/helpers/app.ts';
import { appMeta } from './schema.ts';
import { inTransaction } from './tx.ts';
import { toNumber } from './types.ts';
import { sql } from 'drizzle-orm';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

describe('transaction helper', () => {
  it('commits a nested call with the outer transaction, and rolls both back together', async () => {
    await expect(
      inTransaction(t.ctx, async (outer) => {
        await outer.db.insert(appMeta).values({ key: 'outer', value: 1, updatedAt: new Date() });
        await inTransaction(outer, async (inner) => {
          expect(inner.db).toBe(outer.db);
          await inner.db.insert(appMeta).values({ key: 'inner', value: 2, updatedAt: new Date() });
        });
        throw new Error('crash mid-write');
      }),
    ).rejects.toThrow('crash mid-write');
    expect(await t.ctx.db.select().from(appMeta).where(eq(appMeta.key, 'outer'))).toHaveLength(0);
    expect(await t.ctx.db.select().from(appMeta).where(eq(appMeta.key, 'inner'))).toHaveLength(0);

    await inTransaction(t.ctx, async (outer) => {
      await outer.db.insert(appMeta).values({ key: 'kept', value: 3, updatedAt: new Date() });
      await inTransaction(outer, (inner) => inner.db.insert(appMeta).values({ key: 'kept-inner', value: 4, updatedAt: new Date() }));
    });
    expect(await t.ctx.db.select().from(appMeta).where(eq(appMeta.key, 'kept-inner'))).toHaveLength(1);
  });

  it('reads counts as numbers on both drivers', async () => {
    const result = await t.ctx.db.execute(sql`select count(*) as n from app_meta`);
    const rows = (Array.isArray(result) ? result : (result as { rows: { n: unknown }[] }).rows) as { n: unknown }[];
    expect(toNumber(rows[0]!.n)).toBeGreaterThanOrEqual(2);
  });

  it('has the French search helpers installed', async () => {
    const result = await t.ctx.db.execute(sql`select f_unaccent('Délibéré à Évette') as v`);
    const rows = (Array.isArray(result) ? result : (result as { rows: { v: string }[] }).rows) as { v: string }[];
    expect(rows[0]!.v).toBe('Delibere a Evette');
  });
});
