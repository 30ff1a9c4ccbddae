import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../../../test/helpers/app.ts';
import { signedInMember, type SignedIn } from '../../../test/helpers/factories.ts';
import { editorTestApp, createTestArticle, testPdf, type Editor } from '../../../test/helpers/publications-factories.ts';
import { createDocument } from './documents.ts';
import { addAttachment } from './media.ts';

let t: TestApp;
let editor: Editor;
beforeAll(async () => ({ t, editor } = await editorTestApp()));
afterAll(() => t.close());

const send = (path: string, who: SignedIn | null, init: { method?: string; body?: unknown } = {}) =>
  t.app.request(path, {
    method: init.method ?? 'GET',
    headers: { ...(who?.headers ?? {}), ...(init.body ? { 'content-type': 'application/json' } : {}) },
    body: init.body ? JSON.stringify(init.body) : undefined,
  });
const article = { title: 'Marchés publics : nouveaux seuils', summary: 'Les seuils changent.', body: '## Détail\n\nLe seuil passe à 40 000 €.', category: 'Marchés publics', rubric: 'Réglementation', tags: ['seuils'] };

describe('public articles API', () => {
  it('lists published articles only, newest first, with filters and a French full-text search', async () => {
    await createTestArticle(editor.ctx, { title: 'Ancien article', category: 'Comptabilité', publishAt: new Date('2026-01-10T09:00:00Z') });
    const recent = await createTestArticle(editor.ctx, { title: 'Conseil : délibérations', body: 'Le conseil a délibéré.', category: 'Élections', publishAt: new Date('2026-03-01T09:00:00Z') });
    await createTestArticle(editor.ctx, { title: 'Brouillon caché', publishAt: null });
    await createTestArticle(editor.ctx, { title: 'Programmé plus tard', publishAt: new Date('2026-03-09T09:00:00Z') });
    const all = (await (await send('/api/v1/publications/articles', null)).json()) as { rows: { title: string; url: string; publishedAt: string }[]; total: number; pageSize: number };
    expect(all.rows.map((r) => r.title)).toEqual(['Conseil : délibérations', 'Ancien article']);
    expect(all).toMatchObject({ total: 2, pageSize: 10 });
    expect(all.rows[0]).toMatchObject({ url: `http://localhost:3000/veille/${recent.slug}`, publishedAt: '2026-03-01T09:00:00.000Z' });
    const byCategory = (await (await send('/api/v1/publications/articles?categorie=Comptabilit%C3%A9', null)).json()) as { rows: { title: string }[] };
    expect(byCategory.rows.map((r) => r.title)).toEqual(['Ancien article']);
    const search = (await (await send('/api/v1/publications/articles?q=d%C3%A9lib%C3%A9rations', null)).json()) as { rows: { title: string }[]; total: number };
    expect(search).toMatchObject({ total: 1, rows: [{ title: 'Conseil : délibérations' }] });
    expect((await send('/api/v1/publications/articles?categorie=Inconnue', null)).status).toBe(422);
  });

  it('gives one published article with its Markdown and attachments; a draft is not found', async () => {
    const a = await createTestArticle(editor.ctx, { title: 'Article avec annexe', body: 'Texte **gras**.' });
    await addAttachment(editor.ctx, a.id, { name: 'annexe.pdf', bytes: await testPdf('Annexe') }, 'Annexe');
    const res = await send(`/api/v1/publications/articles/${a.slug}`, null);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { body: string; attachments: { title: string; url: string }[] };
    expect(body.body).toBe('Texte **gras**.');
    expect(body.attachments).toHaveLength(1);
    expect(body.attachments[0]!.url).toMatch(/^http:\/\/localhost:3000\/veille\/pieces-jointes\/[0-9a-f-]{36}$/);
    const draft = await createTestArticle(editor.ctx, { title: 'Brouillon par API', publishAt: null });
    expect((await send(`/api/v1/publications/articles/${draft.slug}`, null)).status).toBe(404);
  });
});

