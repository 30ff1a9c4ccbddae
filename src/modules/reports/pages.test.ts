import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/helpers/app.ts';
import { createOrganisation, signedInMember, signedInStaff, type SignedIn } from '../../../test/helpers/factories.ts';
import { insertIntervention, insertTicket } from '../../../test/helpers/reports-factories.ts';

describe('report pages, exports and key figures', () => {
  let t: TestApp;
  let admin: SignedIn;
  beforeAll(async () => {
    t = await createTestApp();
    admin = await signedInStaff(t.ctx, ['admin']);
    const org = await createOrganisation(t.ctx, { name: 'Éloie' });
    const ticket = await insertTicket(t.ctx, { organisationId: org.id, createdAt: '2019-05-02T08:00Z' });
    for (const [channel, n] of [['phone', 3], ['remote', 2], ['workshop', 1]] as const) {
      for (let i = 0; i < n; i++) await insertIntervention(t.ctx, { organisationId: org.id, ticketId: ticket, channel, startedAt: `2019-05-0${i + 2}T09:00Z`, durationMinutes: 20 });
    }
  });
  afterAll(() => t.close());
  const get = (path: string, who: SignedIn = admin) => t.app.request(path, { headers: who.headers });

  it('shows the period’s report with its charts and their tables', async () => {
    const res = await get('/rapports/activite?du=2019-01-01&au=2019-12-31');
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('Activité du service informatique, année 2019');
    expect(html).toMatch(/data-figure="total">6</);
    expect(html).toMatch(/<svg role="img" aria-labelledby="canaux-title canaux-desc"/);
    expect(html).toContain('<title id="canaux-title">');
    expect(html).toContain('<caption>Interventions par canal, année 2019 (données)</caption>');
    expect(html).toContain('Éloie');
  });

  it('exports the report as CSV, XLSX and PDF', async () => {
    const csv = await get('/rapports/activite?du=2019-01-01&au=2019-12-31&format=csv');
    expect(csv.headers.get('content-type')).toContain('text/csv');
    const text = await csv.text();
    expect(text).toContain('Canal;Téléphone;3;60');
    expect(text).toContain('Canal;Total;6;120');
    const xlsx = await get('/rapports/activite?du=2019-01-01&au=2019-12-31&format=xlsx');
    expect(xlsx.headers.get('content-type')).toContain('spreadsheetml');
    expect(Buffer.from(await xlsx.arrayBuffer()).subarray(0, 2).toString()).toBe('PK');
    const pdf = await get('/rapports/activite?du=2019-01-01&au=2019-12-31&format=pdf');
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    expect(Buffer.from(await pdf.arrayBuffer()).subarray(0, 5).toString()).toBe('%PDF-');
  });

  it('refuses a wrong period with a French message', async () => {
    const res = await get('/rapports/activite?du=2019-12-31&au=2019-01-01');
    expect(res.status).toBe(422);
    expect(await res.text()).toContain('La date de fin doit suivre la date de début.');
    const api = await get('/api/v1/reports/activity?from=2019-02-30&to=2019-03-01');
    expect(api.status).toBe(422);
    expect(((await api.json()) as { fields: Record<string, string> }).fields).toHaveProperty('from');
  });

  it('the API reads from/to, and the first version’s du/au with Deprecation: true', async () => {
    const english = await get('/api/v1/reports/activity?from=2019-01-01&to=2019-12-31');
    expect(english.status).toBe(200);
    expect(english.headers.get('deprecation')).toBeNull();
    const body = (await english.json()) as { total: number; period: { from: string; to: string }; channels: { channel: string; count: number }[] };
    expect(body.total).toBeGreaterThan(0);
    expect(body.period).toEqual({ from: '2019-01-01', to: '2019-12-31' });
    expect(body.channels.map((c) => c.channel)).toEqual(['phone', 'remote', 'email', 'onsite', 'workshop']);
    const french = await get('/api/v1/reports/activity?du=2019-01-01&au=2019-12-31');
    expect(french.headers.get('deprecation')).toBe('true');
    expect(await french.json()).toEqual(body);
  });

  it('the chooser redirects to a real member id only, and a malformed id in the path is a 404 page', async () => {
    const evil = await get('/rapports/membres?collectivite=%2F%2Fevil.example%2F------------------------&du=2019-01-01&au=2019-12-31');
    expect(evil.status).toBe(422);
    expect(evil.headers.get('location')).toBeNull();
    expect(await evil.text()).toContain('Choisissez une collectivité.');
    const dashes = await get('/rapports/membres?collectivite=------------------------------------&du=2019-01-01&au=2019-12-31');
    expect(dashes.status).toBe(422);
    expect(dashes.headers.get('location')).toBeNull();
    for (const id of ['------------------------------------', 'x'.repeat(300), 'é'.repeat(36), '%2F%2Fevil.example']) {
      const res = await get(`/rapports/membres/${id}`);
      expect(res.status, id).toBe(404);
      expect(res.headers.get('location'), id).toBeNull();
    }
    // A NUL byte is refused before any route (422).
    expect((await get('/rapports/membres/%00')).status).toBe(422);
  });

  it('an editor publishes a year’s key figures; they stay frozen; the public page shows them', async () => {
    expect(await (await t.app.request('/chiffres-cles')).text()).toContain('Aucun chiffre clé n’est publié');
    expect((await t.app.request('/api/v1/key-figures')).status).toBe(404);
    const technician = await signedInStaff(t.ctx, ['technician']);
    const refused = await t.app.request('/rapports/chiffres-cles', { method: 'POST', headers: { ...technician.headers, 'content-type': 'application/x-www-form-urlencoded' }, body: `_csrf=${technician.csrfToken}&year=2019` });
    expect(refused.status).toBe(403);
    const editor = await signedInStaff(t.ctx, ['editor']);
    const post = (year: string) => t.app.request('/rapports/chiffres-cles', { method: 'POST', headers: { ...editor.headers, 'content-type': 'application/x-www-form-urlencoded' }, body: `_csrf=${editor.csrfToken}&year=${year}` });
    const empty = await post('2018');
    expect(empty.status).toBe(422);
    expect(await empty.text()).toContain('Aucune intervention n’est enregistrée pour cette année.');
    const ok = await post('2019');
    expect(ok.status).toBe(303);
    expect(ok.headers.get('location')).toBe('/chiffres-cles');
    const org = await createOrganisation(t.ctx);
    const late = await insertTicket(t.ctx, { organisationId: org.id, createdAt: '2019-06-01T08:00Z' });
    await insertIntervention(t.ctx, { organisationId: org.id, ticketId: late, channel: 'email', startedAt: '2019-06-01T09:00Z' });
    const html = await (await t.app.request('/chiffres-cles')).text();
    expect(html).toContain('Chiffres clés 2019');
    expect(html).toMatch(/data-figure="total">6</);
    const api = (await (await t.app.request('/api/v1/key-figures')).json()) as { year: number; figures: { interventions: number } };
    expect(api.year).toBe(2019);
    expect(api.figures.interventions).toBe(6);
    const viaApi = await t.app.request('/api/v1/key-figures', { method: 'POST', headers: { ...editor.headers, 'content-type': 'application/json' }, body: JSON.stringify({ year: 2019 }) });
    expect(viaApi.status).toBe(201);
    const published = (await viaApi.json()) as { id: string; figures: { interventions: number } };
    expect(published.figures.interventions).toBe(7);
    expect(viaApi.headers.get('location')).toBe('/api/v1/key-figures');
    expect(((await (await t.app.request('/api/v1/key-figures')).json()) as { id: string }).id).toBe(published.id);
  });

  it('a member’s manager gets the chooser with its own collectivity only', async () => {
    const manager = await signedInMember(t.ctx, ['manager'], { name: 'Offemont' });
    const html = await (await get('/rapports', manager)).text();
    expect(html).toContain('Offemont');
    expect(html).not.toContain('Éloie');
    expect(html).not.toContain('Tout le service informatique');
  });
});
