import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { systemClock } from '../../src/platform/context.ts';
import { openDatabase, runMigrations } from '../../src/platform/db/index.ts';
import { reportsDemoStep } from '../../src/modules/reports/index.ts';
import { createOrganisation, signedInUser, syndicateOrganisation } from '../helpers/factories.ts';
import { describeBrowser, expectNoAxeViolations, launchBrowser, startE2eServer, type E2eServer } from '../helpers/browser.ts';

/** French numbers use (narrow) no-break spaces as thousands separators. */
const digits = (s: string | null) => (s ?? '').replace(/[\s\u202f\u00a0]/g, '');

describeBrowser('activity reports in a browser', () => {
  let server: E2eServer;
  let browser: Browser;
  let dataDir: string;
  let sessionCookie: string;
  beforeAll(async () => {
    // The embedded database is filled with demo-like 2019 activity first, then the server opens it.
    dataDir = mkdtempSync(join(tmpdir(), 'mutualis-reports-e2e-'));
    const handle = await openDatabase({ driver: 'pglite', dataDir });
    await runMigrations(handle);
    const config = loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'silent' });
    const ctx = { db: handle.db, actor: null, clock: systemClock, log: pino({ level: 'silent' }), config };
    const syndicate = await syndicateOrganisation(ctx);
    // An administrator's session, created with the data: the browser carries its cookie.
    sessionCookie = (await signedInUser(ctx, { organisationId: syndicate.id, roles: ['admin'] })).cookie;
    for (const [name, population] of [['Belfort', 46000], ['Delle', 5600], ['Valdoie', 5200], ['Giromagny', 3100], ['Bavilliers', 4500], ['Anjoutey', 700], ['Lepuix', 1100], ['Rougemont-le-Château', 1400]] as const) {
      await createOrganisation(ctx, { name, population });
    }
    await reportsDemoStep.run(ctx, () => {});
    await handle.close();
    server = await startE2eServer({ DATA_DIR: dataDir });
    browser = await launchBrowser();
  }, 240_000);
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  async function signedInPage(path: string): Promise<Page> {
    const context = await browser.newContext();
    const [name, value] = sessionCookie.split('=') as [string, string];
    await context.addCookies([{ name, value, url: server.baseUrl }]);
    const page = await context.newPage();
    await page.goto(server.baseUrl + path);
    return page;
  }

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