describe('editor articles API', () => {
  it('creates, updates with a revision check, schedules, publishes and unpublishes', async () => {
    const created = await send('/api/v1/publications/editor/articles', editor, { method: 'POST', body: article });
    expect(created.status, await created.clone().text()).toBe(201);
    const a = (await created.json()) as { id: string; slug: string; state: string; revision: number };
    expect(a).toMatchObject({ state: 'brouillon', revision: 1 });
    const updated = await send(`/api/v1/publications/editor/articles/${a.id}`, editor, { method: 'PUT', body: { ...article, title: 'Seuils 2026', revision: 1 } });
    expect(((await updated.json()) as { revision: number }).revision).toBe(2);
    const stale = await send(`/api/v1/publications/editor/articles/${a.id}`, editor, { method: 'PUT', body: { ...article, revision: 1 } });
    expect(stale.status).toBe(409);
    const scheduled = await send(`/api/v1/publications/editor/articles/${a.id}/publish`, editor, { method: 'POST', body: { publishAt: '2026-03-04T08:00:00Z' } });
    expect(await scheduled.json()).toMatchObject({ status: 'published', state: 'programme', publishAt: '2026-03-04T08:00:00.000Z' });
    expect((await send(`/api/v1/publications/articles/${a.slug}`, null)).status).toBe(404);
    const now = await send(`/api/v1/publications/editor/articles/${a.id}/publish`, editor, { method: 'POST', body: {} });
    expect(await now.json()).toMatchObject({ state: 'publie', publishAt: '2026-03-02T09:00:00.000Z' });
    expect((await send(`/api/v1/publications/articles/${a.slug}`, null)).status).toBe(200);
    const listed = (await (await send('/api/v1/publications/editor/articles?statut=publie&q=seuils', editor)).json()) as { rows: { id: string }[] };
    expect(listed.rows.map((r) => r.id)).toEqual([a.id]);
    expect(await (await send(`/api/v1/publications/editor/articles/${a.id}/unpublish`, editor, { method: 'POST' })).json()).toMatchObject({ status: 'draft', state: 'brouillon' });
    expect((await send(`/api/v1/publications/articles/${a.slug}`, null)).status).toBe(404);
  });

  it('answers 422 with French field messages and saves nothing', async () => {
    const before = (await (await send('/api/v1/publications/editor/articles', editor)).json()) as { total: number };
    const bad = await send('/api/v1/publications/editor/articles', editor, { method: 'POST', body: { ...article, title: '   ', sourceUrl: 'pas une adresse' } });
    expect(bad.status).toBe(422);
    const fields = ((await bad.json()) as { fields: Record<string, string> }).fields;
    expect(Object.keys(fields).sort()).toEqual(['sourceUrl', 'title']);
    const after = (await (await send('/api/v1/publications/editor/articles', editor)).json()) as { total: number };
    expect(after.total).toBe(before.total);
  });

  it('is for editors only: 401 anonymous, 403 for members', async () => {
    const member = await signedInMember(t.ctx, ['manager']);
    const a = await createTestArticle(editor.ctx, { title: 'Interdit aux membres', publishAt: null });
    for (const [method, path] of [['GET', '/api/v1/publications/editor/articles'], ['GET', `/api/v1/publications/editor/articles/${a.id}`], ['POST', `/api/v1/publications/editor/articles/${a.id}/publish`], ['POST', `/api/v1/publications/editor/articles/${a.id}/unpublish`]] as const) {
      expect((await send(path, null, { method, body: method === 'POST' ? {} : undefined })).status, path).toBe(401);
      expect((await send(path, member, { method, body: method === 'POST' ? {} : undefined })).status, path).toBe(403);
    }
    expect((await send('/api/v1/publications/editor/articles', member, { method: 'POST', body: article })).status).toBe(403);
  });
});

describe('documents API', () => {
  it('lists members-only documents to signed-in members only, with download links', async () => {
    await createDocument(editor.ctx, { title: 'Guide public API', kind: 'guide', visibility: 'public' }, { name: 'guide.pdf', bytes: await testPdf('Guide') });
    await createDocument(editor.ctx, { title: 'Tarifs réservés API', kind: 'tarifs', visibility: 'members' }, { name: 'tarifs.pdf', bytes: await testPdf('Tarifs') });
    const anonymous = (await (await send('/api/v1/publications/documents', null)).json()) as { title: string }[];
    expect(anonymous.map((d) => d.title)).toEqual(['Guide public API']);
    const member = await signedInMember(t.ctx, ['agent']);
    const res = await send('/api/v1/publications/documents', member);
    expect(res.headers.get('cache-control')).toBe('private, no-cache');
    const docs = (await res.json()) as { title: string; kindLabel: string; versions: { version: number; url: string }[] }[];
    expect(docs.map((d) => d.title).sort()).toEqual(['Guide public API', 'Tarifs réservés API']);
    const tarifs = docs.find((d) => d.title === 'Tarifs réservés API')!;
    expect(tarifs.kindLabel).toBe('Tarifs');
    expect(tarifs.versions[0]!.version).toBe(1);
    const path = tarifs.versions[0]!.url.replace('http://localhost:3000', '');
    expect((await send(path, null)).status).toBe(404);
    expect((await send(path, member)).status).toBe(200);
  });
});
