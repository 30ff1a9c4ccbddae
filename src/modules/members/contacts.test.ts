import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/helpers/app.ts';
import { createOrganisation, signedInMember, signedInStaff, signedInUser } from '../../../test/helpers/factories.ts';
import { createContact, createDeliberation } from '../../../test/helpers/members-factories.ts';
import type { Ctx } from '../../platform/context.ts';
import { addContact, currentContactsByEmail, endContact, findMembersByPhone, listContacts, updateContact } from './contacts.ts';
import { addBudget, addCompetence, addDeliberation, listCompetences, updateCompetence } from './records.ts';

let t: TestApp;
let staff: Ctx;
beforeAll(async () => {
  t = await createTestApp();
  staff = { ...t.ctx, actor: (await signedInStaff(t.ctx, ['admin'])).actor };
});
afterAll(() => t.close());

describe('contacts of a member', () => {
  it('lets a manager add and edit their own collectivity’s contacts, never another’s', async () => {
    const a = await signedInMember(t.ctx, ['manager']);
    const b = await signedInMember(t.ctx, ['manager']);
    const ctxA = { ...t.ctx, actor: a.actor };
    const mine = await addContact(ctxA, a.org.id, { name: 'Jeanne Démo', function: 'maire', phone: '03 84 00 00 01' });
    expect(mine).toMatchObject({ organisationId: a.org.id, phone: '03 84 00 00 01', phoneDigits: '0384000001' });
    const theirs = await createContact(t.ctx, b.org.id, { name: 'Contact de B' });
    await expect(addContact(ctxA, b.org.id, { name: 'Intrus', function: 'maire' })).rejects.toMatchObject({ code: 'forbidden' });
    await expect(updateContact(ctxA, theirs.id, { name: 'Modifié', function: 'maire' })).rejects.toMatchObject({ code: 'forbidden' });
    await expect(endContact(ctxA, theirs.id)).rejects.toMatchObject({ code: 'forbidden' });
    await expect(listContacts(ctxA, b.org.id)).rejects.toMatchObject({ code: 'forbidden' });
    expect((await listContacts(ctxA, a.org.id)).map((c) => c.name)).toEqual(['Jeanne Démo']);
    const agent = await signedInUserOf(a.org.id);
    await expect(addContact(agent, a.org.id, { name: 'Par un agent', function: 'maire' })).rejects.toMatchObject({ code: 'forbidden' });
  });

  it('keeps a contact who leaves, with an end date, after the current ones', async () => {
    const org = await createOrganisation(t.ctx);
    const old = await addContact(staff, org.id, { name: 'Ancien Maire', function: 'maire', startedOn: '2014-03-30' });
    await addContact(staff, org.id, { name: 'Nouvelle Maire', function: 'maire', startedOn: '2020-05-25' });
    await expect(endContact(staff, old.id, { endedOn: '2010-01-01' })).rejects.toMatchObject({ code: 'invalid' });
    const ended = await endContact(staff, old.id, { endedOn: '2020-05-24' });
    expect(ended.endedOn).toBe('2020-05-24');
    await expect(endContact(staff, old.id)).rejects.toMatchObject({ code: 'invalid' });
    expect((await listContacts(staff, org.id)).map((c) => [c.name, c.endedOn])).toEqual([
      ['Nouvelle Maire', null],
      ['Ancien Maire', '2020-05-24'],
    ]);
  });

  it('finds who is calling from a phone number written in any form, among current contacts', async () => {
    const org = await createOrganisation(t.ctx, { name: 'Commune appelante', phone: '03 84 99 99 99' });
    const c = await addContact(staff, org.id, { name: 'Secrétaire', function: 'secretaire_mairie', phone: '06.11.22.33.44' });
    const gone = await addContact(staff, org.id, { name: 'Partie', function: 'adjoint', phone: '06 11 22 33 45' });
    await endContact(staff, gone.id);
    expect(await findMembersByPhone(staff, '+33 6 11 22 33 44')).toEqual([expect.objectContaining({ organisationId: org.id, contactId: c.id, contactName: 'Secrétaire' })]);
    expect(await findMembersByPhone(staff, '0611223345')).toEqual([]);
    expect(await findMembersByPhone(staff, '0384999999')).toEqual([expect.objectContaining({ organisationId: org.id, contactId: null })]);
    expect(await findMembersByPhone(staff, 'pas un numéro')).toEqual([]);
    const stranger = await signedInMember(t.ctx, ['manager']);
    expect(await findMembersByPhone({ ...t.ctx, actor: stranger.actor }, '0611223344')).toEqual([]);
  });
});

