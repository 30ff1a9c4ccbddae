import { createServer } from 'node:http';
import { gunzipSync } from 'node:zlib';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/helpers/app.ts';
import { signedInMember } from '../../../test/helpers/factories.ts';
import { createTestArticle, signedInEditor } from '../../../test/helpers/publications-factories.ts';
import type { Ctx } from '../../platform/context.ts';
import { searchArticles } from './veille.ts';
import { articles } from './schema.ts';
import { appMeta } from '../../platform/db/schema.ts';
import { eq, sql } from 'drizzle-orm';

let t: TestApp;
let editor: Ctx;
beforeAll(async () => {
  t = await createTestApp();
  editor = (await signedInEditor(t.ctx)).ctx;
});
afterAll(() => t.close());

const get = (path: string, headers: Record<string, string> = {}) => t.app.request(path, { headers });
const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@' });
const asArray = <T>(v: T | T[] | undefined): T[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

describe('French full-text search', () => {
  it('finds « délibérations » in a text saying « délibéré », accents and endings ignored, with a highlighted excerpt', async () => {
    await createTestArticle(editor, { title: 'Vote du budget', body: 'Le conseil municipal a délibéré sur le budget primitif.', category: 'Comptabilité' });
    await createTestArticle(editor, { title: 'Sans rapport', body: 'Éclairage public et sauvegardes.' });
    for (const q of ['délibérations', 'deliberations', 'DÉLIBÉRER']) {
      const { rows } = await searchArticles(t.ctx, q);
      expect(rows.map((r) => r.title), q).toEqual(['Vote du budget']);
      expect(rows[0]!.excerptHtml).toContain('<mark>délibéré</mark>');
    }
    const page = await (await get(`/veille/recherche?q=${encodeURIComponent('délibérations')}`)).text();
    expect(page).toContain('<mark>délibéré</mark>');
    expect(page).toContain('1 article correspond');
  });

  it('escapes the article text in excerpts: only the highlight marks are HTML', async () => {
    await createTestArticle(editor, { title: 'Piège', body: 'Le mot <script>alert(1)</script> redevance <img src=x onerror=alert(2)> redevance.' });
    const { rows } = await searchArticles(t.ctx, 'redevance');
    const html = rows.find((r) => r.title === 'Piège')!.excerptHtml;
    expect(html).toContain('<mark>redevance</mark>');
    expect(html).not.toMatch(/<(?!\/?mark>)/);
  });

  it('returns nothing for an empty or unmatched query', async () => {
    expect((await searchArticles(t.ctx, '   ')).rows).toEqual([]);
    expect((await searchArticles(t.ctx, 'zzzintrouvable')).total).toBe(0);
  });
});

describe('scheduled publication', () => {
  it('an article appears at its time and not before, also through the page cache and the feeds', async () => {
    const at = new Date(t.clock.now().getTime() + 2 * 3_600_000);
    const a = await createTestArticle(editor, { title: 'Article programmé pour plus tard', publishAt: at, category: 'Élections' });
    // Warm the caches before the publication time.
    expect((await get(`/veille/${a.slug}`)).status).toBe(404);
    expect(await (await get('/veille')).text()).not.toContain('Article programmé pour plus tard');
    expect(await (await get('/veille/rss.xml')).text()).not.toContain('Article programmé pour plus tard');
    expect((await searchArticles(t.ctx, 'programmé')).total).toBe(0);

    t.clock.set(new Date(at.getTime() - 1000));
    expect((await get(`/veille/${a.slug}`)).status).toBe(404);

    t.clock.set(at);
    expect(await (await get(`/veille/${a.slug}`)).text()).toContain('<h1>Article programmé pour plus tard</h1>');
    expect(await (await get('/veille')).text()).toContain('Article programmé pour plus tard');
    expect(await (await get('/veille/rss.xml')).text()).toContain('Article programmé pour plus tard');
    expect((await searchArticles(t.ctx, 'programmé')).total).toBe(1);
  });

  it('a draft is never public', async () => {
    const a = await createTestArticle(editor, { title: 'Brouillon secret', publishAt: null });
    expect((await get(`/veille/${a.slug}`)).status).toBe(404);
    expect(await (await get('/sitemap.xml')).text()).not.toContain(a.slug);
  });
});

describe('archives', () => {
  it('lists by category, rubric and month (Paris time)', async () => {
    const a = await createTestArticle(editor, { title: 'Archive état civil', category: 'État civil', rubric: 'Veille technologique', publishAt: new Date('2025-01-31T23:30:00Z') });
    expect(await (await get('/veille/categorie/etat-civil')).text()).toContain(a.title);
    expect(await (await get('/veille/categorie/marches-publics')).text()).not.toContain(a.title);
    expect(await (await get('/veille/rubrique/veille-technologique')).text()).toContain(a.title);
    // 23:30 UTC on 31 January is already February in Paris.
    expect(await (await get('/veille/archives/2025-02')).text()).toContain(a.title);
    expect(await (await get('/veille/archives/2025-01')).text()).not.toContain(a.title);
    expect((await get('/veille/categorie/inconnue')).status).toBe(404);
    expect((await get('/veille/archives/2025-13')).status).toBe(404);
  });
});

describe('feeds, sitemap, robots and meta', () => {
  it('RSS 2.0 has the required channel and item elements, for all and per category', async () => {
    await createTestArticle(editor, { title: 'Marchés & <seuils>', category: 'Marchés publics' });
    for (const path of ['/veille/rss.xml', '/veille/categorie/marches-publics/rss.xml']) {
      const res = await get(path);
      expect(res.headers.get('content-type')).toContain('application/rss+xml');
      const xml = await res.text();
      expect(XMLValidator.validate(xml)).toBe(true);
      const doc = parser.parse(xml);
      expect(doc.rss['@version']).toBe('2.0');
      const channel = doc.rss.channel;
      for (const k of ['title', 'link', 'description']) expect(channel[k], k).toBeTruthy();
      const items = asArray(channel.item);
      expect(items.length).toBeGreaterThan(0);
      for (const item of items) {
        expect(item.title).toBeTruthy();
        expect(item.link).toMatch(/^http:\/\/localhost:3000\/veille\//);
        expect(item.guid).toBeTruthy();
        expect(new Date(item.pubDate).getTime()).not.toBeNaN();
      }
      expect(items.some((i: { title: string }) => i.title === 'Marchés & <seuils>')).toBe(true);
    }
    const perCategory = parser.parse(await (await get('/veille/categorie/marches-publics/rss.xml')).text());
    expect(asArray(perCategory.rss.channel.item).every((i: { category: string }) => i.category === 'Marchés publics')).toBe(true);
  });

  it('Atom has id, title, updated, author and links on the feed and every entry', async () => {
    for (const path of ['/veille/atom.xml', '/veille/categorie/marches-publics/atom.xml']) {
      const xml = await (await get(path)).text();
      expect(XMLValidator.validate(xml)).toBe(true);
      const feed = parser.parse(xml).feed;
      expect(feed['@xmlns']).toBe('http://www.w3.org/2005/Atom');
      for (const k of ['id', 'title', 'updated', 'author', 'link']) expect(feed[k], k).toBeTruthy();
      expect(asArray(feed.link).some((l: { '@rel'?: string }) => l['@rel'] === 'self')).toBe(true);
      for (const entry of asArray(feed.entry) as Record<string, unknown>[]) {
        for (const k of ['id', 'title', 'updated', 'link']) expect(entry[k], k).toBeTruthy();
        expect(entry.author ?? feed.author).toBeTruthy();
        expect(new Date(String(entry.updated)).getTime()).not.toBeNaN();
      }
    }
  });

  it('sitemap lists public pages and visible articles; robots points to it', async () => {
    const a = await createTestArticle(editor, { title: 'Dans le plan du site' });
    const xml = await (await get('/sitemap.xml')).text();
    expect(XMLValidator.validate(xml)).toBe(true);
    const urls = asArray(parser.parse(xml).urlset.url).map((u: { loc: string }) => u.loc);
    expect(urls).toContain(`http://localhost:3000/veille/${a.slug}`);
    expect(urls).toContain('http://localhost:3000/services/mobilite-electrique');
    expect(urls).toContain('http://localhost:3000/accessibilite');
    const robots = await (await get('/robots.txt')).text();
    expect(robots).toContain('Sitemap: http://localhost:3000/sitemap.xml');
    expect(robots).toContain('Disallow: /redaction/');
  });

  it('article pages carry canonical and Open Graph tags', async () => {
    const a = await createTestArticle(editor, { title: 'Titre "ouvert"', summary: 'Résumé pour le partage.' });
    const html = await (await get(`/veille/${a.slug}`)).text();
    expect(html).toContain(`<link rel="canonical" href="http://localhost:3000/veille/${a.slug}"`);
    expect(html).toContain('<meta property="og:type" content="article"');
    expect(html).toContain('<meta property="og:title" content="Titre &quot;ouvert&quot;"');
    expect(html).toContain('<meta property="og:description" content="Résumé pour le partage."');
  });
});

describe('page cache', () => {
  it('answers 304 to a matching ETag and renders again when content changes', async () => {
    const first = await get('/veille');
    const etag = first.headers.get('etag')!;
    expect(etag).toMatch(/^W\/"/);
    expect((await get('/veille', { 'if-none-match': etag })).status).toBe(304);
    await createTestArticle(editor, { title: 'Nouvel article qui invalide' });
    const after = await get('/veille', { 'if-none-match': etag });
    expect(after.status).toBe(200);
    expect(await after.text()).toContain('Nouvel article qui invalide');
  });

  it('serves a stored page to anonymous visitors before sessions run, with the same headers; never to a signed-in visitor', async () => {
    const a = await createTestArticle(editor, { title: 'Titre en cache' });
    const first = await get(`/veille/${a.slug}`, { 'accept-encoding': 'identity' });
    // Written behind the cache's back (no new content version): only a stored copy still shows the old title.
    await t.ctx.db.update(articles).set({ title: 'Titre changé en douce' }).where(eq(articles.id, a.id));
    const second = await get(`/veille/${a.slug}`, { 'accept-encoding': 'identity' });
    expect(await second.text()).toBe(await first.text());
    for (const h of ['content-security-policy', 'x-frame-options', 'etag', 'cache-control', 'vary', 'content-type']) expect(second.headers.get(h), h).toBe(first.headers.get(h));
    expect(second.headers.get('x-request-id')).not.toBe(first.headers.get('x-request-id'));
    // A compressed copy is a page of its own.
    const gzip = await get(`/veille/${a.slug}`, { 'accept-encoding': 'gzip' });
    expect(gzip.headers.get('content-encoding')).toBe('gzip');
    expect(gunzipSync(Buffer.from(await gzip.arrayBuffer())).toString()).toContain('Titre changé en douce');
    const member = await signedInMember(t.ctx, ['agent']);
    expect(await (await get(`/veille/${a.slug}`, member.headers)).text()).toContain('Titre changé en douce');
    expect(await (await get(`/veille/${a.slug}`, { cookie: 'mutualis_flash=x' })).text()).toContain('Titre changé en douce');
  });

  it('through a Node server, answers stored pages before entering the app, and hands anything else to the app', async () => {
    const a = await createTestArticle(editor, { title: 'Titre servi par le raccourci' });
    const intoApp = vi.spyOn(t.app, 'fetch');
    const server = createServer(t.listener());
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    const base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
    const raw = (path: string, headers: Record<string, string> = {}) => fetch(base + path, { headers: { 'accept-encoding': 'identity', ...headers } });
    try {
      const first = await raw(`/veille/${a.slug}`);
      const html = await first.text();
      expect(intoApp).toHaveBeenCalledTimes(1);
      const second = await raw(`/veille/${a.slug}`);
      expect(intoApp).toHaveBeenCalledTimes(1);
      expect(await second.text()).toBe(html);
      for (const h of ['content-security-policy', 'x-frame-options', 'etag', 'cache-control', 'vary', 'content-type', 'content-length']) expect(second.headers.get(h), h).toBe(first.headers.get(h));
      expect(second.headers.get('x-request-id')).not.toBe(first.headers.get('x-request-id'));
      const notModified = await raw(`/veille/${a.slug}`, { 'if-none-match': first.headers.get('etag')! });
      expect([notModified.status, notModified.headers.get('etag')]).toEqual([304, first.headers.get('etag')]);
      expect(intoApp).toHaveBeenCalledTimes(1);
      // Personal requests, another encoding, other methods: the app answers.
      await raw(`/veille/${a.slug}`, { cookie: 'mutualis_flash=x' });
      await raw(`/veille/${a.slug}`, { authorization: 'Bearer x' });
      await raw(`/veille/${a.slug}`, { 'accept-encoding': 'gzip' });
      await fetch(`${base}/veille/${a.slug}`, { method: 'HEAD' });
      expect(intoApp).toHaveBeenCalledTimes(5);
      // A change made through this instance: the next request goes through the app and shows it.
      await createTestArticle(editor, { title: 'Un autre article' });
      await t.ctx.db.update(articles).set({ title: 'Titre modifié' }).where(eq(articles.id, a.id));
      expect(await (await raw(`/veille/${a.slug}`)).text()).toContain('Titre modifié');
      expect(intoApp).toHaveBeenCalledTimes(6);
    } finally {
      intoApp.mockRestore();
      await new Promise((done) => server.close(done));
    }
  });

  it('sees a change made by another instance within a second (content version read from the database)', async () => {
    const a = await createTestArticle(editor, { title: 'Titre avant' });
    expect(await (await get(`/veille/${a.slug}`)).text()).toContain('Titre avant');
    // Another instance: writes the article and bumps the shared version, without this process knowing.
    await t.ctx.db.update(articles).set({ title: 'Titre après' }).where(eq(articles.id, a.id));
    await t.ctx.db.update(appMeta).set({ value: sql`to_jsonb((${appMeta.value})::text::bigint + 1)` }).where(eq(appMeta.key, 'publications.content_version'));
    t.clock.advance(1100);
    expect(await (await get(`/veille/${a.slug}`)).text()).toContain('Titre après');
  });
});
