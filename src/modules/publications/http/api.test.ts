import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../../../../test/helpers/app.ts';
import { signedInMember, type SignedIn } from '../../../../test/helpers/factories.ts';
import { createContact } from '../../../../test/helpers/members-factories.ts';
import { editorTestApp, createTestArticle, testPdf, type Editor } from '../../../../test/helpers/publications-factories.ts';
import { createDocument } from '../documents.ts';
import { addAttachment } from '../media.ts';

let t: TestApp;
let editor: Editor;
beforeAll(async () => ({ t, editor } = await editorTestApp()));
afterAll(() => t.close());

const A = '/api/v1/publications';
const send = (path: string, who: SignedIn | null, init: { method?: string; body?: unknown } = {}) =>
  t.app.request(path, {
    method: init.method ?? 'GET',
    headers: { ...(who?.headers ?? {}), ...(init.body ? { 'content-type': 'application/json' } : {}) },
    body: init.body ? JSON.stringify(init.body) : undefined,
  });
const read = async <T>(res: Response, status = 200): Promise<T> => {
  expect(res.status, await res.clone().text()).toBe(status);
  return (await res.json()) as T;
};
const file = async (name: string, bytes: Buffer | Promise<Buffer>) => ({ name, contentBase64: (await bytes).toString('base64') });
const article = { title: 'Marchés publics : nouveaux seuils', summary: 'Les seuils changent.', body: '## Détail\n\nLe seuil passe à 40 000 €.', category: 'Marchés publics', rubric: 'Réglementation', tags: ['seuils'] };
type Page<T> = { items: T[]; total: number; page: number; pageSize: number };

describe('public articles API', () => {
  it('lists published articles only, newest first, with filters and a French full-text search', async () => {
    await createTestArticle(editor.ctx, { title: 'Ancien article', category: 'Comptabilité', publishAt: new Date('2026-01-10T09:00:00Z') });
    const recent = await createTestArticle(editor.ctx, { title: 'Conseil : délibérations', body: 'Le conseil a délibéré.', category: 'Élections', publishAt: new Date('2026-03-01T09:00:00Z') });
    await createTestArticle(editor.ctx, { title: 'Brouillon caché', publishAt: null });
    await createTestArticle(editor.ctx, { title: 'Programmé plus tard', publishAt: new Date('2026-03-09T09:00:00Z') });
    const all = await read<Page<{ title: string; url: string; publishedAt: string }>>(await send(`${A}/articles`, null));
    expect(all.items.map((r) => r.title)).toEqual(['Conseil : délibérations', 'Ancien article']);
    expect(all).toMatchObject({ total: 2, page: 1, pageSize: 20 });
    expect(all.items[0]).toMatchObject({ url: `http://localhost:3000/veille/${recent.slug}`, publishedAt: '2026-03-01T09:00:00.000Z' });
    const oldestFirst = await read<Page<{ title: string }>>(await send(`${A}/articles?order=asc`, null));
    expect(oldestFirst.items.map((r) => r.title)).toEqual(['Ancien article', 'Conseil : délibérations']);
    const byCategory = await send(`${A}/articles?category=Comptabilit%C3%A9`, null);
    expect(byCategory.headers.get('deprecation')).toBeNull();
    expect((await read<Page<{ title: string }>>(byCategory)).items.map((r) => r.title)).toEqual(['Ancien article']);
    const search = await read<Page<{ title: string }>>(await send(`${A}/articles?q=d%C3%A9lib%C3%A9rations`, null));
    expect(search).toMatchObject({ total: 1, items: [{ title: 'Conseil : délibérations' }] });
  });

  it('reads the French names of the first version with a Deprecation header, and refuses values outside the allowed ones', async () => {
    const english = await read<Page<{ title: string }>>(await send(`${A}/articles?category=Comptabilit%C3%A9&pageSize=50`, null));
    const french = await send(`${A}/articles?categorie=Comptabilit%C3%A9&taille=50`, null);
    expect(french.headers.get('deprecation')).toBe('true');
    expect(await read(french)).toEqual(english);
    expect(english.items.length).toBeGreaterThan(0);
    const unknown = await read<{ fields: Record<string, string> }>(await send(`${A}/articles?category=Inconnue`, null), 422);
    expect(unknown.fields.category).toContain('Comptabilité');
    const tooBig = await read<{ fields: Record<string, string> }>(await send(`${A}/articles?pageSize=500`, null), 422);
    expect(tooBig.fields.pageSize).toMatch(/20.*50.*100/);
    const badState = await read<{ fields: Record<string, string> }>(await send(`${A}/editor/articles?status=brouillon`, editor), 422);
    expect(badState.fields.status).toMatch(/draft.*scheduled.*published/);
  });

  it('gives one published article with its Markdown and attachments; a draft is not found', async () => {
    const a = await createTestArticle(editor.ctx, { title: 'Article avec annexe', body: 'Texte **gras**.' });
    await addAttachment(editor.ctx, a.id, { name: 'annexe.pdf', bytes: await testPdf('Annexe') }, 'Annexe');
    const body = await read<{ body: string; attachments: { title: string; url: string }[] }>(await send(`${A}/articles/${a.slug}`, null));
    expect(body.body).toBe('Texte **gras**.');
    expect(body.attachments).toHaveLength(1);
    expect(body.attachments[0]!.url).toMatch(/^http:\/\/localhost:3000\/veille\/pieces-jointes\/[0-9a-f-]{36}$/);
    const draft = await createTestArticle(editor.ctx, { title: 'Brouillon par API', publishAt: null });
    expect((await send(`${A}/articles/${draft.slug}`, null)).status).toBe(404);
  });
});

