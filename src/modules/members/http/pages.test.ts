import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import ExcelJS from 'exceljs';
import { createTestApp, type TestApp } from '../../../../test/helpers/app.ts';
import { createOrganisation, signedInMember, signedInStaff, type SignedIn } from '../../../../test/helpers/factories.ts';
import { createContact } from '../../../../test/helpers/members-factories.ts';
import type { Module } from '../../../platform/module.ts';

// Another module's manifest contributing two tabs to the member sheet, one of them never visible.
vi.mock('../../index.ts', async (importOriginal) => {
  const original = await importOriginal<{ modules: Module[] }>();
  const tabs: Module = {
    name: 'essai',
    memberTabs: [
      { slug: 'essai-module', label: 'Onglet d’un module', order: 100, render: async (_c, m) => `Contenu ajouté par un module pour ${m.name}` },
      { slug: 'essai-cache', label: 'Onglet caché', order: 110, visible: () => false, render: async () => 'Contenu jamais montré' },
    ],
    mount() {},
  };
  return { modules: [...original.modules, tabs] };
});

let t: TestApp;
let staff: SignedIn;
const dataDir = mkdtempSync(join(tmpdir(), 'mutualis-members-'));
beforeAll(async () => {
  t = await createTestApp({ DATA_DIR: dataDir });
  staff = await signedInStaff(t.ctx, ['finance']);
});
afterAll(async () => {
  await t.close();
  rmSync(dataDir, { recursive: true, force: true });
});

const get = (path: string, who: SignedIn) => t.app.request(path, { headers: who.headers });
const post = (path: string, who: SignedIn, form: Record<string, string> | FormData) => {
  const body = form instanceof FormData ? form : new URLSearchParams({ ...form, _csrf: who.csrfToken });
  if (form instanceof FormData) form.set('_csrf', who.csrfToken);
  return t.app.request(path, { method: 'POST', headers: who.headers, body });
};

