import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/helpers/app.ts';
import { signedInMember, signedInStaff, type SignedIn } from '../../../test/helpers/factories.ts';
import { adoptedGrid, knownSyntec } from '../../../test/helpers/memberships-factories.ts';

let t: TestApp;
let finance: SignedIn;
beforeAll(async () => {
  t = await createTestApp();
  finance = await signedInStaff(t.ctx, ['finance']);
  await knownSyntec(t.ctx);
});
afterAll(() => t.close());

const post = (path: string, who: SignedIn, body: unknown, type = 'application/json') =>
  t.app.request(path, { method: 'POST', headers: { ...who.headers, 'content-type': type }, body: typeof body === 'string' ? body : JSON.stringify(body) });

describe('Syntec revision simulator (API)', () => {
  it('answers the trail of 574,88 € from January 2024 revised on 1 December 2025', async () => {
    const res = await t.app.request('/api/v1/syntec/revision?amountCents=57488&baseMonth=2024-01&at=2025-12-01&fixedPart=0', { headers: finance.headers });
    expect(res.status).toBe(200);
    const body = (await res.json()) as Record<string, unknown>;
    expect(body).toMatchObject({ amountCents: 57488, fixedPart: 0, baseMonth: '2024-01', linkingCoefficient: null, resultCents: 59654 });
    expect(body.s0).toMatchObject({ month: '2024-01', value: 310.5 });
    expect(body.s).toMatchObject({ month: '2025-10', value: 322.2, publishedOn: '2025-11-30' });
  });

  it('names the missing month instead of falling back', async () => {
    // On 15 June 2025 the latest index due is April 2025 (published by 31 May), which is not entered.
    const res = await t.app.request('/api/v1/syntec/revision?amountCents=57488&baseMonth=2024-01&at=2025-06-15', { headers: finance.headers });
    expect(res.status).toBe(422);
    const body = (await res.json()) as { code: string; message: string };
    expect(body.code).toBe('syntec_index_missing');
    expect(body.message).toContain('avril 2025');
  });

  it('across the August 2022 break: the former-series S0 times 0.97975, stated in the trail', async () => {
    // Former series, August 2022: 286.4 (the value the linking coefficient 280.6 / 286.4 was computed from).
    const saved = await post('/api/v1/syntec/indices', finance, { month: '2022-08', series: 'legacy', value: 286.4 });
    expect(saved.status).toBe(200);
    expect(await saved.json()).toMatchObject({ month: '2022-08', series: 'legacy', value: 286.4, source: 'manual' });
    // 1000 € × 310.5 / (286.4 × 0.97975) = 1000 € × 310.5 / 280.6004 = 1106.5558 € → 110656 cents
    const res = await t.app.request('/api/v1/syntec/revision?amountCents=100000&baseMonth=2022-08&at=2024-03-01&fixedPart=0.15', { headers: finance.headers });
    const body = (await res.json()) as Record<string, unknown>;
    // With a = 0.15: 1000 € × (0.15 + 0.85 × 310.5 / 280.6004) = 1090.5724 € → 109057 cents
    expect(body).toMatchObject({ fixedPart: 0.15, linkingCoefficient: 0.97975, s0InSeriesOfS: 280.6004, resultCents: 109057 });
    expect(body.s0).toMatchObject({ month: '2022-08', series: 'legacy', value: 286.4 });
    const page = await (await t.app.request('/syntec?montant=1000&base=2022-08&date=2024-03-01&partieFixe=0', { headers: finance.headers })).text();
    expect(page).toContain('286,4 × 0,97975 = 280,6004 dans la série révisée');
    expect(page).toContain('1106,56');
  });

  it('refuses anonymous callers', async () => {
    expect((await t.app.request('/api/v1/syntec/revision?amountCents=1&baseMonth=2024-01&at=2025-12-01')).status).toBe(401);
  });
});

describe('Syntec index entry and CSV import', () => {
  it('imports a CSV file, all or nothing', async () => {
    const bad = await post('/api/v1/syntec/indices/import', finance, 'mois;valeur\n2023-01;300,1\n2023-02;abc\n', 'text/csv');
    expect(bad.status).toBe(422);
    expect(((await bad.json()) as { message: string }).message).toContain('Ligne 3');
    const list1 = ((await (await t.app.request('/api/v1/syntec/indices', { headers: finance.headers })).json()) as { items: { month: string }[] }).items;
    expect(list1.length).toBeGreaterThan(0);
    expect(list1.some((i) => i.month === '2023-01')).toBe(false);
    const ok = await post('/api/v1/syntec/indices/import', finance, '\ufeffmois;valeur;publication\n2023-01;300,1;2023-02-27\n2022-07;295,0;\n', 'text/csv');
    expect(await ok.json()).toEqual({ imported: 2 });
    const list = ((await (await t.app.request('/api/v1/syntec/indices', { headers: finance.headers })).json()) as { items: { month: string; series: string; value: number; publishedOn: string }[] }).items;
    expect(list.find((i) => i.month === '2023-01')).toMatchObject({ series: 'revised', value: 300.1, publishedOn: '2023-02-27' });
    expect(list.find((i) => i.month === '2022-07')).toMatchObject({ series: 'legacy', value: 295, publishedOn: '2022-08-31' });
  });

  it('refuses a revised-series value before August 2022', async () => {
    const res = await post('/api/v1/syntec/indices', finance, { month: '2022-05', series: 'revised', value: 290 });
    expect(res.status).toBe(422);
  });

  it('a member manager may not enter index values', async () => {
    const m = await signedInMember(t.ctx);
    expect((await post('/api/v1/syntec/indices', m, { month: '2025-11', value: 323 })).status).toBe(403);
  });
});