describe('editor articles API', () => {
  it('creates (201 + Location), updates with a revision check, schedules, publishes and unpublishes', async () => {
    const created = await send(`${A}/editor/articles`, editor, { method: 'POST', body: article });
    const a = await read<{ id: string; slug: string; state: string; revision: number }>(created, 201);
    expect(a).toMatchObject({ state: 'draft', revision: 1 });
    expect(created.headers.get('location')).toBe(`${A}/editor/articles/${a.id}`);
    expect(await read(await send(created.headers.get('location')!, editor))).toMatchObject({ id: a.id, title: article.title, attachments: [] });
    const updated = await send(`${A}/editor/articles/${a.id}`, editor, { method: 'PUT', body: { ...article, title: 'Seuils 2026', revision: 1 } });
    expect((await read<{ revision: number }>(updated)).revision).toBe(2);
    expect((await send(`${A}/editor/articles/${a.id}`, editor, { method: 'PUT', body: { ...article, revision: 1 } })).status).toBe(409);
    const scheduled = await send(`${A}/editor/articles/${a.id}/publish`, editor, { method: 'POST', body: { publishAt: '2026-03-04T08:00:00Z' } });
    expect(await read(scheduled)).toMatchObject({ status: 'published', state: 'scheduled', publishAt: '2026-03-04T08:00:00.000Z' });
    expect((await send(`${A}/articles/${a.slug}`, null)).status).toBe(404);
    const now = await send(`${A}/editor/articles/${a.id}/publish`, editor, { method: 'POST', body: {} });
    expect(await read(now)).toMatchObject({ state: 'published', publishAt: '2026-03-02T09:00:00.000Z' });
    expect((await send(`${A}/articles/${a.slug}`, null)).status).toBe(200);
    const listed = await read<Page<{ id: string }>>(await send(`${A}/editor/articles?status=published&q=seuils`, editor));
    expect(listed.items.map((r) => r.id)).toEqual([a.id]);
    const aliased = await send(`${A}/editor/articles?statut=published&q=seuils`, editor);
    expect(aliased.headers.get('deprecation')).toBe('true');
    expect(await read(aliased)).toEqual(listed);
    expect(await read(await send(`${A}/editor/articles/${a.id}/unpublish`, editor, { method: 'POST' }))).toMatchObject({ status: 'draft', state: 'draft' });
    expect((await send(`${A}/articles/${a.slug}`, null)).status).toBe(404);
  });

  it('lists the revisions and restores one as a new revision', async () => {
    const a = await read<{ id: string }>(await send(`${A}/editor/articles`, editor, { method: 'POST', body: { ...article, title: 'Première rédaction' } }), 201);
    await read(await send(`${A}/editor/articles/${a.id}`, editor, { method: 'PUT', body: { ...article, title: 'Seconde rédaction' } }));
    const revisions = await read<{ items: { revision: number; title: string }[] }>(await send(`${A}/editor/articles/${a.id}/revisions`, editor));
    expect(revisions.items.map((r) => [r.revision, r.title])).toEqual([[2, 'Seconde rédaction'], [1, 'Première rédaction']]);
    const restored = await read<{ revision: number; title: string }>(await send(`${A}/editor/articles/${a.id}/revisions/1/restore`, editor, { method: 'POST' }));
    expect(restored).toMatchObject({ revision: 3, title: 'Première rédaction' });
    expect((await send(`${A}/editor/articles/${a.id}/revisions/99/restore`, editor, { method: 'POST' })).status).toBe(404);
    expect((await send(`${A}/editor/articles/${a.id}/revisions/abc/restore`, editor, { method: 'POST' })).status).toBe(422);
  });

  it('attaches a PDF sent as base64 and refuses what is not a PDF', async () => {
    const a = await createTestArticle(editor.ctx, { title: 'Article à annexe', publishAt: null });
    const fake = await send(`${A}/editor/articles/${a.id}/attachments`, editor, { method: 'POST', body: { title: 'Faux', file: await file('faux.pdf', Buffer.from('<html>pas un pdf</html>')) } });
    expect(fake.status).toBe(422);
    const ok = await send(`${A}/editor/articles/${a.id}/attachments`, editor, { method: 'POST', body: { title: 'Mémento', file: await file('memento.pdf', testPdf()) } });
    const detail = await read<{ attachments: { title: string; size: number }[] }>(ok, 201);
    expect(detail.attachments).toEqual([expect.objectContaining({ title: 'Mémento' })]);
    expect(detail.attachments[0]!.size).toBeGreaterThan(100);
    expect(await read(await send(ok.headers.get('location')!, editor))).toEqual(detail);
  });

  it('answers 422 with French field messages and saves nothing; a malformed id is a 422, an unknown one a 404', async () => {
    const before = await read<Page<unknown>>(await send(`${A}/editor/articles`, editor));
    const bad = await read<{ fields: Record<string, string> }>(await send(`${A}/editor/articles`, editor, { method: 'POST', body: { ...article, title: '   ', sourceUrl: 'pas une adresse' } }), 422);
    expect(Object.keys(bad.fields).sort()).toEqual(['sourceUrl', 'title']);
    const after = await read<Page<unknown>>(await send(`${A}/editor/articles`, editor));
    expect(after.total).toBe(before.total);
    expect((await send(`${A}/editor/articles/------------------------------------`, editor)).status).toBe(422);
    expect((await send(`${A}/editor/articles/00000000-0000-4000-8000-000000000000`, editor)).status).toBe(404);
  });

  it('is for editors only: 401 anonymous, 403 for members', async () => {
    const member = await signedInMember(t.ctx, ['manager']);
    const a = await createTestArticle(editor.ctx, { title: 'Interdit aux membres', publishAt: null });
    for (const [method, path] of [
      ['GET', `${A}/editor/articles`],
      ['GET', `${A}/editor/articles/${a.id}`],
      ['POST', `${A}/editor/articles/${a.id}/publish`],
      ['POST', `${A}/editor/articles/${a.id}/unpublish`],
      ['GET', `${A}/editor/pages`],
      ['GET', `${A}/editor/documents`],
      ['GET', `${A}/editor/images`],
      ['GET', `${A}/editor/newsletter/pending`],
    ] as const) {
      expect((await send(path, null, { method, body: method === 'POST' ? {} : undefined })).status, path).toBe(401);
      expect((await send(path, member, { method, body: method === 'POST' ? {} : undefined })).status, path).toBe(403);
    }
    expect((await send(`${A}/editor/articles`, member, { method: 'POST', body: article })).status).toBe(403);
  });
});

