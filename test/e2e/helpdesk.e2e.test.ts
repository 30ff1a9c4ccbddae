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
  let agentOrgId: string;
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
    agentOrgId = agent.org.id;
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

  it('a technician logs a phone call in one form and one submit', async () => {
    const page = await open(techCookie, '/assistance/appel');
    await expectNoAxeViolations(page);
    let loads = 0;
    page.on('load', () => loads++);
    await page.getByLabel('Collectivité (quelques lettres du nom ou code INSEE)').fill('90010');
    await page.getByLabel('Domaine').selectOption('comptabilite');
    await page.getByLabel('Objet').fill('Rejet de mandat par la trésorerie');
    await page.getByLabel('Ce qui a été fait').fill('Bordereau corrigé et renvoyé');
    await page.getByLabel('Durée (minutes)').fill('7');
    await page.getByRole('button', { name: 'Enregistrer l’appel' }).click();
    await page.waitForSelector('text=Appel enregistré');
    expect(loads).toBe(1);
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

  it('staff edit opening hours, targets and domains on an accessible settings page', async () => {
    const page = await open(techCookie, '/assistance/reglages');
    expect(await page.textContent('nav.main')).not.toContain('Mes demandes');
    await expectNoAxeViolations(page);
    await page.getByLabel('Plages du samedi').fill('9:00-12:00');
    await page.getByLabel('Résolution (minutes ouvrées)').first().fill('10');
    await page.getByRole('button', { name: 'Enregistrer les horaires et délais' }).click();
    await page.waitForSelector('text=Le formulaire contient une erreur');
    await expectNoAxeViolations(page);
    await page.getByLabel('Résolution (minutes ouvrées)').first().fill('480');
    await page.getByLabel('Première réponse (minutes ouvrées)').first().fill('30');
    await page.getByRole('button', { name: 'Enregistrer les horaires et délais' }).click();
    await page.waitForSelector('text=Les horaires et délais ont été enregistrés');
    expect(await page.getByLabel('Plages du samedi').inputValue()).toBe('09:00-12:00');
    await page.getByLabel('Nouveau domaine').fill('Téléphonie');
    await page.getByRole('button', { name: 'Ajouter le domaine' }).click();
    await page.waitForSelector('text=Le domaine « Téléphonie » a été ajouté.');
    await page.getByRole('link', { name: 'Modifier Téléphonie' }).click();
    await expectNoAxeViolations(page);
    await page.getByLabel('Actif (proposé dans les formulaires)').check();
    await page.getByRole('button', { name: 'Enregistrer le domaine' }).click();
    await page.waitForSelector('text=Le domaine « Téléphonie » a été enregistré.');
    await page.getByRole('link', { name: 'Supprimer Téléphonie' }).click();
    await page.waitForSelector('text=Supprimer le domaine « Téléphonie » ?');
    await expectNoAxeViolations(page);
    await page.getByRole('button', { name: 'Supprimer le domaine' }).click();
    await page.waitForSelector('text=Le domaine « Téléphonie » a été supprimé.');
    expect(await page.textContent('main')).toContain('domaine supprimé (telephonie)');
    await expectNoAxeViolations(page);
  });

  it('staff keep a member’s inventory; the member’s users see it read-only', async () => {
    const base = `/assistance/membres/${agentOrgId}/inventaire`;
    const page = await open(techCookie, base);
    await expectNoAxeViolations(page);
    await page.getByLabel('Éditeur').fill('Berger-Levrault');
    await page.getByLabel('Produit').fill('e.magnus');
    await page.getByLabel('Licences').fill('-2');
    await page.getByRole('button', { name: 'Ajouter le logiciel' }).click();
    await page.waitForSelector('text=Nombre positif.');
    await expectNoAxeViolations(page);
    await page.getByLabel('Licences').fill('2');
    await page.getByRole('button', { name: 'Ajouter le logiciel' }).click();
    await page.waitForSelector('text=L’inventaire a été mis à jour.');
    await page.getByRole('link', { name: 'Modifier e.magnus' }).click();
    await expectNoAxeViolations(page);
    await page.getByLabel('Version').fill('8.0');
    await page.getByRole('button', { name: 'Enregistrer' }).click();
    await page.waitForSelector('text=L’élément a été modifié.');
    await page.getByLabel('Désignation').fill('Postes du secrétariat');
    await page.getByLabel('Quantité').fill('4');
    await page.getByRole('button', { name: 'Ajouter le matériel' }).click();
    await page.waitForSelector('text=Postes de travail : 4');
    await page.getByRole('link', { name: 'Supprimer Postes du secrétariat' }).click();
    await expectNoAxeViolations(page);
    await page.getByRole('button', { name: 'Supprimer l’élément' }).click();
    await page.waitForSelector('text=L’élément a été supprimé.');

    const member = await open(agentCookie, '/mes-demandes/inventaire');
    expect(await member.textContent('main')).toContain('8.0');
    expect(await member.getByRole('link', { name: /Modifier/ }).count()).toBe(0);
    expect(await member.textContent('nav.main')).toContain('Mes demandes');
    await expectNoAxeViolations(member);
  });
});