describe('members pages', () => {
  it('lists, searches and exports in CSV and XLSX', async () => {
    await createOrganisation(t.ctx, { name: 'Éloie-Test', inseeCode: '90039', postcodes: ['90300'], population: 900, populationYear: 2023 });
    const html = await (await get('/membres?q=eloie', staff)).text();
    expect(html).toContain('Éloie-Test');
    const csv = await get('/membres?q=eloie&format=csv', staff);
    expect(csv.headers.get('content-type')).toContain('text/csv');
    const text = await csv.text();
    expect(text).toContain('Éloie-Test;Commune;90039');
    expect(text.split('\r\n')[0]).toContain('Année de la population');
    const xlsx = await get('/membres?q=90039&format=xlsx', staff);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(await xlsx.arrayBuffer());
    expect(book.worksheets[0]!.getRow(2).getCell(1).value).toBe('Éloie-Test');
  });

  it('creates a member through the form, re-showing errors without storing anything', async () => {
    const bad = await post('/membres/nouvelle', staff, { kind: 'commune', name: 'Formulaire', inseeCode: '9', status: 'active' });
    expect(bad.status).toBe(422);
    const html = await bad.text();
    expect(html).toContain('Le formulaire contient');
    expect(html).toContain('value="Formulaire"');
    const ok = await post('/membres/nouvelle', staff, { kind: 'commune', name: 'Formulaire', inseeCode: '39004', status: 'active', population: '120', populationYear: '2023' });
    expect(ok.status).toBe(303);
    const sheet = await (await get(ok.headers.get('location')!, staff)).text();
    expect(sheet).toContain('120 habitants');
  });

  it('shows the sheet’s tabs, including those other modules’ manifests contribute, in order', async () => {
    const org = await createOrganisation(t.ctx, { name: 'Commune à onglets' });
    await createContact(t.ctx, org.id, { name: 'Agathe Contact' });
    const identity = await (await get(`/membres/${org.id}`, staff)).text();
    const labels = ['Identité', 'Budgets', 'Contacts', 'Compétences', 'Délibérations', 'Onglet d’un module'];
    const positions = labels.map((label) => identity.indexOf(`>${label}</a>`));
    expect(positions.every((p) => p > 0)).toBe(true);
    expect([...positions].sort((x, y) => x - y)).toEqual(positions);
    expect(identity).not.toContain('Onglet caché');
    expect(await (await get(`/membres/${org.id}/contacts`, staff)).text()).toContain('Agathe Contact');
    expect(await (await get(`/membres/${org.id}/essai-module`, staff)).text()).toContain('Contenu ajouté par un module pour Commune à onglets');
    expect((await get(`/membres/${org.id}/essai-cache`, staff)).status).toBe(404);
    expect((await get(`/membres/${org.id}/inexistant`, staff)).status).toBe(404);
  });

  it('answers a malformed id with a 404 page, never a 500', async () => {
    const org = await createOrganisation(t.ctx);
    const contact = await createContact(t.ctx, org.id);
    const bad = ['------------------------------------', 'a'.repeat(5000), '%C3%A9'.repeat(36), `${org.id}0`, `${org.id.slice(0, 35)}g`];
    for (const id of bad) {
      for (const path of [`/membres/${id}`, `/membres/${id}/contacts`, `/membres/${id}/modifier`, `/membres/${org.id}/contacts/${id}/modifier`, `/membres/${org.id}/deliberations/${id}/pdf`]) {
        const res = await get(path, staff);
        expect(res.status, path).toBe(404);
        expect(await res.text(), path).toContain('introuvable');
      }
    }
    // A NUL byte is refused before any route runs (a 422 page).
    expect((await get(`/membres/${org.id.slice(0, 35)}%00`, staff)).status).toBe(422);
    expect(await (await get(`/membres/${org.id}/contacts/${contact.id}/modifier`, staff)).text()).toContain(contact.name);
  });

  it('lets a manager edit their own contacts but not their collectivity’s identity', async () => {
    const m = await signedInMember(t.ctx, ['manager']);
    expect((await get(`/membres/${m.org.id}/modifier`, m)).status).toBe(403);
    const added = await post(`/membres/${m.org.id}/contacts/nouveau`, m, { name: 'Lucie Référente', function: 'referent_informatique', phone: '0384000000' });
    expect(added.status).toBe(303);
    expect(await (await get(`/membres/${m.org.id}/contacts`, m)).text()).toContain('03 84 00 00 00');
  });

  it('stores a deliberation’s PDF and serves it back; refuses another type', async () => {
    const org = await createOrganisation(t.ctx);
    const pdf = new TextEncoder().encode('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');
    const form = new FormData();
    for (const [k, v] of Object.entries({ adoptedOn: '2024-06-12', number: 'D-2024-7', subject: 'Adhésion', decision: 'adhesion' })) form.set(k, v);
    form.set('file', new File([pdf], 'deliberation.pdf', { type: 'application/pdf' }));
    const res = await post(`/membres/${org.id}/deliberations/nouvelle`, staff, form);
    expect(res.status).toBe(303);
    const list = await (await get(`/membres/${org.id}/deliberations`, staff)).text();
    const href = /href="([^"]+\/pdf)"/.exec(list)![1]!;
    const file = await get(href, staff);
    expect(file.headers.get('content-type')).toBe('application/pdf');
    expect(new Uint8Array(await file.arrayBuffer())).toEqual(pdf);
    const wrong = new FormData();
    for (const [k, v] of Object.entries({ adoptedOn: '2024-06-12', number: 'D-2024-8', subject: 'Texte', decision: 'autre' })) wrong.set(k, v);
    wrong.set('file', new File([new TextEncoder().encode('pas un pdf')], 'note.txt', { type: 'text/plain' }));
    const refused = await post(`/membres/${org.id}/deliberations/nouvelle`, staff, wrong);
    expect(refused.status).toBe(422);
    expect(await (await get(`/membres/${org.id}/deliberations`, staff)).text()).not.toContain('D-2024-8');
  });
});