describe('budgets, competences and deliberations', () => {
  it('records a budget with its Chorus Pro structure and checks its SIRET', async () => {
    const org = await createOrganisation(t.ctx);
    const b = await addBudget(staff, org.id, { name: 'Budget eau', kind: 'annexe', siret: '219 000 106 00019', chorusStructureId: '25783456' });
    expect(b).toMatchObject({ siret: '21900010600019', chorusStructureId: '25783456' });
    await expect(addBudget(staff, org.id, { name: 'X', kind: 'annexe', siret: '21900010600014' })).rejects.toMatchObject({ fields: { siret: expect.stringMatching(/clé/) } });
    await expect(addBudget(staff, org.id, { name: 'X', kind: 'annexe', chorusStructureId: 'abc' })).rejects.toMatchObject({ fields: { chorusStructureId: expect.any(String) } });
    const member = await signedInMember(t.ctx, ['manager']);
    await expect(addBudget({ ...t.ctx, actor: member.actor }, member.org.id, { name: 'X', kind: 'principal' })).rejects.toMatchObject({ code: 'forbidden' });
  });

  it('dates the transferred competences and refuses overlapping periods', async () => {
    const org = await createOrganisation(t.ctx);
    const delib = await createDeliberation(t.ctx, org.id, { decision: 'transfert_competence', competence: 'eclairage_maintenance' });
    const first = await addCompetence(staff, org.id, { competence: 'eclairage_maintenance', startedOn: '2019-01-01', deliberationId: delib.id });
    await expect(addCompetence(staff, org.id, { competence: 'eclairage_maintenance', startedOn: '2022-01-01' })).rejects.toMatchObject({ code: 'invalid' });
    await updateCompetence(staff, first.id, { competence: 'eclairage_maintenance', startedOn: '2019-01-01', endedOn: '2021-12-31', deliberationId: delib.id });
    await addCompetence(staff, org.id, { competence: 'eclairage_maintenance', startedOn: '2022-01-01' });
    expect((await listCompetences(staff, org.id)).map((c) => [c.startedOn, c.endedOn])).toEqual([
      ['2022-01-01', null],
      ['2019-01-01', '2021-12-31'],
    ]);
    const other = await createOrganisation(t.ctx);
    const foreign = await createDeliberation(t.ctx, other.id);
    await expect(addCompetence(staff, org.id, { competence: 'irve', startedOn: '2024-01-01', deliberationId: foreign.id })).rejects.toMatchObject({ fields: { deliberationId: expect.any(String) } });
  });

  it('requires the competence of a transfer deliberation', async () => {
    const org = await createOrganisation(t.ctx);
    await expect(addDeliberation(staff, org.id, { adoptedOn: '2024-06-12', number: 'D-12', subject: 'Transfert', decision: 'transfert_competence' })).rejects.toMatchObject({ fields: { competence: expect.any(String) } });
    const d = await addDeliberation(staff, org.id, { adoptedOn: '2024-06-12', number: 'D-12', subject: 'Transfert', decision: 'transfert_competence', competence: 'irve' });
    expect(d).toMatchObject({ competence: 'irve', fileId: null });
  });

  it('finds the current contacts writing from an address, whatever its case, former ones aside', async () => {
    const a = await createOrganisation(t.ctx);
    const b = await createOrganisation(t.ctx);
    const email = `secretariat.${a.id.slice(0, 8)}@exemple.fr`;
    const current = await createContact(t.ctx, a.id, { name: 'Secrétaire actuelle', email });
    await createContact(t.ctx, b.id, { name: 'Ancienne secrétaire', email, endedOn: '2020-01-01' });
    await createContact(t.ctx, b.id, { name: 'Autre adresse', email: `autre.${email}` });
    expect(await currentContactsByEmail(t.ctx, ` ${email.toUpperCase()} `)).toEqual([{ id: current.id, organisationId: a.id, name: 'Secrétaire actuelle' }]);
  });
});

async function signedInUserOf(organisationId: string): Promise<Ctx> {
  return { ...t.ctx, actor: (await signedInUser(t.ctx, { organisationId, roles: ['agent'] })).actor };
}
