import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/helpers/app.ts';
import { createOrganisation, signedInMember, signedInStaff, type SignedIn } from '../../../test/helpers/factories.ts';
import { createContact, createEpciWithCommunes } from '../../../test/helpers/members-factories.ts';

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

describe('members API', () => {
  it('lists with filters, sort and pagination', async () => {
    const { epci } = await createEpciWithCommunes(t.ctx, ['Beta', 'Alpha', 'Gamma']);
    const res = await send(`/api/v1/members?epci=${epci.id}&tri=name&ordre=desc&taille=20`, staff);
    expect(res.status, await res.clone().text()).toBe(200);
    const body = (await res.json()) as { rows: { name: string; epciName: string }[]; total: number; page: number };
    expect(body.rows.map((r) => r.name)).toEqual(['Gamma', 'Beta', 'Alpha']);
    expect(body).toMatchObject({ total: 3, page: 1 });
    expect(body.rows[0]!.epciName).toBe(epci.name);
  });

  it('creates and updates a member, answering 422 with French field messages', async () => {
    const bad = await send('/api/v1/members', staff, { method: 'POST', body: { kind: 'commune', name: 'X', inseeCode: '123', status: 'active' } });
    expect(bad.status).toBe(422);
    expect(((await bad.json()) as { fields: Record<string, string> }).fields.inseeCode).toMatch(/5 caractères/);
    const ok = await send('/api/v1/members', staff, { method: 'POST', body: { kind: 'commune', name: 'Commune API', inseeCode: '39001', status: 'active', postcodes: ['39000'] } });
    expect(ok.status).toBe(201);
    const created = (await ok.json()) as { id: string };
    const put = await send(`/api/v1/members/${created.id}`, staff, { method: 'PUT', body: { kind: 'commune', name: 'Commune API renommée', inseeCode: '39001', status: 'active' } });
    expect(put.status).toBe(200);
    expect(((await (await send(`/api/v1/members/${created.id}`, staff)).json()) as { name: string }).name).toBe('Commune API renommée');
  });

  it('keeps each member’s manager within their own collectivity', async () => {
    const a = await signedInMember(t.ctx, ['manager']);
    const b = await signedInMember(t.ctx, ['manager']);
    const contactOfB = await createContact(t.ctx, b.org.id);
    expect((await send(`/api/v1/members/${b.org.id}`, a)).status).toBe(403);
    expect((await send(`/api/v1/members/${b.org.id}/contacts`, a)).status).toBe(403);
    expect((await send(`/api/v1/members/${b.org.id}/contacts`, a, { method: 'POST', body: { name: 'Intrus', function: 'maire' } })).status).toBe(403);
    expect((await send(`/api/v1/members/${b.org.id}/contacts/${contactOfB.id}`, a, { method: 'PUT', body: { name: 'Intrus', function: 'maire' } })).status).toBe(403);
    // Naming one's own collectivity in the URL does not reach another's contact.
    expect((await send(`/api/v1/members/${a.org.id}/contacts/${contactOfB.id}`, a, { method: 'PUT', body: { name: 'Intrus', function: 'maire' } })).status).toBe(404);
    expect((await send(`/api/v1/members/${b.org.id}/budgets`, a)).status).toBe(403);
    expect((await send(`/api/v1/members/${b.org.id}/competences`, a)).status).toBe(403);
    expect((await send(`/api/v1/members/${b.org.id}/deliberations`, a)).status).toBe(403);
    const list = (await (await send('/api/v1/members', a)).json()) as { rows: { id: string }[] };
    expect(list.rows.map((r) => r.id)).toEqual([a.org.id]);
    const added = await send(`/api/v1/members/${a.org.id}/contacts`, a, { method: 'POST', body: { name: 'Mon contact', function: 'referent_rgpd', email: 'rgpd@exemple.fr' } });
    expect(added.status).toBe(201);
    const mine = (await added.json()) as { id: string };
    const end = await send(`/api/v1/members/${a.org.id}/contacts/${mine.id}/end`, a, { method: 'POST', body: { endedOn: '2026-03-01' } });
    expect(((await end.json()) as { endedOn: string }).endedOn).toBe('2026-03-01');
  });

  it('searches quickly and finds callers by phone', async () => {
    const org = await createOrganisation(t.ctx, { name: 'Évette-Salbert test', inseeCode: '90042', postcodes: ['90350'] });
    await createContact(t.ctx, org.id, { phone: '03 84 11 22 33', phoneDigits: '0384112233' });
    const hits = (await (await send('/api/v1/members/search?q=EVETTE', staff)).json()) as { id: string }[];
    expect(hits.map((h) => h.id)).toContain(org.id);
    const callers = (await (await send('/api/v1/members/by-phone?phone=%2B33384112233', staff)).json()) as { organisationId: string }[];
    expect(callers.map((c) => c.organisationId)).toEqual([org.id]);
  });

  it('is documented in the OpenAPI document', async () => {
    const doc = (await (await t.app.request('/api/openapi.json')).json()) as { paths: Record<string, unknown> };
    for (const p of ['/api/v1/members', '/api/v1/members/{id}', '/api/v1/members/{id}/contacts', '/api/v1/members/official-differences']) expect(doc.paths).toHaveProperty([p]);
  });

  it('refuses anonymous callers', async () => {
    expect((await t.app.request('/api/v1/members')).status).toBe(401);
  });
});
