import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../../../test/helpers/app.ts';
import { signedInMember, type SignedIn } from '../../../test/helpers/factories.ts';
import { editorTestApp, createTestArticle, testPdf, type Editor } from '../../../test/helpers/publications-factories.ts';
import { createDocument } from './documents.ts';
import { savePage } from './site-pages.ts';

let t: TestApp;
let editor: Editor;
beforeAll(async () => {
  ({ t, editor } = await editorTestApp());
  await createTestArticle(editor.ctx, { title: 'Budget primitif', category: 'Comptabilité', rubric: 'Veille règlementaire', tags: ['budget'] });
  await createTestArticle(editor.ctx, { title: 'Élections municipales', category: 'Élections', rubric: 'Réglementation', publishAt: null });
  // Scheduled on 2026-03-05 at 10:00 Paris time (09:00 UTC); the test clock says 2026-03-02.
  await createTestArticle(editor.ctx, { title: 'Cybersécurité des mairies', category: 'Sécurité informatique', rubric: 'Cybersécurité', publishAt: new Date('2026-03-05T09:00:00Z') });
}, 120_000);
afterAll(() => t.close());

const get = (path: string, who: SignedIn | null = editor) => t.app.request(path, { headers: who?.headers ?? {} });
/** Titles of the table's rows, in order. */
const titles = async (path: string) => [...(await (await get(path)).text()).matchAll(/<td><a href="\/redaction\/(?:articles|pages|documents)\/[0-9a-f-]+">([^<]+)<\/a><\/td>/g)].map((m) => m[1]);

describe('editor article list', () => {
  it('filters by state, category and rubric, and searches title, summary and tags with accents ignored', async () => {
    expect(await titles('/redaction/articles?statut=programme')).toEqual(['Cybersécurité des mairies']);
    expect(await titles('/redaction/articles?statut=brouillon')).toEqual(['Élections municipales']);
    expect(await titles('/redaction/articles?statut=publie')).toEqual(['Budget primitif']);
    expect(await titles('/redaction/articles?categorie=%C3%89lections')).toEqual(['Élections municipales']);
    expect(await titles('/redaction/articles?rubrique=Cybers%C3%A9curit%C3%A9')).toEqual(['Cybersécurité des mairies']);
    expect(await titles('/redaction/articles?q=ELECTIONS')).toEqual(['Élections municipales']);
    expect(await titles('/redaction/articles?q=budget')).toEqual(['Budget primitif']);
    expect(await titles('/redaction/articles?q=100%25')).toEqual([]);
  });

  it('sorts by title (accents ignored), both ways, and pages by 20', async () => {
    expect(await titles('/redaction/articles?tri=title&ordre=asc')).toEqual(['Budget primitif', 'Cybersécurité des mairies', 'Élections municipales']);
    expect(await titles('/redaction/articles?tri=title&ordre=desc')).toEqual(['Élections municipales', 'Cybersécurité des mairies', 'Budget primitif']);
    for (let i = 1; i <= 19; i++) await createTestArticle(editor.ctx, { title: `Série ${String(i).padStart(2, '0')}`, category: 'Marchés publics' });
    const first = await (await get('/redaction/articles?categorie=March%C3%A9s+publics&tri=title&ordre=asc')).text();
    expect(first).toContain('19 résultats');
    const all = await (await get('/redaction/articles?tri=title&ordre=asc')).text();
    expect(all).toContain('22 résultats — page 1 sur 2');
    expect(await titles('/redaction/articles?tri=title&ordre=asc&page=2')).toEqual(['Série 18', 'Série 19']);
  });

  it('exports the filtered list as CSV and XLSX, with the scheduled date in Paris time', async () => {
    const csv = await get('/redaction/articles?statut=programme&format=csv');
    expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    const lines = (await csv.text()).replace(/^\ufeff/, '').trim().split('\r\n');
    expect(lines[0]).toBe('Titre;Catégorie;Rubrique;Mots-clés;État;Publication;Modifié le');
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain('Cybersécurité des mairies;Sécurité informatique;Cybersécurité;;Programmé le 5 mars 2026;2026-03-05T09:00:00.000Z;');
    const xlsx = await get('/redaction/articles?format=xlsx');
    expect(xlsx.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
  });

  it('is for editors only, exports included', async () => {
    const member = await signedInMember(t.ctx, ['manager']);
    for (const path of ['/redaction/articles?format=csv', '/redaction/pages?format=csv', '/redaction/documents?format=xlsx']) expect((await get(path, member)).status, path).toBe(403);
  });
});

describe('editor pages and documents lists', () => {
  it('filters pages by type and state', async () => {
    await savePage(editor.ctx, { slug: 'nos-missions', title: 'Nos missions', body: 'x', menuOrder: 2, published: true });
    await savePage(editor.ctx, { slug: 'projet-de-page', title: 'Projet de page', body: 'x', menuOrder: 1, published: false });
    expect(await titles('/redaction/pages?etat=brouillon')).toEqual(['Projet de page']);
    expect(await titles('/redaction/pages?tri=menuOrder&ordre=desc')).toEqual(['Nos missions', 'Projet de page']);
    expect(await titles('/redaction/pages?type=service')).toEqual([]);
  });

  it('lists documents with their latest version, filters by readers, and shows one document with every version', async () => {
    await createDocument(editor.ctx, { title: 'Guide de l’éclairage', kind: 'guide', visibility: 'public' }, { name: 'guide.pdf', bytes: await testPdf('Guide') });
    const convention = await createDocument(editor.ctx, { title: 'Convention 2026', kind: 'convention', visibility: 'members' }, { name: 'c.pdf', bytes: await testPdf('Convention') });
    expect(await titles('/redaction/documents?lecteurs=members')).toEqual(['Convention 2026']);
    expect(await titles('/redaction/documents?type=guide')).toEqual(['Guide de l’éclairage']);
    expect(await titles('/redaction/documents?q=eclairage')).toEqual(['Guide de l’éclairage']);
    const page = await (await get(`/redaction/documents/${convention.id}`)).text();
    expect(page).toContain('<h1>Convention 2026</h1>');
    expect(page).toMatch(/Version 1 \([\d,]+ Ko\)/);
    expect((await get('/redaction/documents/0b6f2a3e-0000-4000-8000-000000000000')).status).toBe(404);
  });
});
