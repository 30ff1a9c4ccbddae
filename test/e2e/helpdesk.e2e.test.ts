import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { systemClock } from '../../src/platform/context.ts';
import { openDatabase, runMigrations } from '../../src/platform/db/index.ts';
import { addComment } from '../../src/modules/helpdesk/comments.ts';
import { createOrganisation, signedInMember, signedInStaff } from '../helpers/factories.ts';
import { createTestTicket } from '../helpers/helpdesk-factories.ts';
import { describeBrowser, expectNoAxeViolations, launchBrowser, startE2eServer, type E2eServer, openPage } from '../helpers/browser.ts';

describeBrowser('helpdesk in a browser', () => {
  let server: E2eServer;
  let browser: Browser;
  let dataDir: string;
  let techCookie: string;
  let agentCookie: string;
  let ticketId: string;
  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'mutualis-helpdesk-e2e-'));
    const handle = await openDatabase({ driver: 'pglite', dataDir });
    await runMigrations(handle);
    const config = loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'silent' });
    const ctx = { db: handle.db, actor: null, clock: systemClock, log: pino({ level: 'silent' }), config };
    const tech = await signedInStaff(ctx, ['technician']);
    techCookie = tech.cookie;
    await createOrganisation(ctx, { name: 'Belfort', inseeCode: '90010' });
    await createOrganisation(ctx, { name: 'Bessoncourt', inseeCode: '90012' });
    const agent = await signedInMember(ctx, ['agent'], { name: 'Évette-Salbert', inseeCode: '90042' });
    agentCookie = agent.cookie;
    const ticket = await createTestTicket(ctx, agent, agent.org.id);
    ticketId = ticket.id;
    await addComment({ ...ctx, actor: tech.actor }, ticket.id, { body: 'Note réservée au service', internal: true });
    await addComment({ ...ctx, actor: tech.actor }, ticket.id, { body: 'Nous avons relancé le flux.' });
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

  it('a technician logs a phone call in under 15 seconds', async () => {
    const page = await open(techCookie, '/assistance/appel');
    await expectNoAxeViolations(page);
    const started = Date.now();
    await page.getByLabel('Collectivité (quelques lettres du nom ou code INSEE)').fill('90010');
    await page.getByLabel('Domaine').selectOption('comptabilite');
    await page.getByLabel('Objet').fill('Rejet de mandat par la trésorerie');
    await page.getByLabel('Ce qui a été fait').fill('Bordereau corrigé et renvoyé');
    await page.getByLabel('Durée (minutes)').fill('7');
    await page.getByRole('button', { name: 'Enregistrer l’appel' }).click();
    await page.waitForSelector('text=Appel enregistré');
    const elapsed = Date.now() - started;
    expect(elapsed).toBeLessThan(15_000);
    process.stdout.write(`\nSaisie d’un appel : ${elapsed} ms\n`);
    // Letters matching two members: the form asks which one, keeping what was typed.
    await page.getByLabel('Collectivité (quelques lettres du nom ou code INSEE)').fill('Be');
    await page.getByLabel('Objet').fill('Question');
    await page.getByRole('button', { name: 'Enregistrer l’appel' }).click();
    await page.waitForSelector('text=Plusieurs collectivités correspondent');
    await expectNoAxeViolations(page);
    await page.getByLabel('Bessoncourt (90012)').check();
    await page.getByRole('button', { name: 'Enregistrer l’appel' }).click();
    await page.waitForSelector('text=Appel enregistré');
  });

  it('staff pages have no accessibility violation', async () => {
    for (const path of ['/assistance', `/assistance/tickets/${ticketId}`, '/assistance/atelier', '/assistance/planning', '/assistance/tri']) {
      const page = await open(techCookie, path);
      await expectNoAxeViolations(page);
      await page.context().close();
    }
  });

  it('a member follows their request without internal notes, and opens a new one', async () => {
    const page = await open(agentCookie, `/mes-demandes/${ticketId}`);
    expect(await page.textContent('main')).toContain('Nous avons relancé le flux.');
    expect(await page.textContent('main')).not.toContain('Note réservée au service');
    await expectNoAxeViolations(page);
    await page.goto(`${server.baseUrl}/mes-demandes/nouvelle`);
    await expectNoAxeViolations(page);
    await page.getByLabel('Objet').fill('Scanner introuvable');
    await page.getByLabel('Domaine').selectOption('materiel');
    await page.getByLabel('Description').fill('Le scanner du secrétariat n’apparaît plus.');
    await page.getByRole('button', { name: 'Envoyer la demande' }).click();
    await page.waitForSelector('text=a été enregistrée');
    await page.goto(`${server.baseUrl}/mes-demandes`);
    expect(await page.textContent('main')).toContain('Scanner introuvable');
    await expectNoAxeViolations(page);
  });
});
