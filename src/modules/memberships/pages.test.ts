import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/helpers/app.ts';
import { signedInMember, signedInStaff, type SignedIn } from '../../../test/helpers/factories.ts';
import { activeConvention, adoptedGrid, knownSyntec } from '../../../test/helpers/memberships-factories.ts';
import { runContributions } from './contributions.ts';

let t: TestApp;
let finance: SignedIn;
let a: Awaited<ReturnType<typeof signedInMember>>;
let b: Awaited<ReturnType<typeof signedInMember>>;
let conventionA: string;
let runId: string;
beforeAll(async () => {
  t = await createTestApp();
  finance = await signedInStaff(t.ctx, ['finance']);
  a = await signedInMember(t.ctx, ['manager']);
  b = await signedInMember(t.ctx, ['manager']);
  await knownSyntec(t.ctx);
  const grid = await adoptedGrid(t.ctx, 2026);
  void grid;
  conventionA = (await activeConvention(t.ctx, a.org.id, { startsOn: '2026-01-01' })).id;
  await activeConvention(t.ctx, b.org.id, { startsOn: '2026-01-01' });
  runId = (await runContributions({ ...t.ctx, actor: finance.actor }, { periodStart: '2026-01-01', periodEnd: '2026-12-31', label: 'Contributions 2026' })).id;
});
afterAll(() => t.close());

const get = (path: string, who: SignedIn) => t.app.request(path, { headers: who.headers });
const postForm = (path: string, who: SignedIn, fields: Record<string, string>) =>
  t.app.request(path, { method: 'POST', headers: { cookie: who.cookie, 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ _csrf: who.csrfToken, ...fields }).toString() });

describe('staff pages', () => {
  it('render the lists, forms, simulator and documents', async () => {
    for (const path of ['/adhesions', '/adhesions/nouvelle', '/adhesions/rappels', `/adhesions/${conventionA}`, `/adhesions/${conventionA}/resilier`, '/tarifs', '/syntec', '/contributions', `/contributions/${runId}`]) {
      const res = await get(path, finance);
      expect(res.status, path).toBe(200);
    }
    const sim = await (await get('/syntec?montant=574%2C88&base=2024-01&date=2025-12-01&partieFixe=0', finance)).text();
    expect(sim).toContain('596,54');
    const missing = await (await get('/syntec?montant=574%2C88&base=2024-01&date=2025-06-15&partieFixe=0', finance)).text();
    expect(missing).toContain('avril 2025');
    const pdf = await get(`/adhesions/${conventionA}/convention.pdf`, finance);
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    expect(Buffer.from(await pdf.arrayBuffer()).subarray(0, 5).toString()).toBe('%PDF-');
    const notice = await get(`/contributions/${runId}/avis/${a.org.id}`, finance);
    expect(notice.headers.get('content-type')).toBe('application/pdf');
    const csv = await (await get(`/contributions/${runId}?format=csv`, finance)).text();
    expect(csv).toContain('Montant dû (€)');
    const xlsx = await get('/adhesions?format=xlsx', finance);
    expect(xlsx.headers.get('content-type')).toContain('spreadsheetml');
  });

  it('re-renders a form with French field errors and changes nothing', async () => {
    const res = await postForm('/adhesions/nouvelle', finance, { organisationId: '', startsOn: '2026-02-01', opt_maintenance: '1', ws_maintenance: '2' });
    expect(res.status).toBe(422);
    expect(await res.text()).toContain('Collectivité invalide');
    const term = await postForm(`/adhesions/${conventionA}/action`, finance, { event: 'terminate' });
    expect(term.status).toBe(422);
    expect(await term.text()).toContain('La date d’effet est obligatoire');
  });
});

describe('member portal and isolation', () => {
  it('a manager sees its convention, prices and contributions, and asks for a change', async () => {
    const page = await (await get('/ma-collectivite/adhesion', a)).text();
    expect(page).toContain('Maintenance');
    expect(page).toContain('Contributions 2026');
    const res = await postForm('/ma-collectivite/adhesion', a, { action: 'add', optionCode: 'paie', wishedOn: '2026-09-01' });
    expect(res.status).toBe(303);
  });

  it('never shows another member’s convention, contribution notice or run lines', async () => {
    expect((await get(`/adhesions/${conventionA}`, b)).status).toBe(404);
    expect((await get(`/adhesions/${conventionA}/convention.pdf`, b)).status).toBe(404);
    expect((await get(`/contributions/${runId}/avis/${a.org.id}`, b)).status).toBe(403);
    const run = await (await get(`/contributions/${runId}`, b)).text();
    expect(run).not.toContain(a.org.name);
    expect((await get('/adhesions', b)).status).toBe(403);
    const syntec = await get('/syntec', b); // the index is public information
    expect(syntec.status).toBe(200);
    expect(await syntec.text()).toContain('310,5');
  });
});

describe('ids in page addresses', () => {
  it('a malformed id is a 404 page, never a 500', async () => {
    for (const id of ['------------------------------------', 'x'.repeat(300), 'é'.repeat(36), `${conventionA.slice(0, 35)}g`]) {
      for (const path of [`/adhesions/${id}`, `/adhesions/${id}/resilier`, `/contributions/${id}`, `/contributions/${runId}/avis/${id}`, `/tarifs/${id}`, `/tarifs/${id}/options`]) {
        const res = await get(path, finance);
        expect(res.status, path).toBe(404);
        expect(await res.text(), path).toContain('introuvable');
      }
    }
    expect((await get(`/adhesions/${conventionA}`, finance)).status).toBe(200);
  });
});
