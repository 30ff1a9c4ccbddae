import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq, sql } from 'drizzle-orm';
import { createTestApp, type TestApp } from '../../../test/helpers/app.ts';
import { signedInMember, signedInStaff } from '../../../test/helpers/factories.ts';
import { auditLog } from '../../platform/audit/schema.ts';
import { rowsOf } from '../../platform/db/types.ts';
import { applyOfficialDifferences, importCommunes, officialDifferences } from './import.ts';
import { organisations } from './schema.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

async function staffCtx() {
  const staff = await signedInStaff(t.ctx, ['admin']);
  return { ...t.ctx, actor: staff.actor };
}

describe('import of the official communes', () => {
  it('loads the 101 communes and 3 EPCI of the Territoire de Belfort, and a second run changes nothing', async () => {
    const ctx = await staffCtx();
    const first = await importCommunes(ctx, { departement: '90' });
    expect(first).toMatchObject({ communesCreated: 101, epcisCreated: 3, differences: 0 });

    const [belfort] = await t.ctx.db.select().from(organisations).where(eq(organisations.inseeCode, '90010'));
    expect(belfort).toMatchObject({ name: 'Belfort', kind: 'commune', siren: '219000106', population: 45912, populationYear: 2023, postcodes: ['90000'] });
    const [grandBelfort] = await t.ctx.db.select().from(organisations).where(eq(organisations.siren, '200069052'));
    expect(grandBelfort).toMatchObject({ name: 'CA Grand Belfort', kind: 'epci', epciType: 'CA' });
    expect(belfort!.parentEpciId).toBe(grandBelfort!.id);

    const snapshot = async () => rowsOf<{ h: string }>(await t.ctx.db.execute(sql`select md5(string_agg(o::text, '|' order by id)) as h from organisations o`))[0]!.h;
    const before = await snapshot();
    const auditsBefore = (await t.ctx.db.select().from(auditLog).where(eq(auditLog.action, 'members.import'))).length;
    const second = await importCommunes(ctx, { departement: '90' });
    expect(second).toMatchObject({ communesCreated: 0, epcisCreated: 0, differences: 0 });
    expect(await snapshot()).toBe(before);
    expect((await t.ctx.db.select().from(auditLog).where(eq(auditLog.action, 'members.import'))).length).toBe(auditsBefore);
  });

  it('works for another département, Corsica included', async () => {
    const ctx = await staffCtx();
    const result = await importCommunes(ctx, { departement: '2a' });
    expect(result.communesCreated).toBeGreaterThan(100);
    const [ajaccio] = await t.ctx.db.select().from(organisations).where(eq(organisations.inseeCode, '2A004'));
    expect(ajaccio).toMatchObject({ name: 'Ajaccio', departement: '2A' });
    expect(ajaccio!.parentEpciId).not.toBeNull();
    expect((await importCommunes(ctx, { departement: '2A' })).communesCreated).toBe(0);
  });

  it('refuses an unknown département and a member’s user', async () => {
    const ctx = await staffCtx();
    await expect(importCommunes(ctx, { departement: '9' })).rejects.toMatchObject({ code: 'invalid' });
    await expect(importCommunes(ctx, { departement: '96' })).rejects.toThrow(/Aucune commune/);
    const member = await signedInMember(t.ctx, ['manager']);
    await expect(importCommunes({ ...t.ctx, actor: member.actor }, { departement: '90' })).rejects.toMatchObject({ code: 'forbidden' });
  });

  it('shows the differences with the official data and applies only the accepted ones, audited', async () => {
    const ctx = await staffCtx();
    await importCommunes(ctx, { departement: '90' });
    const [valdoie] = await t.ctx.db.select().from(organisations).where(eq(organisations.inseeCode, '90099'));
    const [danjoutin] = await t.ctx.db.select().from(organisations).where(eq(organisations.inseeCode, '90032'));
    await t.ctx.db.update(organisations).set({ name: 'VALDOIE', population: 5000, populationYear: 2020 }).where(eq(organisations.id, valdoie!.id));
    await t.ctx.db.update(organisations).set({ parentEpciId: null }).where(eq(organisations.id, danjoutin!.id));

    const diffs = await officialDifferences(ctx, { departement: '90' });
    expect(diffs.map((d) => [d.inseeCode, d.field, d.current, d.official])).toEqual([
      ['90032', 'epci', null, 'CA Grand Belfort (200069052)'],
      ['90099', 'name', 'VALDOIE', 'Valdoie'],
      ['90099', 'population', '5000 (2020)', `${valdoie!.population} (2023)`],
    ]);

    const applied = await applyOfficialDifferences(ctx, { departement: '90', accepted: [`${valdoie!.id}:population`, `${danjoutin!.id}:epci`] });
    expect(applied).toBe(2);
    const [after] = await t.ctx.db.select().from(organisations).where(eq(organisations.id, valdoie!.id));
    expect(after).toMatchObject({ name: 'VALDOIE', population: valdoie!.population, populationYear: 2023 });
    const [dAfter] = await t.ctx.db.select().from(organisations).where(eq(organisations.id, danjoutin!.id));
    expect(dAfter!.parentEpciId).toBe(valdoie!.parentEpciId);
    const trail = await t.ctx.db.select().from(auditLog).where(and(eq(auditLog.action, 'members.official_update'), eq(auditLog.entityId, valdoie!.id)));
    expect(trail).toHaveLength(1);
    expect(trail[0]!.before).toEqual({ population: '5000 (2020)' });
    expect((await officialDifferences(ctx, { departement: '90' })).map((d) => d.field)).toEqual(['name']);
  });
});
