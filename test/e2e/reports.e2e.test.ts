import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { reportsModule } from '../../src/modules/reports/index.ts';
import { createOrganisation, signedInUser, syndicateOrganisation } from '../helpers/factories.ts';
import { describeBrowser, expectNoAxeViolations, launchBrowser, startSeededE2eServer, openPage, type E2eServer } from '../helpers/browser.ts';

/** French numbers use (narrow) no-break spaces as thousands separators. */
const digits = (s: string | null) => (s ?? '').replace(/[\s\u202f\u00a0]/g, '');

describeBrowser('activity reports in a browser', () => {
  let server: E2eServer;
  let browser: Browser;
  let sessionCookie: string;
  beforeAll(async () => {
    // The embedded database is filled with demo-like 2019 activity first, then the server opens it.
    ({ server } = await startSeededE2eServer(async (ctx) => {
      const syndicate = await syndicateOrganisation(ctx);
      // An administrator's session, created with the data: the browser carries its cookie.
      sessionCookie = (await signedInUser(ctx, { organisationId: syndicate.id, roles: ['admin'] })).cookie;
      for (const [name, population] of [['Belfort', 46000], ['Delle', 5600], ['Valdoie', 5200], ['Giromagny', 3100], ['Bavilliers', 4500], ['Anjoutey', 700], ['Lepuix', 1100], ['Rougemont-le-Château', 1400]] as const) {
        await createOrganisation(ctx, { name, population });
      }
      await reportsModule.demo!.run(ctx, () => {});
    }));
    browser = await launchBrowser();
  }, 240_000);
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  const signedInPage = (path: string) => openPage(browser, server.baseUrl, sessionCookie, path);

  it('the 2019 report reads 5,129 interventions, by channel as reported; axe finds nothing', async () => {
    const page = await signedInPage('/rapports/activite?du=2019-01-01&au=2019-12-31');
    await expect(page.locator('h1').textContent()).resolves.toContain('année 2019');
    expect(digits(await page.locator('[data-figure="total"]').first().textContent())).toBe('5129');
    const channels = await Promise.all(['phone', 'remote', 'email', 'onsite', 'workshop'].map(async (c) => digits(await page.locator(`[data-figure="${c}"]`).first().textContent())));
    expect(channels).toEqual(['2056', '1891', '171', '497', '514']);
    // The chart is an image named by its title, with the table of its figures beside it.
    await expect(page.getByRole('img', { name: 'Interventions par canal, année 2019' }).count()).resolves.toBe(1);
    const total = page.locator('#canaux-table tfoot td');
    expect(digits(await total.textContent())).toBe('5129');
    await expectNoAxeViolations(page);
    await page.context().close();
  });

  it('period chooser, member report and public key figures pass axe', async () => {
    const page = await signedInPage('/rapports');
    await expectNoAxeViolations(page);
    await page.locator('#champ-collectivite').selectOption({ label: 'Belfort' });
    await page.locator('#champ-du').fill('2019-01-01');
    await page.locator('#champ-au').fill('2019-12-31');
    await page.getByRole('button', { name: 'Afficher le rapport', exact: true }).click();
    await page.waitForURL(/\/rapports\/membres\/[0-9a-f-]{36}\?du=2019-01-01&au=2019-12-31/);
    await expect(page.locator('h1').textContent()).resolves.toContain('Belfort');
    expect(Number(digits(await page.locator('[data-figure="total"]').first().textContent()))).toBeGreaterThan(100);
    await expectNoAxeViolations(page);
    await page.goto(`${server.baseUrl}/chiffres-cles`);
    expect(digits(await page.locator('[data-figure="total"]').textContent())).toBe('5129');
    await expectNoAxeViolations(page);
    await page.context().close();
  });
});
