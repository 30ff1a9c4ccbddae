import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { createTestApp, type TestApp } from '../../../test/helpers/app.ts';
import { createOrganisation, signedInMember, signedInStaff } from '../../../test/helpers/factories.ts';
import { createEpciWithCommunes, validSiren } from '../../../test/helpers/members-factories.ts';
import { auditLog } from '../../platform/audit/schema.ts';
import type { Ctx } from '../../platform/context.ts';
import { parseListQuery } from '../../platform/ui/list.ts';
import { createMember, getMember, listMembers, MEMBER_LIST, searchMembers, updateMember } from './members.ts';

let t: TestApp;
let staff: Ctx;
beforeAll(async () => {
  t = await createTestApp();
  staff = { ...t.ctx, actor: (await signedInStaff(t.ctx, ['admin'])).actor };
});
afterAll(() => t.close());

const query = (params: Record<string, string>) => parseListQuery(params, MEMBER_LIST);

describe('members list', () => {
  it('searches by name ignoring accents, case and hyphens, by INSEE code and by postcode', async () => {
    const tag = crypto.randomUUID().slice(0, 5);
    const a = await createOrganisation(t.ctx, { name: `Châtenois-les-Forges ${tag}`, inseeCode: '90022', postcodes: ['90700'] });
    await createOrganisation(t.ctx, { name: `Étueffont ${tag}`, inseeCode: '90041', postcodes: ['90170'] });
    const names = async (q: string) => (await listMembers(staff, query({ q }))).rows.map((r) => r.name);
    expect(await names(`chatenois les forges ${tag}`)).toEqual([a.name]);
    expect(await names(`CHÂTENOIS`)).toContain(a.name);
    expect(await names(`etueffont ${tag}`)).toEqual([`Étueffont ${tag}`]);
    expect(await names('90022')).toEqual([a.name]);
    expect(await names('90170')).toEqual([`Étueffont ${tag}`]);
    expect(await names('100% chatenois')).toEqual([]);
    expect((await searchMembers(staff, { q: 'etueff', limit: 5 }))[0]).toMatchObject({ name: `Étueffont ${tag}`, inseeCode: '90041' });
  });

  it('filters by kind, EPCI, competence and status, sorts and paginates on the server', async () => {
    const { epci, communes } = await createEpciWithCommunes(t.ctx, ['Zeta', 'Alpha', 'Mu'], { competence: 'irve' });
    await createOrganisation(t.ctx, { name: 'Ancienne', parentEpciId: epci.id, status: 'left', leftOn: '2020-01-01' });
    const inEpci = await listMembers(staff, query({ epci: epci.id, status: 'active', tri: 'name' }));
    expect(inEpci.rows.map((r) => r.name)).toEqual(['Alpha', 'Mu', 'Zeta']);
    expect(inEpci.rows[0]!.epciName).toBe(epci.name);
    expect(inEpci.total).toBe(3);
    const byPop = await listMembers(staff, query({ epci: epci.id, status: 'active', tri: 'population', ordre: 'desc' }));
    expect(byPop.rows.map((r) => r.population)).toEqual([300, 200, 100]);
    const page2 = await listMembers(staff, query({ epci: epci.id, tri: 'name', taille: '20', page: '2' }));
    expect(page2.rows).toEqual([]);
    expect(page2.total).toBe(4);
    expect((await listMembers(staff, query({ epci: epci.id, status: 'left' }))).rows.map((r) => r.name)).toEqual(['Ancienne']);
    expect((await listMembers(staff, query({ epci: epci.id, competence: 'irve' }))).rows.map((r) => r.id)).toEqual([communes[0]!.id]);
    expect((await listMembers(staff, query({ kind: 'epci', q: epci.name }))).rows.map((r) => r.id)).toEqual([epci.id]);
  });

  it('shows a member’s user only their own collectivity', async () => {
    const other = await createOrganisation(t.ctx, { name: 'Autre commune' });
    const member = await signedInMember(t.ctx, ['agent']);
    const ctx = { ...t.ctx, actor: member.actor };
    const list = await listMembers(ctx, query({}));
    expect(list.rows.map((r) => r.id)).toEqual([member.org.id]);
    expect((await searchMembers(ctx, { q: 'Autre commune' })).length).toBe(0);
    await expect(getMember(ctx, other.id)).rejects.toMatchObject({ code: 'forbidden' });
    expect((await getMember(ctx, member.org.id)).id).toBe(member.org.id);
    await expect(listMembers({ ...t.ctx, actor: null }, query({}))).rejects.toMatchObject({ code: 'unauthenticated' });
  });
});

