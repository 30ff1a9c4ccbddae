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
import { activeConvention, adoptedGrid, draftGrid, knownSyntec, PDF_BYTES } from '../helpers/memberships-factories.ts';
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
  let draftId: string;
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
    draftId = (await draftGrid(ctx, year + 1)).id;
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
    for (const path of ['/adhesions', '/adhesions/nouvelle', '/adhesions/rappels', `/adhesions/${conventionId}`, `/adhesions/${conventionId}/resilier`, '/tarifs', `/tarifs/${gridId}`, `/tarifs/${draftId}`, `/tarifs/${draftId}/options`, `/tarifs/${draftId}/options/retrait?code=maintenance`, '/contributions', `/contributions/${runId}`]) {
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

  it('the pricing-rule editor: fields per shape, French errors, preview, save; axe finds nothing', async () => {
    const page = await open(staffCookie, `/tarifs/${draftId}/options?code=maintenance`);
    await expectNoAxeViolations(page);
    // Bracket 2 starting at 4 leaves a gap after bracket 1 (1–2): refused, with the field's message.
    await page.fill('input[name="p0.b1.from"]', '4');
    await page.click('button[value="save"]');
    await expect(page.locator('.error-summary').textContent()).resolves.toContain('la borne basse doit être 3');
    await expectNoAxeViolations(page);
    await page.fill('input[name="p0.b1.from"]', '3');
    await page.fill('input[name="s0.workstation"]', '40');
    await page.click('button[value="preview"] >> nth=-1');
    // 40 posts: 574,88 € × 40 × 0,65 = 14 946,88 €
    await expect(page.locator('#apercu + p + .table-wrap, section[aria-labelledby="apercu"]').first().textContent()).resolves.toMatch(/14[\s\u202f\u00a0]946,88/);
    await page.click('button[value="save"]');
    await page.waitForURL(`**/tarifs/${draftId}#option-maintenance`);
    await page.context().close();

    // A new option as a sum of parts: choosing the shape shows its fields (script or button).
    const add = await open(staffCookie, `/tarifs/${draftId}/options`);
    await add.fill('input[name="code"]', 'transfert');
    await add.fill('input[name="label"]', 'Transfert de compétence');
    await add.selectOption('select[name="kind"]', 'sum');
    await add.waitForSelector('select[name="p0.kind"]');
    await add.fill('input[name="p0.label"]', 'Forfait');
    await add.selectOption('select[name="p0.kind"]', 'flat');
    await add.waitForSelector('input[name="p0.amount"]');
    await add.fill('input[name="p0.amount"]', '1500');
    await add.click('button[value="preview"] >> nth=-1');
    await expect(add.locator('section[aria-labelledby="apercu"]').textContent()).resolves.toMatch(/1[\s\u202f\u00a0]500,00/);
    await expectNoAxeViolations(add);
    await add.click('button[value="save"]');
    await add.waitForURL(`**/tarifs/${draftId}#option-transfert`);
    await expect(add.locator('#option-transfert').textContent()).resolves.toContain('Forfait');
    await add.context().close();

    const matrix = await open(staffCookie, `/tarifs/${draftId}/options`);
    await matrix.selectOption('select[name="kind"]', 'matrix');
    await matrix.waitForSelector('select[name="p0.rowUnit"]');
    await expectNoAxeViolations(matrix);
    await matrix.context().close();
  });

  it('the editor works without script: the button shows the chosen shape’s fields', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const [name, value] = staffCookie.split('=') as [string, string];
    await context.addCookies([{ name, value, url: server.baseUrl }]);
    const page = await context.newPage();
    await page.goto(`${server.baseUrl}/tarifs/${draftId}/options`);
    await page.fill('input[name="code"]', 'sauvegarde');
    await page.fill('input[name="label"]', 'Sauvegarde');
    await page.selectOption('select[name="kind"]', 'progressive');
    await page.click('button[value="preview"] >> nth=0');
    await page.selectOption('select[name="p0.unit"]', 'gigabyte');
    for (const [j, from, to, euros] of [[0, '1', '50', '2'], [1, '51', '', '1,5']] as const) {
      await page.fill(`input[name="p0.b${j}.from"]`, from);
      await page.fill(`input[name="p0.b${j}.to"]`, to);
      await page.fill(`input[name="p0.b${j}.value"]`, euros);
    }
    await page.click('button[value="preview"] >> nth=-1');
    await page.fill('input[name="s0.gigabyte"]', '80');
    await page.click('button[value="preview"] >> nth=-1');
    // 80 Go: 50 × 2 € + 30 × 1,50 € = 145,00 €
    await expect(page.locator('section[aria-labelledby="apercu"]').textContent()).resolves.toContain('145,00');
    await page.click('button[value="save"]');
    await page.waitForURL(`**/tarifs/${draftId}#option-sauvegarde`);
    await context.close();
  });

  it('the decision PDF is attached from the grid page and linked', async () => {
    const page = await open(staffCookie, `/tarifs/${draftId}`);
    await page.setInputFiles('input[name="file"]', { name: 'decision.pdf', mimeType: 'application/pdf', buffer: PDF_BYTES });
    await page.click('form[aria-label="PDF de la décision du président"] button[type="submit"]');
    await expect(page.locator(`a[href="/tarifs/${draftId}/decision.pdf"]`).textContent()).resolves.toContain('decision.pdf');
    await expectNoAxeViolations(page);
    await page.context().close();
  });
});