describe('tariff grids', () => {
  it('adoption needs the president’s decision, then the grid is immutable', async () => {
    const created = await post('/api/v1/tariffs/grids', finance, { year: 2031, effectiveOn: '2031-01-01', indexBaseMonth: '2025-10' });
    expect(created.status).toBe(201);
    const grid = (await created.json()) as { id: string };
    expect(created.headers.get('location')).toBe(`/api/v1/tariffs/grids/${grid.id}`);
    const option = { code: 'maintenance', label: 'Maintenance', mandatory: true, fixedPart: 0.15, rule: { kind: 'flat', amount: 1000 } };
    const put = await t.app.request(`/api/v1/tariffs/grids/${grid.id}/options`, { method: 'PUT', headers: { ...finance.headers, 'content-type': 'application/json' }, body: JSON.stringify(option) });
    expect(put.status).toBe(200);
    expect(await put.json()).toMatchObject({ code: 'maintenance', fixedPart: 0.15, revisionTrail: null });
    const extra = await t.app.request(`/api/v1/tariffs/grids/${grid.id}/options`, { method: 'PUT', headers: { ...finance.headers, 'content-type': 'application/json' }, body: JSON.stringify({ ...option, code: 'extra', mandatory: false }) });
    expect(extra.status).toBe(200);
    expect((await t.app.request(`/api/v1/tariffs/grids/${grid.id}/options/extra`, { method: 'DELETE', headers: finance.headers })).status).toBe(204);
    const read = (await (await t.app.request(`/api/v1/tariffs/grids/${grid.id}`, { headers: finance.headers })).json()) as { options: { code: string; fixedPart: number }[] };
    expect(read.options.map((o) => [o.code, o.fixedPart])).toEqual([['maintenance', 0.15]]);
    const early = await post(`/api/v1/tariffs/grids/${grid.id}/adopt`, finance, {});
    expect(early.status).toBe(422);
    expect(((await early.json()) as { fields: Record<string, string> }).fields).toHaveProperty('decisionReference');
    await t.app.request(`/api/v1/tariffs/grids/${grid.id}`, { method: 'PATCH', headers: { ...finance.headers, 'content-type': 'application/json' }, body: JSON.stringify({ decisionReference: 'A-2030-12', decisionOn: '2030-12-10', commissionProposedOn: '2030-11-20' }) });
    expect((await post(`/api/v1/tariffs/grids/${grid.id}/adopt`, finance, {})).status).toBe(200);
    const after = await t.app.request(`/api/v1/tariffs/grids/${grid.id}/options`, { method: 'PUT', headers: { ...finance.headers, 'content-type': 'application/json' }, body: JSON.stringify({ ...option, rule: { kind: 'flat', amount: 2000 } }) });
    expect(after.status).toBe(409);
  });

  it('proposes next year’s grid by Syntec revision, each amount with its trail', async () => {
    const grid = await adoptedGrid(t.ctx, 2025);
    const res = await post(`/api/v1/tariffs/grids/${grid.id}/propose-next`, finance, { revisedAt: '2025-12-01', effectiveOn: '2026-01-01' });
    expect(res.status).toBe(201);
    const next = (await res.json()) as { year: number; status: string; indexBaseMonth: string; options: { code: string; rule: { unitPrice?: number; amount?: number }; revisionTrail: { resultCents: number; s: { month: string } }[] }[] };
    expect(next).toMatchObject({ year: 2026, status: 'draft', indexBaseMonth: '2025-10' });
    const maintenance = next.options.find((o) => o.code === 'maintenance')!;
    // 57488 × 322.2 / 310.5 = 59654.21 → 59654
    expect(maintenance.rule.unitPrice).toBe(59654);
    expect(maintenance.revisionTrail[0]).toMatchObject({ resultCents: 59654, s: { month: '2025-10' } });
    // 180 € × 322.2 / 310.5 = 186.7826… → 186.78 €
    expect(next.options.find((o) => o.code === 'paie')!.rule.amount).toBe(18678);
    expect((await post(`/api/v1/tariffs/grids/${grid.id}/propose-next`, finance, { revisedAt: '2025-12-01', effectiveOn: '2026-01-01' })).status).toBe(409);
  });

  it('lists grids in the OpenAPI document', async () => {
    const doc = (await (await t.app.request('/api/openapi.json')).json()) as { paths: Record<string, unknown> };
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/v1/syntec/revision', '/api/v1/tariffs/grids', '/api/v1/conventions', '/api/v1/contribution-runs']));
  });
});