describe('member forms', () => {
  const valid = () => ({ kind: 'commune', name: 'Nouvelle-Commune', inseeCode: '2B033', siren: validSiren(), postcodes: '20200, 20600', population: '1 234', populationYear: '2023', phone: '+33 4 95 00 00 00', email: 'Mairie@Exemple.FR', status: 'active', joinedOn: '2024-07-01' });

  it('creates a member with normalised values, audited', async () => {
    const org = await createMember(staff, valid());
    expect(org).toMatchObject({ inseeCode: '2B033', postcodes: ['20200', '20600'], population: 1234, phone: '04 95 00 00 00', email: 'mairie@exemple.fr' });
    const trail = await t.ctx.db.select().from(auditLog).where(eq(auditLog.entityId, org.id));
    expect(trail.map((a) => a.action)).toEqual(['members.create']);
  });

  it('refuses bad identifiers with French messages, field by field, and stores nothing', async () => {
    const bad = { ...valid(), name: 'Refusée', inseeCode: '20033', siren: '219000107', siret: '21900010600014', email: 'mairie@', phone: '12 34', website: 'ftp://x', postcodes: '9000' };
    const err = await createMember(staff, bad).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'invalid' });
    expect((err as { fields: Record<string, string> }).fields).toMatchObject({
      inseeCode: expect.stringMatching(/Corse/),
      siren: expect.stringMatching(/clé de contrôle/),
      siret: expect.stringMatching(/clé de contrôle/),
      email: expect.stringMatching(/e-mail/),
      phone: expect.stringMatching(/téléphone/),
      postcodes: expect.stringMatching(/5 chiffres/),
      website: expect.any(String),
    });
    expect((await listMembers(staff, query({ q: 'Refusée' }))).total).toBe(0);
  });

  it('refuses a duplicate INSEE code or SIREN, and a member’s user', async () => {
    const first = await createMember(staff, { ...valid(), inseeCode: '2A004' });
    await expect(createMember(staff, { ...valid(), inseeCode: '2A004' })).rejects.toMatchObject({ fields: { inseeCode: expect.stringMatching(/déjà/) } });
    await expect(createMember(staff, { ...valid(), inseeCode: '2A005', siren: first.siren })).rejects.toMatchObject({ fields: { siren: expect.stringMatching(/déjà/) } });
    const member = await signedInMember(t.ctx, ['manager']);
    await expect(createMember({ ...t.ctx, actor: member.actor }, valid())).rejects.toMatchObject({ code: 'forbidden' });
    await expect(updateMember({ ...t.ctx, actor: member.actor }, member.org.id, { ...valid(), inseeCode: '2A006' })).rejects.toMatchObject({ code: 'forbidden' });
  });

  it('updates a member, with the values before and after in the audit trail', async () => {
    const org = await createMember(staff, { ...valid(), inseeCode: '2A007' });
    const after = await updateMember(staff, org.id, { ...valid(), inseeCode: '2A007', name: 'Renommée', status: 'left', leftOn: '2025-12-31' });
    expect(after).toMatchObject({ name: 'Renommée', status: 'left', leftOn: '2025-12-31' });
    const [entry] = await t.ctx.db.select().from(auditLog).where(eq(auditLog.action, 'members.update'));
    expect(entry).toMatchObject({ entityId: org.id, before: expect.objectContaining({ name: 'Nouvelle-Commune' }), after: expect.objectContaining({ name: 'Renommée' }) });
    await expect(updateMember(staff, org.id, { ...valid(), inseeCode: '2A007', status: 'left' })).rejects.toMatchObject({ fields: { leftOn: expect.any(String) } });
  });
});
