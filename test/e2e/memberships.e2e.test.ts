import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { systemClock } from '../../src/platform/context.ts';
import { openDatabase, runMigrations } from '../../src/platform/db/index.ts';
import { runContributions } from '../../src/modules/memberships/contributions.ts';
import { signedInMember, signedInUser, syndicateOrganisation } from '../helpers/factories.ts';
import { activeConvention, adoptedGrid, knownSyntec } from '../helpers/memberships-factories.ts';
import { describeBrowser, expectNoAxeViolations, launchBrowser, startE2eServer, type E2eServer, openPage } from '../helpers/browser.ts';

describeBrowser('IT memberships in a browser', () => {
  let server: E2eServer;
  let browser: Browser;
  let dataDir: string;
  let staffCookie: string;
  let managerCookie: string;
  let conventionId: string;
  let runId: string;
  let gridId: string;
  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'mutualis-memberships-e2e-'));
    const handle = await openDatabase({ driver: 'pglite', dataDir });
    await runMigrations(handle);
    const config = loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'silent' });
    const ctx = { db: handle.db, actor: null, clock: systemClock, log: pino({ level: 'silent' }), config };
    const syndicate = await syndicateOrganisation(ctx);
    const staff = await signedInUser(ctx, { organisationId: syndicate.id, roles: ['finance'] });
    staffCookie = staff.cookie;
    const member = await signedInMember(ctx, ['manager'], { name: 'Anjoutey', population: 700 });
    managerCookie = member.cookie;
    await knownSyntec(ctx);
    const year = new Date().getUTCFullYear();
    gridId = (await adoptedGrid(ctx, year)).id;
    conventionId = (await activeConvention(ctx, member.org.id, { startsOn: `${year}-01-01`, workstations: 4 })).id;
    runId = (await runContributions({ ...ctx, actor: staff.actor }, { periodStart: `${year}-01-01`, periodEnd: `${year}-12-31`, label: `Contributions ${year}` })).id;
    await handle.close();
    server = await startE2eServer({ DATA_DIR: dataDir });
    browser = await launchBrowser();
  }, 240_000);
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  const open = (cookie: string, path: string) => openPage(browser, server.baseUrl, cookie, path);

  it('staff pages pass axe', async () => {
    for (const path of ['/adhesions', '/adhesions/nouvelle', '/adhesions/rappels', `/adhesions/${conventionId}`, `/adhesions/${conventionId}/resilier`, '/tarifs', `/tarifs/${gridId}`, '/contributions', `/contributions/${runId}`]) {
      const page = await open(staffCookie, path);
      await expectNoAxeViolations(page);
      await page.context().close();
    }
  });

  it('the simulator shows the revision trail; axe finds nothing', async () => {
    const page = await open(staffCookie, '/syntec');
    await page.fill('#champ-montant, input[name="montant"]', '574,88');
    await page.fill('input[name="base"]', '2024-01');
    await page.fill('input[name="date"]', '2025-12-01');
    await page.click('form[aria-label="Simulateur de révision"] button[type="submit"]');
    await expect(page.locator('.trail').textContent()).resolves.toContain('596,54');
    await expectNoAxeViolations(page);
    await page.context().close();
  });

  it('the member portal passes axe and shows prices with their breakdown', async () => {
    const page = await open(managerCookie, '/ma-collectivite/adhesion');
    // 4 posts: 574,88 € × 4 × 0,9 = 2 069,57 €
    await expect(page.locator('main').textContent()).resolves.toMatch(/2[\s\u202f\u00a0]069,57/);
    await expectNoAxeViolations(page);
    await page.context().close();
  });
});
