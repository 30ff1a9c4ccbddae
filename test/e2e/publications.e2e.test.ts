import pino from 'pino';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { systemClock, type Ctx } from '../../src/platform/context.ts';
import { createDocument } from '../../src/modules/publications/documents.ts';
import { savePage } from '../../src/modules/publications/site-pages.ts';
import { describeBrowser, expectNoAxeViolations, launchBrowser, startE2eServer, type E2eServer } from '../helpers/browser.ts';
import { signedInMember } from '../helpers/factories.ts';
import { createTestArticle, signedInEditor, tempDataDir, testPdf } from '../helpers/publications-factories.ts';

describeBrowser('public site in a browser', () => {
  let server: E2eServer;
  let browser: Browser;
  let ctx: Ctx;
  const pages: string[] = [];
  let memberCookie = '';
  let editorCookie = '';
  let documentId = '';

  beforeAll(async () => {
    // Uploads made here land in the server's own file store.
    const dataDir = tempDataDir();
    server = await startE2eServer({ DATA_DIR: dataDir });
    browser = await launchBrowser();
    ctx = { db: server.running.handle.db, actor: null, clock: systemClock, log: pino({ level: 'silent' }), config: (await import('../../src/config.ts')).loadConfig({ PUBLIC_URL: server.baseUrl, DATA_DIR: dataDir }) };
    const editor = await signedInEditor(ctx);
    const a = await createTestArticle(editor.ctx, { title: 'Conseil municipal : délibérations en ligne', summary: 'Le conseil a délibéré.', body: '## Ce qui change\n\nLe conseil a **délibéré** et transmis.\n\n- point un\n- point deux', category: 'Numérique et collectivités', rubric: 'Veille numérique', tags: ['conseil'] });
    await createTestArticle(editor.ctx, { title: 'Sauvegardes des mairies', category: 'Sécurité informatique', rubric: 'Cybersécurité' });
    await savePage(editor.ctx, { slug: 'le-syndicat', title: 'Le syndicat', body: 'Présentation du syndicat.', menuOrder: 1, published: true });
    await createDocument(editor.ctx, { title: 'Guide public', kind: 'guide', visibility: 'public' }, { name: 'guide.pdf', bytes: await testPdf() });
    documentId = (await createDocument(editor.ctx, { title: 'Convention réservée', kind: 'convention', visibility: 'members' }, { name: 'convention.pdf', bytes: await testPdf() })).id;
    editorCookie = editor.cookie;
    memberCookie = (await signedInMember(ctx, ['agent'])).cookie;
    pages.push(
      '/',
      '/veille',
      `/veille/${a.slug}`,
      '/veille/categorie/numerique-et-collectivites',
      '/veille/rubrique/cybersecurite',
      `/veille/archives/${new Date().toISOString().slice(0, 7)}`,
      `/veille/recherche?q=${encodeURIComponent('délibérations')}`,
      '/services/mobilite-electrique',
      '/pages/le-syndicat',
      '/contact',
      '/accessibilite',
      '/documents',
    );
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('every public page has no axe violation and no CSP error', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(`${page.url()}: ${m.text()}`);
    });
    for (const path of pages) {
      const res = await page.goto(server.baseUrl + path);
      expect(res?.status(), path).toBe(200);
      await expectNoAxeViolations(page);
    }
    expect(errors).toEqual([]);
    await context.close();
  });

  it('the documents page of a signed-in member (members-only documents) has no axe violation', async () => {
    const context = await browser.newContext();
    const [name, value] = memberCookie.split('=');
    await context.addCookies([{ name: name!, value: value!, url: server.baseUrl }]);
    const page = await context.newPage();
    await page.goto(server.baseUrl + '/documents');
    expect(await page.textContent('main')).toContain('Convention réservée');
    await expectNoAxeViolations(page);
    await context.close();
  });

  it('the back office lists (search, filters, sortable table, pagination) have no axe violation', async () => {
    const context = await browser.newContext();
    const [name, value] = editorCookie.split('=');
    await context.addCookies([{ name: name!, value: value!, url: server.baseUrl }]);
    const page = await context.newPage();
    for (const path of ['/redaction/articles', '/redaction/articles?statut=publie&tri=title&ordre=asc', '/redaction/pages', '/redaction/documents', `/redaction/documents/${documentId}`]) {
      const res = await page.goto(server.baseUrl + path);
      expect(res?.status(), path).toBe(200);
      await expectNoAxeViolations(page);
    }
    await context.close();
  });

  it('works with the keyboard alone: skip link, main navigation, search form', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(server.baseUrl + '/veille');
    const focused = () => page.evaluate(() => ({ text: document.activeElement?.textContent?.trim() ?? '', id: document.activeElement?.id ?? '', tag: document.activeElement?.tagName ?? '' }));

    await page.keyboard.press('Tab');
    expect((await focused()).text).toBe('Aller au contenu');
    await page.keyboard.press('Enter');
    expect((await focused()).id).toBe('contenu');

    // From the top again: the main navigation's links come in order, then the search field.
    await page.goto(server.baseUrl + '/veille');
    const seen: string[] = [];
    for (let i = 0; i < 30; i++) {
      await page.keyboard.press('Tab');
      const f = await focused();
      seen.push(f.id || f.text);
      if (f.id === 'recherche-veille') break;
    }
    expect(seen[0]).toBe('Aller au contenu');
    const nav = ['Accueil', 'Veille', 'Documents'].map((label) => seen.indexOf(label));
    expect(nav.every((i) => i > 0)).toBe(true);
    expect([...nav].sort((x, y) => x - y)).toEqual(nav);
    expect(seen.at(-1)).toBe('recherche-veille');

    await page.keyboard.type('délibérations');
    await Promise.all([page.waitForURL(/\/veille\/recherche\?q=/), page.keyboard.press('Enter')]);
    expect(await page.textContent('main')).toContain('Conseil municipal : délibérations en ligne');
    expect(await page.locator('main mark').first().textContent()).toMatch(/délibér/);

    // Tab reaches the first result link and Enter follows it.
    await page.locator('#recherche-veille').focus();
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    expect((await focused()).text).toBe('Conseil municipal : délibérations en ligne');
    await Promise.all([page.waitForURL(/\/veille\/conseil-municipal/), page.keyboard.press('Enter')]);
    expect(await page.locator('h1').textContent()).toBe('Conseil municipal : délibérations en ligne');
    await context.close();
  });
});
