import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { importCommunes } from '../../src/modules/members/index.ts';
import { signedInMember, signedInUser, syndicateOrganisation } from '../helpers/factories.ts';
import { createBudget, createContact } from '../helpers/members-factories.ts';
import { describeBrowser, expectNoAxeViolations, launchBrowser, startSeededE2eServer, type E2eServer, openPage } from '../helpers/browser.ts';

describeBrowser('members registry in a browser', () => {
  let server: E2eServer;
  let browser: Browser;
  let staffCookie: string;
  let managerCookie: string;
  let managerOrgId: string;
  beforeAll(async () => {
    ({ server } = await startSeededE2eServer(async (ctx) => {
      const syndicate = await syndicateOrganisation(ctx);
      const staff = await signedInUser(ctx, { organisationId: syndicate.id, roles: ['finance'] });
      staffCookie = staff.cookie;
      await importCommunes({ ...ctx, actor: staff.actor }, { departement: '90' });
      const member = await signedInMember(ctx, ['manager'], { kind: 'ccas', name: 'CCAS du responsable' });
      managerCookie = member.cookie;
      managerOrgId = member.org.id;
      await createContact(ctx, member.org.id, { name: 'Ancienne secrétaire', endedOn: '2020-01-01' });
      await createBudget(ctx, member.org.id, { siret: '21900010600019', chorusStructureId: '25000001' });
    }));
    browser = await launchBrowser();
  }, 240_000);
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  const open = (cookie: string, path: string) => openPage(browser, server.baseUrl, cookie, path);

  it('list: 101 communes with official populations, search without accents, filters; no axe violation', async () => {
    const page = await open(staffCookie, '/membres?kind=commune');
    expect(await page.locator('[role="status"]').first().textContent()).toContain('101 résultats');
    await expectNoAxeViolations(page);
    await page.fill('#champ-q', 'BELFORT');
    await page.click('form.filters button[type="submit"]');
    await page.waitForURL(/q=BELFORT/);
    const row = page.locator('tr', { hasText: '90010' });
    expect(await row.textContent()).toContain('45');
    await page.fill('#champ-q', 'evette salbert');
    await page.click('form.filters button[type="submit"]');
    await page.waitForURL(/q=evette/);
    expect(await page.locator('tbody').textContent()).toContain('Évette-Salbert');
    await expectNoAxeViolations(page);
    await page.context().close();
  });

  it('sheet: every tab passes axe', async () => {
    const list = await open(staffCookie, '/membres?q=90010');
    await list.click('a:text-is("Belfort")');
    await list.waitForURL(/\/membres\/[0-9a-f-]{36}$/);
    expect(await list.locator('dl.sheet').textContent()).toContain('population de référence 2023');
    expect(await list.locator('dl.sheet').textContent()).toContain('CA Grand Belfort');
    await expectNoAxeViolations(list);
    for (const tab of ['Budgets', 'Contacts', 'Compétences', 'Délibérations']) {
      await list.click(`nav.tabs a:text-is("${tab}")`);
      await list.waitForLoadState();
      expect(await list.locator('h2').first().textContent()).toContain(tab === 'Compétences' ? 'Compétences' : tab);
      await expectNoAxeViolations(list);
    }
    await list.context().close();
  });

  it('forms: errors are announced and linked, then the member is created; no axe violation', async () => {
    const page = await open(staffCookie, '/membres/nouvelle');
    await expectNoAxeViolations(page);
    await page.fill('#champ-name', 'Commune du navigateur');
    await page.fill('#champ-inseeCode', '20001');
    await page.fill('#champ-siren', '123456789');
    await page.click('button:text-is("Enregistrer")');
    await page.waitForLoadState();
    const summary = page.locator('.error-summary');
    expect(await summary.textContent()).toContain('Corse');
    expect(await summary.textContent()).toContain('clé de contrôle');
    await expectNoAxeViolations(page);
    await page.fill('#champ-inseeCode', '2A001');
    await page.fill('#champ-siren', '');
    await page.click('button:text-is("Enregistrer")');
    await page.waitForURL(/\/membres\/[0-9a-f-]{36}$/);
    expect(await page.locator('h1').textContent()).toContain('Commune du navigateur');
    await page.context().close();
  });

  it('a manager sees their own collectivity and adds a contact; axe on the contact form', async () => {
    const page = await open(managerCookie, `/membres/${managerOrgId}/contacts`);
    expect(await page.locator('tbody').textContent()).toContain('Ancienne secrétaire');
    await page.click('a:text-is("Ajouter un contact")');
    await page.waitForLoadState();
    await expectNoAxeViolations(page);
    await page.fill('#champ-name', 'Référente du navigateur');
    await page.selectOption('#champ-function', 'referent_rgpd');
    await page.fill('#champ-phone', '+33 3 84 00 00 00');
    await page.click('button:text-is("Enregistrer")');
    await page.waitForURL(/\/contacts$/);
    expect(await page.locator('tbody').textContent()).toContain('03 84 00 00 00');
    await expectNoAxeViolations(page);
    const list = await page.goto(server.baseUrl + '/membres');
    expect(list?.status()).toBe(200);
    expect(await page.locator('tbody tr').count()).toBe(1);
    await page.context().close();
  });
});
