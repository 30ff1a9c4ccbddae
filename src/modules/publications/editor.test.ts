import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../../../test/helpers/app.ts';
import { signedInMember, type SignedIn } from '../../../test/helpers/factories.ts';
import { editorTestApp, multipart, testPdf } from '../../../test/helpers/publications-factories.ts';
import { auditLog } from '../../platform/audit/index.ts';
import { articles } from './schema.ts';

let t: TestApp;
let editor: SignedIn;
beforeAll(async () => ({ t, editor } = await editorTestApp()));
afterAll(() => t.close());

const post = (who: SignedIn, path: string, fields: Record<string, string> | FormData) => {
  const body = fields instanceof FormData ? fields : new URLSearchParams({ ...fields, _csrf: who.csrfToken });
  if (body instanceof FormData) body.set('_csrf', who.csrfToken);
  return t.app.request(path, { method: 'POST', headers: who.headers, body });
};
const get = (who: SignedIn | null, path: string) => t.app.request(path, { headers: who?.headers ?? {} });

const valid = { title: 'Élections : nouveau calendrier', summary: 'Ce qui change.', body: '## Détail\n\nLe texte.', category: 'Élections', rubric: 'Réglementation', tags: 'élections, calendrier', sourceUrl: 'https://www.example.gouv.fr/source' };

async function createViaForm(fields = valid): Promise<string> {
  const res = await post(editor, '/redaction/articles/nouveau', { ...fields, action: 'save' });
  expect(res.status).toBe(303);
  return res.headers.get('location')!.split('/').pop()!;
}

