import pino from 'pino';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { loadConfig } from '../../src/config.ts';
import { sessionCookieName } from '../../src/modules/identity/index.ts';
import { audit } from '../../src/platform/audit/index.ts';
import { systemClock, type Ctx } from '../../src/platform/context.ts';
import { signedInAdmin } from '../helpers/admin-factories.ts';
import { signedInMember, type SignedIn } from '../helpers/factories.ts';
import { describeBrowser, expectNoAxeViolations, launchBrowser, startE2eServer, type E2eServer } from '../helpers/browser.ts';

describeBrowser('administration pages in a browser', () => {
  let server: E2eServer;
  let browser: Browser;
  let ctx: Ctx;
  let admin: SignedIn;
  let member: SignedIn;

  beforeAll(async () => {
    server = await startE2eServer();
    browser = await launchBrowser();
    const config = loadConfig({ DATA_DIR: '/nonexistent', PUBLIC_URL: server.baseUrl });
    ctx = { db: server.running.handle.db, actor: null, clock: systemClock, log: pino({ level: 'silent' }), config };
    admin = await signedInAdmin(ctx);
    member = await signedInMember(ctx);
    await audit({ ...ctx, actor: admin.actor }, { action: 'member.update', entity: 'organisation', entityId: 'X', before: { name: 'Avant', population: 10 }, after: { name: 'Après', population: 10 } });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  /** A browser context signed in with the user's session cookie; console errors (CSP included) collected. */
  async function open(who: SignedIn): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
    const context = await browser.newContext();
    await context.addCookies([{ name: sessionCookieName(ctx.config), value: who.cookie.split('=')[1]!, url: server.baseUrl }]);
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    page.on('pageerror', (e) => errors.push(e.message));
    return { context, page, errors };
  }

  it('every admin page passes axe, and detail pages are reached by their links', async () => {
    const { context, page, errors } = await open(admin);
    const headings: Record<string, string> = { '/admin': 'Administration', '/admin/journal': "Journal d'audit", '/admin/boite-d-envoi': "Boîte d'envoi", '/admin/taches': 'Tâches de fond' };
    for (const [path, heading] of Object.entries(headings)) {
      const res = await page.goto(server.baseUrl + path);
      expect(res?.status(), path).toBe(200);
      expect(await page.locator('h1').textContent(), path).toBe(heading);
      await expectNoAxeViolations(page);
    }
    await page.goto(`${server.baseUrl}/admin/journal`);
    await page.locator('table a[href^="/admin/journal/"]').first().click();
    await page.waitForURL(/\/admin\/journal\/[0-9a-f-]{36}$/);
    expect(await page.locator('tr.changed th').first().textContent()).toBe('name');
    await expectNoAxeViolations(page);

    await page.goto(`${server.baseUrl}/admin/boite-d-envoi`);
    await page.getByRole('button', { name: "M'envoyer un message d'essai" }).click();
    await page.waitForURL(/\/admin\/boite-d-envoi\/[0-9a-f-]{36}$/);
    expect(await page.locator('.flash').textContent()).toContain("Message d'essai conservé");
    await expectNoAxeViolations(page);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('a background export shows its progress live, then the download link, to its starter only', async () => {
    const { context, page, errors } = await open(admin);
    await page.goto(`${server.baseUrl}/admin/journal`);
    await page.getByRole('button', { name: /Exporter tout le journal filtré/ }).click();
    await page.waitForURL(/\/taches\/[0-9a-f-]{36}$/);
    const jobUrl = page.url();
    await expectNoAxeViolations(page);
    // The page's script polls the JSON progress: no reload needed.
    await page.locator('[data-field="download"]:not([hidden]) a').waitFor({ timeout: 20_000 });
    expect(await page.locator('[data-field="statusLabel"]').textContent()).toBe('Terminée');
    const download = page.waitForEvent('download');
    await page.locator('[data-field="download"] a').click();
    expect((await download).suggestedFilename()).toMatch(/^journal-audit-.*\.csv$/);
    await expectNoAxeViolations(page);

    await page.goto(`${server.baseUrl}/admin/taches`);
    await page.locator('table a[href^="/admin/taches/"]').first().click();
    await page.waitForURL(/\/admin\/taches\/[0-9a-f-]{36}$/);
    await expectNoAxeViolations(page);
    expect(errors).toEqual([]);
    await context.close();

    const other = await open(member);
    expect((await other.page.goto(jobUrl))?.status()).toBe(404);
    expect((await other.page.goto(`${server.baseUrl}/admin/journal`))?.status()).toBe(403);
    await other.context.close();
  });

  it('the API documentation is served locally, with no CSP error and no axe violation', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const errors: string[] = [];
    const external: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('request', (r) => {
      if (!r.url().startsWith(server.baseUrl) && !r.url().startsWith('data:')) external.push(r.url());
    });
    await page.goto(`${server.baseUrl}/api/docs`);
    expect(await page.locator('h1').textContent()).toBe("Documentation de l'API");
    expect(await page.locator('.api-operation').count()).toBeGreaterThan(20);
    expect(errors).toEqual([]);
    expect(external).toEqual([]);
    await expectNoAxeViolations(page);
    await context.close();
  });
});