describe('site pages and images API', () => {
  it('creates a page (201 + Location), lists it by state, updates it, and shows it to the public once published', async () => {
    const res = await send(`${A}/editor/pages`, editor, { method: 'POST', body: { slug: 'nos-missions', title: 'Nos missions', body: 'Le syndicat **mutualise**.', published: false } });
    const page = await read<{ id: string; published: boolean; menuOrder: number }>(res, 201);
    expect(page).toMatchObject({ published: false, menuOrder: 0 });
    expect(await read(await send(res.headers.get('location')!, editor))).toEqual(page);
    expect((await send(`${A}/pages/nos-missions`, null)).status).toBe(404);
    const drafts = await read<Page<{ slug: string }>>(await send(`${A}/editor/pages?status=draft`, editor));
    expect(drafts.items.map((p) => p.slug)).toContain('nos-missions');
    const frenchDrafts = await send(`${A}/editor/pages?etat=draft`, editor);
    expect(frenchDrafts.headers.get('deprecation')).toBe('true');
    expect(await read(frenchDrafts)).toEqual(drafts);
    const published = await read<{ published: boolean; title: string }>(await send(`${A}/editor/pages/${page.id}`, editor, { method: 'PUT', body: { slug: 'nos-missions', title: 'Nos missions et valeurs', body: 'Texte.', published: true } }));
    expect(published).toMatchObject({ published: true, title: 'Nos missions et valeurs' });
    expect(await read(await send(`${A}/pages/nos-missions`, null))).toMatchObject({ slug: 'nos-missions', kind: 'page', title: 'Nos missions et valeurs', body: 'Texte.' });
    const clash = await send(`${A}/editor/pages`, editor, { method: 'POST', body: { slug: 'nos-missions', title: 'Doublon', body: 'x' } });
    expect(clash.status).toBe(409);
    expect((await send(`${A}/editor/pages/${'x'.repeat(300)}`, editor)).status).toBe(422);
  });

  it('adds an image with its alternative text, refused without one, and lists it', async () => {
    const png = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex');
    expect((await send(`${A}/editor/images`, editor, { method: 'POST', body: { alt: '   ', file: await file('a.png', png) } })).status).toBe(422);
    const res = await send(`${A}/editor/images`, editor, { method: 'POST', body: { alt: 'Carte des bornes', file: await file('a.png', png) } });
    const image = await read<{ id: string; url: string; markdown: string }>(res, 201);
    expect(image.markdown).toBe(`![Carte des bornes](/medias/${image.id})`);
    expect(res.headers.get('location')).toBe(`/medias/${image.id}`);
    expect((await send(res.headers.get('location')!, null)).headers.get('content-type')).toBe('image/png');
    const images = await read<{ items: { id: string }[] }>(await send(`${A}/editor/images`, editor));
    expect(images.items.map((i) => i.id)).toContain(image.id);
  });
});

