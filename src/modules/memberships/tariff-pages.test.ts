import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/helpers/app.ts';
import { signedInMember, signedInStaff, type SignedIn } from '../../../test/helpers/factories.ts';
import { draftGrid, MAINTENANCE_RULE, PDF_BYTES } from '../../../test/helpers/memberships-factories.ts';
import { auditLog } from '../../platform/audit/index.ts';
import { files } from '../../platform/files/index.ts';
import { ruleToValues } from './http/rule-form.ts';
import { tariffGrids, tariffOptions } from './schema.ts';

let t: TestApp;
let dataDir: string;
let finance: SignedIn;
let manager: SignedIn;
beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'mutualis-tariffs-'));
  t = await createTestApp({ DATA_DIR: dataDir });
  finance = await signedInStaff(t.ctx, ['finance']);
  manager = await signedInMember(t.ctx, ['manager']);
}, 120_000);
afterAll(async () => {
  await t.close();
  rmSync(dataDir, { recursive: true, force: true });
});

const get = (path: string, who: SignedIn) => t.app.request(path, { headers: who.headers });
const postForm = (path: string, who: SignedIn, fields: Record<string, string>) =>
  t.app.request(path, { method: 'POST', headers: { cookie: who.cookie, 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ _csrf: who.csrfToken, ...fields }).toString() });
const upload = (path: string, who: SignedIn, file: { name: string; bytes: Buffer } | null, fields: Record<string, string> = {}) => {
  const form = new FormData();
  form.set('_csrf', who.csrfToken);
  for (const [k, v] of Object.entries(fields)) form.set(k, v);
  if (file) form.set('file', new File([new Uint8Array(file.bytes)], file.name, { type: 'application/pdf' }));
  return t.app.request(path, { method: 'POST', headers: { cookie: who.cookie }, body: form });
};
const optionRule = async (gridId: string) => (await t.ctx.db.select().from(tariffOptions).where(eq(tariffOptions.gridId, gridId)))[0]!.rule;
const maintenance = { ...ruleToValues(MAINTENANCE_RULE), code: 'maintenance', existing: '1', label: 'Maintenance', fixedPart: '0', mandatory: '1' };

describe('guided pricing-rule editor', () => {
  it('opens an option in fields (euros, decimal coefficients) and previews the price at every bracket edge', async () => {
    const g = await draftGrid(t.ctx, 2301);
    const html = await (await get(`/tarifs/${g.id}/options?code=maintenance`, finance)).text();
    expect(html).toContain('value="574,88"');
    expect(html).toContain('value="0,9"');
    // 5 posts: 574,88 € × 5 × 0,9 = 2 586,96 € ; 6 posts: × 6 × 0,7 = 2 414,50 €
    expect(html).toMatch(/2[\s\u202f\u00a0]586,96/);
    expect(html).toMatch(/2[\s\u202f\u00a0]414,50/);
    const preview = await (await postForm(`/tarifs/${g.id}/options`, finance, { ...maintenance, action: 'preview', 's0.workstation': '40' })).text();
    // 40 posts: 574,88 € × 40 × 0,65 = 14 946,88 €
    expect(preview).toMatch(/14[\s\u202f\u00a0]946,88/);
  });

  it('refuses non-contiguous brackets with a French message, saving nothing', async () => {
    const g = await draftGrid(t.ctx, 2302);
    const res = await postForm(`/tarifs/${g.id}/options`, finance, { ...maintenance, 'p0.b1.from': '4', 'p0.unitPrice': '600', action: 'save' });
    expect(res.status).toBe(422);
    expect(await res.text()).toContain('la borne basse doit être 3, juste après la borne haute de la tranche 1');
    expect(await optionRule(g.id)).toEqual(MAINTENANCE_RULE);
  });

  it('saves a new option typed in fields as the JSON rule, in cents', async () => {
    const g = await draftGrid(t.ctx, 2303);
    const res = await postForm(`/tarifs/${g.id}/options`, finance, {
      existing: '0',
      code: 'sauvegarde',
      label: 'Sauvegarde',
      fixedPart: '0,15',
      kind: 'progressive',
      'p0.unit': 'gigabyte',
      'p0.b0.from': '1',
      'p0.b0.to': '50',
      'p0.b0.value': '2',
      'p0.b1.from': '51',
      'p0.b1.to': '',
      'p0.b1.value': '1,5',
      action: 'save',
    });
    expect(res.status).toBe(303);
    const [o] = await t.ctx.db.select().from(tariffOptions).where(eq(tariffOptions.code, 'sauvegarde'));
    expect(o).toMatchObject({ gridId: g.id, fixedPart: 1500, position: 1, rule: { kind: 'progressive', unit: 'gigabyte', bands: [{ from: 1, to: 50, unitPrice: 200 }, { from: 51, to: null, unitPrice: 150 }] } });
    const clash = await postForm(`/tarifs/${g.id}/options`, finance, { existing: '0', code: 'sauvegarde', label: 'Doublon', kind: 'flat', 'p0.amount': '10', action: 'save' });
    expect(clash.status).toBe(422);
    expect(await clash.text()).toContain('Ce code est déjà celui de l’option « Sauvegarde »');
  });

  it('the JSON API applies the same bracket checks', async () => {
    const g = await draftGrid(t.ctx, 2304);
    const rule = { ...MAINTENANCE_RULE, brackets: [{ from: 1, to: 2, coefficient: 10000 }, { from: 2, to: null, coefficient: 9000 }] };
    const res = await t.app.request(`/api/v1/tariffs/grids/${g.id}/options`, { method: 'PUT', headers: { ...finance.headers, 'content-type': 'application/json' }, body: JSON.stringify({ code: 'maintenance', label: 'Maintenance', rule }) });
    expect(res.status).toBe(422);
    expect(JSON.stringify(await res.json())).toContain('chevauche');
    expect(await optionRule(g.id)).toEqual(MAINTENANCE_RULE);
  });

  it('removes an option after a confirmation page, with an audit row', async () => {
    const g = await draftGrid(t.ctx, 2306);
    const confirm = await (await get(`/tarifs/${g.id}/options/retrait?code=maintenance`, finance)).text();
    expect(confirm).toContain('L’option « Maintenance » et sa règle de prix sont retirées de la grille 2306 en projet.');
    expect(await t.ctx.db.select().from(tariffOptions).where(eq(tariffOptions.gridId, g.id))).toHaveLength(1);
    expect((await postForm(`/tarifs/${g.id}/options/retrait?code=maintenance`, manager, { confirme: '1' })).status).toBe(403);
    expect((await postForm(`/tarifs/${g.id}/options/retrait?code=maintenance`, finance, { confirme: '1' })).status).toBe(303);
    expect(await t.ctx.db.select().from(tariffOptions).where(eq(tariffOptions.gridId, g.id))).toHaveLength(0);
    expect((await t.ctx.db.select().from(auditLog).where(eq(auditLog.action, 'tariffs.option.remove'))).length).toBeGreaterThan(0);
  });

  it('is for finance and admin staff only, on draft grids', async () => {
    const g = await draftGrid(t.ctx, 2305);
    expect((await get(`/tarifs/${g.id}/options?code=maintenance`, manager)).status).toBe(403);
    await t.ctx.db.update(tariffGrids).set({ status: 'adopted' }).where(eq(tariffGrids.id, g.id));
    expect((await get(`/tarifs/${g.id}/options?code=maintenance`, finance)).status).toBe(409);
  });
});

