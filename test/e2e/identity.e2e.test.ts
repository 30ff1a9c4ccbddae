import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { describeBrowser, expectNoAxeViolations, launchBrowser, startE2eServer, type E2eServer } from '../helpers/browser.ts';
import { totpCode } from '../helpers/identity.ts';

describeBrowser('identity pages in a browser', () => {
  let server: E2eServer;
  let browser: Browser;
  beforeAll(async () => {
    server = await startE2eServer();
    browser = await launchBrowser();
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('admin signs in through the form, enrols TOTP, then uses the profile and users pages (axe clean)', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const consoleErrors: string[] = [];
    page.on('console', (m) => {
      // The refused password answers 401 on purpose; anything else (CSP, script errors) is a failure.
      if (m.type() === 'error' && !m.text().includes('status of 401')) consoleErrors.push(m.text());
    });
    await page.goto(`${server.baseUrl}/connexion?suivant=%2Fadmin%2Futilisateurs`);
    await expectNoAxeViolations(page);

    // A wrong password first: the error summary is shown and accessible.
    await page.locator('#champ-email').fill(server.adminEmail);
    await page.locator('#champ-password').fill('pas le bon mot de passe');
    await page.getByRole('button', { name: 'Se connecter' }).click();
    await expect.poll(() => page.locator('.error-summary').textContent()).toContain('Adresse e-mail ou mot de passe incorrect.');
    await expectNoAxeViolations(page);

    await page.locator('#champ-email').fill(server.adminEmail);
    await page.locator('#champ-password').fill(server.adminPassword);
    await page.getByRole('button', { name: 'Se connecter' }).click();
    // An admin without a second factor is sent to enrol before anything else.
    await page.waitForURL(/\/profil\/double-authentification$/);
    await expectNoAxeViolations(page);
    const qr = page.locator('img[alt^="QR code"]');
    expect(await qr.getAttribute('src')).toMatch(/^data:image\/svg\+xml;base64,/);
    expect(await qr.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBeGreaterThan(0);
    const secret = (await page.locator('.totp-secret').textContent())!.replace(/\s/g, '');
    await page.getByLabel('Code à 6 chiffres').fill(totpCode(secret, new Date()));
    await page.getByRole('button', { name: 'Activer' }).click();
    await expect.poll(() => page.locator('h1').textContent()).toBe('Double authentification activée');
    expect(await page.locator('.recovery-codes li').count()).toBe(10);
    await expectNoAxeViolations(page);

    await page.getByRole('link', { name: 'J’ai conservé mes codes' }).click();
    await page.waitForURL(/\/profil$/);
    expect(await page.locator('h1').textContent()).toBe('Mon profil');
    await expectNoAxeViolations(page);

    await page.goto(`${server.baseUrl}/admin/utilisateurs`);
    expect(await page.locator('h1').textContent()).toBe('Utilisateurs');
    expect(await page.locator('table').textContent()).toContain(server.adminEmail);
    await expectNoAxeViolations(page);

    await page.goto(`${server.baseUrl}/admin/utilisateurs/inviter`);
    await expectNoAxeViolations(page);

    // Asking for the password again before tokens or factors change: the page is accessible too.
    await page.goto(`${server.baseUrl}/profil/confirmer?suivant=%2Fprofil`);
    expect(await page.locator('h1').textContent()).toBe('Confirmez votre identité');
    await expectNoAxeViolations(page);
    await page.locator('#champ-password').fill(server.adminPassword);
    await page.getByRole('button', { name: 'Confirmer' }).click();
    await page.waitForURL(/\/profil$/);
    expect(await page.locator('.flash').first().textContent()).toContain('Identité confirmée');
    expect(consoleErrors).toEqual([]);
    await context.close();
  }, 120_000);
});