describe('editor back office', () => {
  it('creates a draft, previews without saving, edits with a new revision, and keeps an audit trail', async () => {
    const id = await createViaForm();
    const [row] = await t.ctx.db.select().from(articles).where(eq(articles.id, id));
    expect(row).toMatchObject({ status: 'draft', revision: 1, tags: ['élections', 'calendrier'], authorName: editor.actor.name });

    const preview = await post(editor, `/redaction/articles/${id}`, { ...valid, title: 'Titre prévisualisé', body: '**gras**', revision: '1', action: 'preview' });
    expect(preview.status).toBe(200);
    const html = await preview.text();
    expect(html).toContain('Aperçu (non enregistré)');
    expect(html).toContain('<strong>gras</strong>');
    expect((await t.ctx.db.select().from(articles).where(eq(articles.id, id)))[0]!.title).toBe(valid.title);

    expect((await post(editor, `/redaction/articles/${id}`, { ...valid, title: 'Titre corrigé', revision: '1', action: 'save' })).status).toBe(303);
    expect((await t.ctx.db.select().from(articles).where(eq(articles.id, id)))[0]).toMatchObject({ title: 'Titre corrigé', revision: 2 });
    const trail = await t.ctx.db.select().from(auditLog).where(eq(auditLog.entityId, id));
    expect(trail.map((a) => a.action).sort()).toEqual(['article.create', 'article.update']);
  });

  it('refuses bad input with French field messages and changes nothing', async () => {
    const res = await post(editor, '/redaction/articles/nouveau', { ...valid, title: '', category: 'Astrologie', sourceUrl: 'javascript:alert(1)', action: 'save' });
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain('Le titre est obligatoire.');
    expect(html).toContain('Choisissez une catégorie.');
    expect(html).toContain('Indiquez une adresse web complète');
    expect(await t.ctx.db.select().from(articles).where(eq(articles.title, ''))).toEqual([]);
  });

  it('refuses a save made on top of a newer revision', async () => {
    const id = await createViaForm();
    expect((await post(editor, `/redaction/articles/${id}`, { ...valid, title: 'Première', revision: '1', action: 'save' })).status).toBe(303);
    expect((await post(editor, `/redaction/articles/${id}`, { ...valid, title: 'Écrase ?', revision: '1', action: 'save' })).status).toBe(409);
  });

  it('publishes, schedules (Paris time), unpublishes after confirmation', async () => {
    const id = await createViaForm({ ...valid, title: 'À publier' });
    const slug = (await t.ctx.db.select().from(articles).where(eq(articles.id, id)))[0]!.slug;
    expect((await get(null, `/veille/${slug}`)).status).toBe(404);
    expect((await post(editor, `/redaction/articles/${id}/publier`, { publishAt: '' })).status).toBe(303);
    expect(await (await get(null, `/veille/${slug}`)).text()).toContain('<h1>À publier</h1>');

    // 2026-07-01 10:00 in Paris (summer time) is 08:00 UTC.
    expect((await post(editor, `/redaction/articles/${id}/publier`, { publishAt: '2026-07-01T10:00' })).status).toBe(303);
    expect((await t.ctx.db.select().from(articles).where(eq(articles.id, id)))[0]!.publishAt!.toISOString()).toBe('2026-07-01T08:00:00.000Z');
    expect((await get(null, `/veille/${slug}`)).status).toBe(404);
    expect(await (await get(editor, `/redaction/articles/${id}`)).text()).toContain('Programmé le 1 juillet 2026');

    expect((await post(editor, `/redaction/articles/${id}/publier`, { publishAt: 'demain' })).status).toBe(422);
    const confirm = await get(editor, `/redaction/articles/${id}/depublier`);
    expect(await confirm.text()).toContain('Dépublier l’article');
    expect((await post(editor, `/redaction/articles/${id}/depublier`, { confirme: '1' })).status).toBe(303);
    expect((await t.ctx.db.select().from(articles).where(eq(articles.id, id)))[0]!.status).toBe('draft');
  });

  it('lists revisions and restores an old one as a new revision', async () => {
    const id = await createViaForm({ ...valid, title: 'Version une' });
    await post(editor, `/redaction/articles/${id}`, { ...valid, title: 'Version deux', revision: '1', action: 'save' });
    const history = await (await get(editor, `/redaction/articles/${id}/versions`)).text();
    expect(history).toContain('Version une');
    expect(history).toContain('Version deux');
    expect((await post(editor, `/redaction/articles/${id}/versions/1/restaurer`, { confirme: '1' })).status).toBe(303);
    expect((await t.ctx.db.select().from(articles).where(eq(articles.id, id)))[0]).toMatchObject({ title: 'Version une', revision: 3 });
  });

  it('attaches PDFs (type checked by content) shown on the published article', async () => {
    const id = await createViaForm({ ...valid, title: 'Avec pièce jointe' });
    await post(editor, `/redaction/articles/${id}/publier`, { publishAt: '' });
    const fake = await post(editor, `/redaction/articles/${id}/pieces-jointes`, multipart({ title: 'Faux' }, { name: 'faux.pdf', type: 'application/pdf', bytes: Buffer.from('<html>pas un pdf</html>') }));
    expect(fake.status).toBe(422);
    const ok = await post(editor, `/redaction/articles/${id}/pieces-jointes`, multipart({ title: 'Mémento' }, { name: 'memento.pdf', type: 'application/pdf', bytes: await testPdf() }));
    expect(ok.status).toBe(303);
    const slug = (await t.ctx.db.select().from(articles).where(eq(articles.id, id)))[0]!.slug;
    const page = await (await get(null, `/veille/${slug}`)).text();
    const link = page.match(/href="(\/veille\/pieces-jointes\/[0-9a-f-]+)">Mémento<\/a> \(PDF, [\d,]+ Ko\)/)?.[1];
    expect(link).toBeDefined();
    const file = await get(null, link!);
    expect(file.headers.get('content-type')).toBe('application/pdf');
    expect(Buffer.from(await file.arrayBuffer()).subarray(0, 5).toString()).toBe('%PDF-');
  });

  it('uploads an image only with an alternative text', async () => {
    const png = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex');
    expect((await post(editor, '/redaction/medias', multipart({ alt: '   ' }, { name: 'a.png', type: 'image/png', bytes: png }))).status).toBe(422);
    const ok = await post(editor, '/redaction/medias', multipart({ alt: 'Carte des bornes' }, { name: 'a.png', type: 'image/png', bytes: png }));
    expect(ok.status).toBe(303);
    const list = await (await get(editor, '/redaction/medias')).text();
    const src = list.match(/\(\/medias\/([0-9a-f-]+)\)/)?.[1];
    expect(list).toContain('![Carte des bornes](/medias/');
    expect((await get(null, `/medias/${src}`)).headers.get('content-type')).toBe('image/png');
  });

  it('edits site pages: a service page replaces the built-in summary', async () => {
    const res = await post(editor, '/redaction/pages/nouvelle', { slug: 'mobilite-electrique', title: 'Bornes de recharge', body: 'Texte **édité**.', metaDescription: 'Réseau de bornes.', menuOrder: '0', published: '1' });
    expect(res.status).toBe(303);
    const page = await (await get(null, '/services/mobilite-electrique')).text();
    expect(page).toContain('<h1>Bornes de recharge</h1>');
    expect(page).toContain('<strong>édité</strong>');
    expect(page).toContain('<meta name="description" content="Réseau de bornes."');
    const clash = await post(editor, '/redaction/pages/nouvelle', { slug: 'mobilite-electrique', title: 'Doublon', body: 'x', menuOrder: '0' });
    expect(clash.status).toBe(409);
    expect((await post(editor, '/redaction/pages/nouvelle', { slug: 'Pas Valide!', title: 'x', body: 'x', menuOrder: '0' })).status).toBe(422);
  });

  it('is closed to anonymous visitors and to members', async () => {
    const member = await signedInMember(t.ctx, ['manager']);
    for (const path of ['/redaction', '/redaction/articles', '/redaction/pages', '/redaction/documents', '/redaction/lettre', '/redaction/medias']) {
      expect([401, 303, 302], path).toContain((await get(null, path)).status);
      expect((await get(member, path)).status, path).toBe(403);
    }
    expect((await post(member, '/redaction/articles/nouveau', { ...valid, action: 'save' })).status).toBe(403);
  });
});

