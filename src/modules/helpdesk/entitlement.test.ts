import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../../../test/helpers/app.ts';
import { createTestTicket, helpdeskTestApp, type HelpdeskWorld } from '../../../test/helpers/helpdesk-factories.ts';
import { activeConvention, adoptedGrid } from '../../../test/helpers/memberships-factories.ts';
import { conventionOptions } from '../memberships/schema.ts';
import { entitlementFor } from './entitlement.ts';
import { updateDomain } from './settings.ts';

let t: TestApp;
let w: HelpdeskWorld;
let number: string;
beforeAll(async () => {
  ({ t, w } = await helpdeskTestApp());
  await adoptedGrid(t.ctx, 2025, [
    { code: 'sauvegarde', label: 'Sauvegarde des données', rule: { kind: 'flat', amount: 30000 } },
    { code: 'transfert', label: 'Transfert de la compétence informatique', rule: { kind: 'flat', amount: 90000 } },
  ]);
  // Member A: a convention from 1 July 2024, first term to 30 June 2025, base maintenance only.
  const c = await activeConvention(t.ctx, w.a.org.id, { number: 'CI-2024-017' });
  number = c.number;
  // Backup held from 1 January to 28 February 2025 only (an amendment ended it).
  await t.ctx.db.insert(conventionOptions).values({ conventionId: c.id, optionCode: 'sauvegarde', gigabytes: 50, startsOn: '2025-01-01', endsOn: '2025-02-28' });
});
afterAll(() => t.close());

describe('entitlement: does the convention cover the ticket’s domain?', () => {
  it('covers the business-software domains by the base maintenance, while the convention is in force', async () => {
    for (const domain of ['comptabilite', 'elections', 'etat-civil', 'marches-publics', 'numerique']) {
      expect(await entitlementFor(t.ctx, w.a.org.id, '2025-03-03', domain)).toEqual({ covered: true, conventionNumber: number, message: 'Couvert par la convention CI-2024-017 (maintenance de base, jusqu’au 30/06/2025).' });
    }
    // The last day of the term is covered; the day after, the convention is no longer in force.
    expect((await entitlementFor(t.ctx, w.a.org.id, '2025-06-30', 'comptabilite')).covered).toBe(true);
    expect(await entitlementFor(t.ctx, w.a.org.id, '2025-07-01', 'comptabilite')).toMatchObject({ covered: false, conventionNumber: null, message: expect.stringMatching(/^Hors convention : cette collectivité n’a pas de convention de maintenance en vigueur\./) });
    expect((await entitlementFor(t.ctx, w.b.org.id, '2025-03-03', 'comptabilite')).covered).toBe(false);
  });

  it('requires one of the domain’s options, held on that day', async () => {
    // Sécurité informatique: backup or full transfer. Held on 28 February, ended since.
    expect(await entitlementFor(t.ctx, w.a.org.id, '2025-02-28', 'securite')).toEqual({ covered: true, conventionNumber: number, message: 'Couvert par la convention CI-2024-017, option « Sauvegarde des données » (jusqu’au 30/06/2025).' });
    expect(await entitlementFor(t.ctx, w.a.org.id, '2025-03-01', 'securite')).toEqual({
      covered: false,
      conventionNumber: number,
      message: 'Hors convention : le domaine « Sécurité informatique » relève de l’option « Sauvegarde des données » ou « Transfert de la compétence informatique », que la convention CI-2024-017 ne comprend pas. L’intervention reste possible ; signalez-la pour facturation ou adhésion.',
    });
    // Matériel and Réseau: the full transfer only.
    expect((await entitlementFor(t.ctx, w.a.org.id, '2025-02-28', 'materiel')).covered).toBe(false);
    expect((await entitlementFor(t.ctx, w.a.org.id, '2025-02-28', 'reseau')).covered).toBe(false);
  });

  it('follows the mapping edited in the settings', async () => {
    const tech = { ...t.ctx, actor: w.tech.actor };
    await updateDomain(tech, 'materiel', { label: 'Matériel', active: true, coveredBy: [] });
    expect((await entitlementFor(t.ctx, w.a.org.id, '2025-03-03', 'materiel')).covered).toBe(true);
    await updateDomain(tech, 'elections', { label: 'Élections', active: true, coveredBy: ['paie', 'paie'] });
    expect(await entitlementFor(t.ctx, w.a.org.id, '2025-03-03', 'elections')).toMatchObject({ covered: false, message: expect.stringContaining('relève de l’option « Connecteur paie »') });
    await updateDomain(tech, 'elections', { label: 'Élections', active: true, coveredBy: [] });
  });

  it('warns on the staff ticket page without refusing the ticket; members do not see the warning', async () => {
    t.clock.set('2025-03-03T09:00:00Z');
    const ticket = await createTestTicket(t.ctx, w.tech, w.a.org.id, { domain: 'securite', title: 'Rançongiciel sur le poste de l’accueil' });
    const staffPage = await (await t.app.request(`/assistance/tickets/${ticket.id}`, { headers: w.tech.headers })).text();
    expect(staffPage).toContain('class="notice warning" role="status">Hors convention : le domaine « Sécurité informatique »');
    const memberPage = await (await t.app.request(`/mes-demandes/${ticket.id}`, { headers: w.a.headers })).text();
    expect(memberPage).toContain('Rançongiciel');
    expect(memberPage).not.toContain('Hors convention');
  });
});