describe('documents API', () => {
  it('lists members-only documents to signed-in members only, with download links', async () => {
    await createDocument(editor.ctx, { title: 'Guide public API', kind: 'guide', visibility: 'public' }, { name: 'guide.pdf', bytes: await testPdf('Guide') });
    await createDocument(editor.ctx, { title: 'Tarifs réservés API', kind: 'tarifs', visibility: 'members' }, { name: 'tarifs.pdf', bytes: await testPdf('Tarifs') });
    const anonymous = await read<Page<{ title: string }>>(await send(`${A}/documents?q=API`, null));
    expect(anonymous.items.map((d) => d.title)).toEqual(['Guide public API']);
    const member = await signedInMember(t.ctx, ['agent']);
    const res = await send(`${A}/documents?q=API`, member);
    expect(res.headers.get('cache-control')).toBe('private, no-cache');
    const docs = await read<Page<{ id: string; title: string; kind: string; kindLabel: string; versions: { version: number; url: string }[] }>>(res);
    expect(docs.items.map((d) => d.title).sort()).toEqual(['Guide public API', 'Tarifs réservés API']);
    const tarifs = docs.items.find((d) => d.title === 'Tarifs réservés API')!;
    expect(tarifs).toMatchObject({ kind: 'prices', kindLabel: 'Tarifs' });
    expect(tarifs.versions[0]!.version).toBe(1);
    const path = tarifs.versions[0]!.url.replace('http://localhost:3000', '');
    expect((await send(path, null)).status).toBe(404);
    expect((await send(path, member)).status).toBe(200);
    expect((await send(`${A}/documents/${tarifs.id}`, null)).status).toBe(404);
    expect(await read(await send(`${A}/documents/${tarifs.id}`, member))).toMatchObject({ id: tarifs.id, title: 'Tarifs réservés API' });
    const byKind = await read<Page<{ title: string }>>(await send(`${A}/documents?kind=prices&q=API`, member));
    expect(byKind.items.map((d) => d.title)).toEqual(['Tarifs réservés API']);
    expect((await send(`${A}/documents?kind=tarifs`, member)).status).toBe(422);
  });

  it('lets editors add a document, replace its file by a new version and delete it', async () => {
    const res = await send(`${A}/editor/documents`, editor, { method: 'POST', body: { title: 'Convention API', kind: 'agreement', visibility: 'members', file: await file('convention.pdf', testPdf('Convention')) } });
    const doc = await read<{ id: string; kind: string; versions: { version: number }[] }>(res, 201);
    expect(doc).toMatchObject({ kind: 'agreement', versions: [{ version: 1 }] });
    expect(await read(await send(res.headers.get('location')!, editor))).toEqual(doc);
    expect((await send(`${A}/editor/documents`, editor, { method: 'POST', body: { title: 'Pas un PDF', kind: 'other', visibility: 'public', file: await file('x.pdf', Buffer.from('texte')) } })).status).toBe(422);
    const v2 = await read<{ versions: { version: number; note: string }[] }>(await send(`${A}/editor/documents/${doc.id}/versions`, editor, { method: 'POST', body: { note: 'Avenant 2026', file: await file('convention-v2.pdf', testPdf('Convention v2')) } }), 201);
    expect(v2.versions.map((v) => [v.version, v.note])).toEqual([[2, 'Avenant 2026'], [1, '']]);
    const listed = await read<Page<{ id: string; version: number; kind: string }>>(await send(`${A}/editor/documents?kind=agreement&visibility=members&q=Convention+API`, editor));
    expect(listed.items).toEqual([expect.objectContaining({ id: doc.id, version: 2, kind: 'agreement' })]);
    const french = await send(`${A}/editor/documents?type=agreement&lecteurs=members&q=Convention+API`, editor);
    expect(french.headers.get('deprecation')).toBe('true');
    expect(await read(french)).toEqual(listed);
    const member = await signedInMember(t.ctx, ['manager']);
    expect((await send(`${A}/editor/documents/${doc.id}`, member, { method: 'DELETE' })).status).toBe(403);
    expect((await send(`${A}/editor/documents/${doc.id}`, editor, { method: 'DELETE' })).status).toBe(204);
    expect((await send(`${A}/editor/documents/${doc.id}`, editor)).status).toBe(404);
    expect((await send(`${A}/documents/${doc.id}`, member)).status).toBe(404);
  });
});