describe('identifiers in page URLs', () => {
  const malformed = ['------------------------------------', '%00', 'a'.repeat(3000), '%C3%A9t%C3%A9-%E2%9C%93', '00000000-0000-0000-0000-00000000000g'];
  /** A 404 page; a NUL character is refused earlier by the platform, with its own 422 page. */
  const refused = async (res: Response, path: string) => {
    const html = (await res.text()).toLowerCase();
    if (path.includes('%00') && res.status === 422) return expect(html, path).toContain('caractère nul');
    expect(res.status, path).toBe(404);
    expect(html, path).toContain('introuvable');
  };

  it('answers a 404 page, never a 500, to a malformed id in any page URL', async () => {
    const admin = editor;
    for (const id of malformed) {
      const gets = [
        `/redaction/articles/${id}`,
        `/redaction/articles/${id}/versions`,
        `/redaction/articles/${id}/depublier`,
        `/redaction/articles/${id}/versions/1/restaurer`,
        `/redaction/pages/${id}`,
        `/redaction/documents/${id}`,
        `/redaction/documents/${id}/supprimer`,
        `/documents/fichiers/${id}`,
        `/veille/pieces-jointes/${id}`,
        `/medias/${id}`,
      ];
      for (const path of gets) await refused(await get(admin, path), path);
      const posts = [`/redaction/articles/${id}`, `/redaction/articles/${id}/publier`, `/redaction/articles/${id}/depublier`, `/redaction/articles/${id}/versions/1/restaurer`, `/redaction/pages/${id}`, `/redaction/documents/${id}/supprimer`, `/veille/lettre/${id}`];
      for (const path of posts) await refused(await post(admin, path, { title: 'x', categories: 'Comptabilité' }), path);
    }
    const res = await get(admin, `/redaction/articles/${await createViaForm({ ...valid, title: 'Version non numérique' })}/versions/abc/restaurer`);
    expect(res.status).toBe(404);
  });
});