describe('president’s decision PDF', () => {
  it('refuses a file that is not a PDF by its content, changing nothing', async () => {
    const g = await draftGrid(t.ctx, 2310);
    const filesBefore = (await t.ctx.db.select().from(files)).length;
    const res = await upload(`/tarifs/${g.id}/decision`, finance, { name: 'decision.pdf', bytes: Buffer.from('<html>pas un PDF</html>') });
    expect(res.status).toBe(422);
    expect(await res.text()).toContain('Le fichier doit être un PDF : son contenu est vérifié, pas seulement son nom.');
    const [row] = await t.ctx.db.select().from(tariffGrids).where(eq(tariffGrids.id, g.id));
    expect(row).toMatchObject({ decisionFileId: null, decisionFileName: null });
    expect(await t.ctx.db.select().from(files)).toHaveLength(filesBefore);
    expect(await t.ctx.db.select().from(auditLog).where(eq(auditLog.entityId, g.id))).toHaveLength(0);
    const none = await upload(`/tarifs/${g.id}/decision`, finance, null);
    expect(await none.text()).toContain('Choisissez le PDF signé de la décision du président.');
    const big = await upload(`/tarifs/${g.id}/decision`, finance, { name: 'gros.pdf', bytes: Buffer.concat([PDF_BYTES, Buffer.alloc(10 * 1024 * 1024)]) });
    expect(await big.text()).toContain('Taille maximale : 10 Mo.');
  });

  it('attaches the PDF with an audit row, links it for every reader, and replaces it only when confirmed', async () => {
    const g = await draftGrid(t.ctx, 2311);
    expect((await upload(`/tarifs/${g.id}/decision`, finance, { name: 'Décision 2311.pdf', bytes: PDF_BYTES })).status).toBe(303);
    const [first] = await t.ctx.db.select().from(tariffGrids).where(eq(tariffGrids.id, g.id));
    expect(first!.decisionFileName).toBe('Décision 2311.pdf');
    const page = await (await get(`/tarifs/${g.id}`, manager)).text();
    expect(page).toContain(`href="/tarifs/${g.id}/decision.pdf"`);
    const pdf = await get(`/tarifs/${g.id}/decision.pdf`, manager);
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    expect(Buffer.compare(Buffer.from(await pdf.arrayBuffer()), PDF_BYTES)).toBe(0);
    expect((await upload(`/tarifs/${g.id}/decision`, manager, { name: 'x.pdf', bytes: PDF_BYTES })).status).toBe(403);

    const second = Buffer.concat([PDF_BYTES, Buffer.from('% v2\n')]);
    const unconfirmed = await upload(`/tarifs/${g.id}/decision`, finance, { name: 'v2.pdf', bytes: second });
    expect(unconfirmed.status).toBe(422);
    expect(await unconfirmed.text()).toContain('cochez « Remplacer le PDF joint » pour le remplacer');
    expect((await upload(`/tarifs/${g.id}/decision`, finance, { name: 'v2.pdf', bytes: second }, { replace: '1' })).status).toBe(303);
    const [after] = await t.ctx.db.select().from(tariffGrids).where(eq(tariffGrids.id, g.id));
    expect(after!.decisionFileName).toBe('v2.pdf');
    const trail = await t.ctx.db.select().from(auditLog).where(eq(auditLog.entityId, g.id));
    expect(trail.map((a) => a.action).sort()).toEqual(['tariffs.decision.attach', 'tariffs.decision.replace']);
    const replace = trail.find((a) => a.action === 'tariffs.decision.replace')!;
    expect(replace.before).toMatchObject({ decisionFileId: first!.decisionFileId, decisionFileName: 'Décision 2311.pdf' });
    // The replaced file stays in the store.
    expect(await t.ctx.db.select().from(files).where(eq(files.id, first!.decisionFileId!))).toHaveLength(1);
  });
});
