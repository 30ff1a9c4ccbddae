import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../test/helpers/app.ts';
import { createOrganisation, signedInMember, signedInStaff, type SignedIn } from '../../../../test/helpers/factories.ts';
import { createContact, createEpciWithCommunes } from '../../../../test/helpers/members-factories.ts';

let t: TestApp;
let staff: SignedIn;
beforeAll(async () => {
  t = await createTestApp();
  // Finance staff manage the registry; admins would first need a second factor in HTTP tests.
  staff = await signedInStaff(t.ctx, ['finance']);
});
afterAll(() => t.close());

const send = (path: string, who: SignedIn, init: { method?: string; body?: unknown } = {}) =>
  t.app.request(path, {
    method: init.method ?? 'GET',
    headers: { ...who.headers, ...(init.body ? { 'content-type': 'application/json' } : {}) },
    body: init.body ? JSON.stringify(init.body) : undefined,
  });
const json = async <T>(res: Response | Promise<Response>): Promise<T> => {
  const r = await res;
  expect(r.status, await r.clone().text()).toBeLessThan(300);
  return (await r.json()) as T;
};
type Page<T> = { items: T[]; total: number; page: number; pageSize: number };
type Fields = { code: string; fields: Record<string, string> };

describe('members API', () => {
  it('lists with filters, sort and pagination in the one envelope', async () => {
    const { epci } = await createEpciWithCommunes(t.ctx, ['Beta', 'Alpha', 'Gamma']);
    const res = await send(`/api/v1/members?epci=${epci.id}&sort=name&order=desc&pageSize=20&status=active&kind=commune`, staff);
    expect(res.headers.get('deprecation')).toBeNull();
    const body = await json<Page<{ name: string; epciName: string; population: number; updatedAt: string }>>(res);
    expect(body.items.map((r) => r.name)).toEqual(['Gamma', 'Beta', 'Alpha']);
    expect(body).toMatchObject({ total: 3, page: 1, pageSize: 20 });
    expect(body.items[0]!.epciName).toBe(epci.name);
    expect(body.items[0]!.population).toBe(300);
    expect(body.items[0]!.updatedAt).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    const second = await json<Page<{ name: string }>>(send(`/api/v1/members?epci=${epci.id}&sort=population&pageSize=20&page=2`, staff));
    expect(second).toMatchObject({ items: [], total: 3, page: 2 });
  });

  it('reads the French parameters of the first version for one release, with a Deprecation header', async () => {
    const { epci } = await createEpciWithCommunes(t.ctx, ['Delta', 'Epsilon']);
    const english = await send(`/api/v1/members?epci=${epci.id}&sort=name&order=desc&pageSize=50`, staff);
    const french = await send(`/api/v1/members?epci=${epci.id}&tri=name&ordre=desc&taille=50`, staff);
    expect(french.headers.get('deprecation')).toBe('true');
    const body = await json<Page<{ name: string }>>(french);
    expect(body.items.map((r) => r.name)).toEqual(['Epsilon', 'Delta']);
    expect(body).toEqual(await json(english));
  });

  it('refuses a filter value, a sort or a page size outside the allowed ones, naming them', async () => {
    const status = await send('/api/v1/members?status=zzz', staff);
    expect(status.status).toBe(422);
    const statusBody = (await status.json()) as Fields;
    expect(statusBody.code).toBe('invalid');
    for (const v of ['active', 'left', 'prospect']) expect(statusBody.fields.status).toContain(v);
    const kind = (await (await send('/api/v1/members?kind=syndicate', staff)).json()) as Fields;
    expect(kind.fields.kind).toContain('commune');
    const competence = (await (await send('/api/v1/members?competence=zzz', staff)).json()) as Fields;
    expect(competence.fields.competence).toContain('informatique');
    const sort = (await (await send('/api/v1/members?sort=siren', staff)).json()) as Fields;
    expect(sort.fields.sort).toContain('population');
    const big = await send('/api/v1/members?pageSize=500', staff);
    expect(big.status).toBe(422);
    expect(((await big.json()) as Fields).fields.pageSize).toMatch(/20.*50.*100/);
    const french = await send('/api/v1/members?taille=500', staff);
    expect(french.status).toBe(422);
  });

  it('creates a member (201 and its Location), updates it, answering 422 with French field messages', async () => {
    const bad = await send('/api/v1/members', staff, { method: 'POST', body: { kind: 'commune', name: 'X', inseeCode: '123', status: 'active' } });
    expect(bad.status).toBe(422);
    expect(((await bad.json()) as Fields).fields.inseeCode).toMatch(/5 caractères/);
    const ok = await send('/api/v1/members', staff, { method: 'POST', body: { kind: 'commune', name: 'Commune API', inseeCode: '39001', status: 'active', postcodes: ['39000'], population: 812, populationYear: 2023, joinedOn: '2024-01-01' } });
    expect(ok.status).toBe(201);
    const created = (await ok.json()) as { id: string; population: number; joinedOn: string };
    expect(created).toMatchObject({ population: 812, joinedOn: '2024-01-01' });
    expect(ok.headers.get('location')).toBe(`/api/v1/members/${created.id}`);
    expect(await json(send(ok.headers.get('location')!, staff))).toEqual(created);
    const put = await send(`/api/v1/members/${created.id}`, staff, { method: 'PUT', body: { kind: 'commune', name: 'Commune API renommée', inseeCode: '39001', status: 'active' } });
    expect(put.status).toBe(200);
    expect((await json<{ name: string }>(send(`/api/v1/members/${created.id}`, staff))).name).toBe('Commune API renommée');
  });

  it('creates contacts, budgets, competences and deliberations, each at its Location', async () => {
    const org = await createOrganisation(t.ctx);
    const bodies: [string, unknown, Record<string, unknown>][] = [
      ['contacts', { name: 'Claire Contact', function: 'dgs', email: 'dgs@exemple.fr', phone: '+33 3 84 00 11 22' }, { name: 'Claire Contact', phone: '03 84 00 11 22', endedOn: null }],
      ['budgets', { name: 'Budget eau', kind: 'annexe', chorusStructureId: '123456' }, { name: 'Budget eau', kind: 'annexe', chorusStructureId: '123456' }],
      ['deliberations', { adoptedOn: '2024-06-12', number: 'D-2024-9', subject: 'Transfert IRVE', decision: 'transfert_competence', competence: 'irve' }, { number: 'D-2024-9', competence: 'irve', fileName: null }],
      ['competences', { competence: 'irve', startedOn: '2024-07-01' }, { competence: 'irve', startedOn: '2024-07-01', endedOn: null }],
    ];
    for (const [path, body, expected] of bodies) {
      const res = await send(`/api/v1/members/${org.id}/${path}`, staff, { method: 'POST', body });
      expect(res.status, await res.clone().text()).toBe(201);
      const made = (await res.json()) as { id: string };
      expect(made).toMatchObject({ ...expected, organisationId: org.id });
      expect(res.headers.get('location')).toBe(`/api/v1/members/${org.id}/${path}/${made.id}`);
      expect(await json(send(res.headers.get('location')!, staff))).toEqual(made);
      expect((await json<{ items: { id: string }[] }>(send(`/api/v1/members/${org.id}/${path}`, staff))).items.map((x) => x.id)).toContain(made.id);
    }
  });

  it('updates a budget and a competence transfer, only under their own member', async () => {
    const org = await createOrganisation(t.ctx);
    const other = await createOrganisation(t.ctx);
    const budget = await json<{ id: string }>(send(`/api/v1/members/${org.id}/budgets`, staff, { method: 'POST', body: { name: 'Budget eau', kind: 'annexe' } }));
    const put = await json<{ name: string; kind: string }>(send(`/api/v1/members/${org.id}/budgets/${budget.id}`, staff, { method: 'PUT', body: { name: 'Budget assainissement', kind: 'annexe', chorusStructureId: '42' } }));
    expect(put).toMatchObject({ name: 'Budget assainissement', chorusStructureId: '42' });
    expect((await send(`/api/v1/members/${other.id}/budgets/${budget.id}`, staff, { method: 'PUT', body: { name: 'Ailleurs', kind: 'annexe' } })).status).toBe(404);
    const k = await json<{ id: string }>(send(`/api/v1/members/${org.id}/competences`, staff, { method: 'POST', body: { competence: 'gaz', startedOn: '2020-01-01' } }));
    const ended = await json<{ endedOn: string }>(send(`/api/v1/members/${org.id}/competences/${k.id}`, staff, { method: 'PUT', body: { competence: 'gaz', startedOn: '2020-01-01', endedOn: '2025-12-31' } }));
    expect(ended.endedOn).toBe('2025-12-31');
    expect((await send(`/api/v1/members/${other.id}/competences/${k.id}`, staff)).status).toBe(404);
  });

  it('answers 422 to a malformed id and 404 to an unknown one', async () => {
    const org = await createOrganisation(t.ctx);
    for (const bad of ['pas-un-uuid', '------------------------------------', 'a'.repeat(5000), '%C3%A9'.repeat(36)]) {
      const res = await send(`/api/v1/members/${bad}`, staff);
      expect(res.status).toBe(422);
      expect(((await res.json()) as Fields).fields.id).toMatch(/UUID/);
    }
    // A NUL byte is refused before any route runs, still as a 422.
    expect((await send('/api/v1/members/%00', staff)).status).toBe(422);
    expect((await send(`/api/v1/members/${org.id}/contacts/pas-un-uuid`, staff)).status).toBe(422);
    const unknown = '00000000-0000-4000-8000-000000000000';
    expect((await send(`/api/v1/members/${unknown}`, staff)).status).toBe(404);
    expect((await send(`/api/v1/members/${org.id}/contacts/${unknown}`, staff)).status).toBe(404);
    expect((await send(`/api/v1/members/${org.id}/deliberations/${unknown}/pdf`, staff)).status).toBe(404);
  });

  it('keeps each member’s manager within their own collectivity', async () => {
    const a = await signedInMember(t.ctx, ['manager']);
    const b = await signedInMember(t.ctx, ['manager']);
    const contactOfB = await createContact(t.ctx, b.org.id);
    expect((await send(`/api/v1/members/${b.org.id}`, a)).status).toBe(403);
    expect((await send(`/api/v1/members/${b.org.id}/contacts`, a)).status).toBe(403);
    expect((await send(`/api/v1/members/${b.org.id}/contacts/${contactOfB.id}`, a)).status).toBe(403);
    expect((await send(`/api/v1/members/${b.org.id}/contacts`, a, { method: 'POST', body: { name: 'Intrus', function: 'maire' } })).status).toBe(403);
    expect((await send(`/api/v1/members/${b.org.id}/contacts/${contactOfB.id}`, a, { method: 'PUT', body: { name: 'Intrus', function: 'maire' } })).status).toBe(403);
    // Naming one's own collectivity in the URL does not reach another's contact.
    expect((await send(`/api/v1/members/${a.org.id}/contacts/${contactOfB.id}`, a, { method: 'PUT', body: { name: 'Intrus', function: 'maire' } })).status).toBe(404);
    expect((await send(`/api/v1/members/${a.org.id}/contacts/${contactOfB.id}`, a)).status).toBe(404);
    expect((await send(`/api/v1/members/${b.org.id}/budgets`, a)).status).toBe(403);
    expect((await send(`/api/v1/members/${b.org.id}/competences`, a)).status).toBe(403);
    expect((await send(`/api/v1/members/${b.org.id}/deliberations`, a)).status).toBe(403);
    const list = await json<Page<{ id: string }>>(send('/api/v1/members', a));
    expect(list.items.map((r) => r.id)).toEqual([a.org.id]);
    expect(list.total).toBe(1);
    const added = await send(`/api/v1/members/${a.org.id}/contacts`, a, { method: 'POST', body: { name: 'Mon contact', function: 'referent_rgpd', email: 'rgpd@exemple.fr' } });
    expect(added.status).toBe(201);
    const mine = (await added.json()) as { id: string };
    const end = await send(`/api/v1/members/${a.org.id}/contacts/${mine.id}/end`, a, { method: 'POST', body: { endedOn: '2026-03-01' } });
    expect(end.status).toBe(200);
    expect(((await end.json()) as { endedOn: string }).endedOn).toBe('2026-03-01');
  });

  it('searches quickly and finds callers by phone', async () => {
    const org = await createOrganisation(t.ctx, { name: 'Évette-Salbert test', inseeCode: '90042', postcodes: ['90350'] });
    await createContact(t.ctx, org.id, { name: 'Appelant', function: 'maire', phone: '03 84 11 22 33', phoneDigits: '0384112233' });
    const hits = await json<{ items: { id: string; kind: string }[] }>(send('/api/v1/members/search?q=EVETTE', staff));
    expect(hits.items.find((h) => h.id === org.id)).toMatchObject({ kind: 'commune' });
    const callers = await json<{ items: { organisationId: string; contactName: string; contactFunction: string }[] }>(send('/api/v1/members/by-phone?phone=%2B33384112233', staff));
    expect(callers.items).toEqual([expect.objectContaining({ organisationId: org.id, contactName: 'Appelant', contactFunction: 'maire' })]);
  });

  it('is documented in the OpenAPI document, with typed answers', async () => {
    const doc = (await (await t.app.request('/api/openapi.json')).json()) as { paths: Record<string, { get?: { parameters?: { name: string }[] } }>; components: { schemas: Record<string, unknown> } };
    for (const p of ['/api/v1/members', '/api/v1/members/{id}', '/api/v1/members/{id}/contacts', '/api/v1/members/{id}/contacts/{contactId}', '/api/v1/members/official-differences']) expect(doc.paths).toHaveProperty([p]);
    expect(doc.paths['/api/v1/members']!.get!.parameters!.map((p) => p.name)).toEqual(expect.arrayContaining(['q', 'sort', 'order', 'page', 'pageSize', 'kind', 'epci', 'competence', 'status']));
    for (const s of ['Member', 'MemberPage', 'Contact', 'Budget', 'Competence', 'Deliberation', 'OfficialDifference']) expect(doc.components.schemas).toHaveProperty([s]);
  });

  it('refuses anonymous callers', async () => {
    expect((await t.app.request('/api/v1/members')).status).toBe(401);
  });
});