describe('newsletter API', () => {
  it('sets the categories a contact follows, lists them for the collectivity, and sends the digest', async () => {
    const member = await signedInMember(t.ctx, ['manager']);
    const contact = await createContact(t.ctx, member.org.id, { name: 'Abonnée API', email: 'abonnee-api@mairie.test' });
    await createContact(t.ctx, member.org.id, { name: 'Sans adresse', email: null });
    const set = await read(await send(`${A}/newsletter/subscribers/${contact.id}`, member, { method: 'PUT', body: { categories: ['Comptabilité', 'Élections'] } }));
    expect(set).toEqual({ contactId: contact.id, name: 'Abonnée API', email: 'abonnee-api@mairie.test', categories: ['Comptabilité', 'Élections'] });
    const list = await read<{ organisationId: string; items: { contactId: string; categories: string[] }[] }>(await send(`${A}/newsletter/organisations/${member.org.id}/subscribers`, member));
    expect(list).toEqual({ organisationId: member.org.id, items: [set] });
    expect((await send(`${A}/newsletter/subscribers/${contact.id}`, member, { method: 'PUT', body: { categories: ['Inconnue'] } })).status).toBe(422);
    const other = await signedInMember(t.ctx, ['manager']);
    expect((await send(`${A}/newsletter/organisations/${member.org.id}/subscribers`, other)).status).toBe(403);
    expect((await send(`${A}/newsletter/subscribers/${contact.id}`, other, { method: 'PUT', body: { categories: [] } })).status).toBe(403);

    await createTestArticle(editor.ctx, { title: 'Pour la lettre API', category: 'Comptabilité' });
    const pending = await read<{ items: { title: string }[] }>(await send(`${A}/editor/newsletter/pending`, editor));
    expect(pending.items.map((a) => a.title)).toContain('Pour la lettre API');
    const sent = await read<{ recipients: number; articles: number }>(await send(`${A}/editor/newsletter/send`, editor, { method: 'POST' }));
    expect(sent.recipients).toBeGreaterThanOrEqual(1);
    expect(sent.articles).toBe(pending.items.length);
    expect(await read(await send(`${A}/editor/newsletter/pending`, editor))).toEqual({ items: [] });
    expect((await send(`${A}/editor/newsletter/send`, editor, { method: 'POST' })).status).toBe(422);
  });
});
