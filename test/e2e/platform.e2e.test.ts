import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { describeBrowser, expectNoAxeViolations, launchBrowser, startE2eServer, type E2eServer } from '../helpers/browser.ts';

describeBrowser('platform pages in a browser', () => {
  let server: E2eServer;
  let browser: Browser;
  beforeAll(async () => {
    server = await startE2eServer();
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('home page: landmarks, skip link, no CSP error, no axe violation, usable at 320 px', async () => {
    const context = await browser.newContext({ viewport: { width: 320, height: 640 } });
    const page = await context.newPage();
    const cspErrors: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') cspErrors.push(m.text());
    });
    await page.goto(server.baseUrl + '/');
    expect(await page.locator('h1').textContent()).toContain("Territoire d'Énergie 90");
    await page.keyboard.press('Tab');
    const focused = await page.evaluate(() => document.activeElement?.textContent);
    expect(focused).toBe('Aller au contenu');
    const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(scrollWidth).toBeLessThanOrEqual(320);
    await expectNoAxeViolations(page);
    expect(cspErrors).toEqual([]);
    await context.close();
  });

  it('404 page passes axe', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const res = await page.goto(server.baseUrl + '/page-inexistante');
    expect(res?.status()).toBe(404);
    await expectNoAxeViolations(page);
    await context.close();
  });
});
