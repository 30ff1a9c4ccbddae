import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { auditLog } from '../../platform/audit/index.ts';
import type { TestApp } from '../../../test/helpers/app.ts';
import type { SignedIn } from '../../../test/helpers/factories.ts';
import { createTestTicket, helpdeskTestApp, type HelpdeskWorld } from '../../../test/helpers/helpdesk-factories.ts';
import { addInventoryItem, memberInventory } from './inventory.ts';
import { listDomains, loadSettings, updateDomain } from './settings.ts';

let t: TestApp;
let w: HelpdeskWorld;
beforeAll(async () => ({ t, w } = await helpdeskTestApp()));
afterAll(() => t.close());

const post = (who: SignedIn, path: string, fields: Record<string, string | string[]>) => {
  const body = new URLSearchParams({ _csrf: who.csrfToken });
  for (const [k, v] of Object.entries(fields)) for (const x of ([] as string[]).concat(v)) body.append(k, x);
  return t.app.request(path, { method: 'POST', headers: { ...who.headers, 'content-type': 'application/x-www-form-urlencoded' }, body: body.toString() });
};
const get = async (who: SignedIn, path: string) => t.app.request(path, { headers: who.headers });

/** The settings form as shown, with some fields changed. */
async function settingsForm(changes: Record<string, string>) {
  const s = await loadSettings(t.ctx);
  const fields: Record<string, string> = { nearBreachRatio: String(s.nearBreachRatio) };
  for (let d = 1; d <= 7; d++) fields[`openingHours.${d}`] = (s.openingHours[String(d) as '1'] ?? []).map(([a, b]) => `${a}-${b}`).join(', ');
  for (const [p, x] of Object.entries(s.slaTargets)) Object.assign(fields, { [`slaTargets.${p}.firstResponse`]: String(x.firstResponse), [`slaTargets.${p}.resolution`]: String(x.resolution) });
  return { ...fields, ...changes };
}

describe('helpdesk settings page', () => {
  it('shows the seeded opening hours and targets, and saves a valid change with an audit entry', async () => {
    const page = await (await get(w.tech, '/assistance/reglages')).text();
    expect(page).toContain('value="08:30-12:00, 13:30-17:00"'); // Friday
    expect(page).toContain('name="slaTargets.urgent.firstResponse" type="number" value="60"');
    const res = await post(w.tech, '/assistance/reglages', await settingsForm({ 'openingHours.6': '9:00-12:00', 'slaTargets.urgent.firstResponse': '30', nearBreachRatio: '75' }));
    expect(res.status).toBe(303);
    const s = await loadSettings(t.ctx);
    expect(s.openingHours['6']).toEqual([['09:00', '12:00']]);
    expect(s.slaTargets.urgent).toEqual({ firstResponse: 30, resolution: 480 });
    expect(s.nearBreachRatio).toBe(75);
    const [entry] = await t.ctx.db.select().from(auditLog).where(eq(auditLog.action, 'helpdesk.settings.update'));
    expect(entry).toMatchObject({ actorEmail: w.tech.user.email, entityId: '1' });
    expect(await (await get(w.tech, '/assistance/reglages')).text()).toContain('horaires et délais modifiés');
  });

  it('refuses invalid hours and targets in French, changing nothing', async () => {
    const before = await loadSettings(t.ctx);
    for (const [changes, field, message] of [
      [{ 'openingHours.1': '8h30 à midi' }, 'openingHours.1', 'Plages au format 08:30-12:00'],
      [{ 'openingHours.2': '13:30-17:30, 08:30-12:00' }, 'openingHours.2', 'Plages dans l’ordre'],
      [{ 'openingHours.3': '12:00-08:00' }, 'openingHours.3', 'Plages dans l’ordre'],
      [{ 'slaTargets.high.resolution': '60' }, 'slaTargets.high.resolution', 'La résolution ne peut pas être attendue avant la première réponse.'],
      [{ 'slaTargets.low.firstResponse': '' }, 'slaTargets.low.firstResponse', 'Nombre entier de minutes.'],
      [{ nearBreachRatio: '100' }, 'nearBreachRatio', 'Entre 1 et 99 %.'],
    ] as const) {
      const res = await post(w.tech, '/assistance/reglages', await settingsForm(changes));
      expect(res.status, field).toBe(422);
      const html = await res.text();
      expect(html).toContain(`href="#champ-${field.replace(/\./g, '-')}"`);
      expect(html).toContain(message);
    }
    expect(await loadSettings(t.ctx)).toEqual(before);
    expect((await get(w.a, '/assistance/reglages')).status).toBe(403);
    expect((await post(w.a, '/assistance/reglages', await settingsForm({}))).status).toBe(403);
  });

  it('adds, edits and deletes (after confirmation) a domain; a used or built-in one stays', async () => {
    expect((await post(w.tech, '/assistance/reglages/domaines', { label: 'Téléphonie' })).status).toBe(303);
    expect((await post(w.tech, '/assistance/reglages/domaines', { label: 'Téléphonie' })).status).toBe(409);
    const edit = await (await get(w.tech, '/assistance/reglages/domaines/telephonie')).text();
    expect(edit).toContain('Options de la convention qui couvrent ce domaine');
    expect((await post(w.tech, '/assistance/reglages/domaines/telephonie', { label: 'Téléphonie fixe', coveredBy: ['transfert', 'sauvegarde'] })).status).toBe(303);
    const d = (await listDomains(t.ctx)).find((x) => x.code === 'telephonie');
    expect(d).toMatchObject({ label: 'Téléphonie fixe', active: false, coveredBy: ['sauvegarde', 'transfert'] });
    expect(await (await get(w.tech, '/assistance/reglages')).text()).toContain('<td>Téléphonie fixe</td><td>Inactif</td><td>sauvegarde ou transfert</td>');
    const short = await post(w.tech, '/assistance/reglages/domaines/telephonie', { label: 'T', active: '1' });
    expect(short.status).toBe(422);
    expect(await short.text()).toContain('Entre 2 et 80 caractères.');
    // Built-in domains can neither be deactivated nor deleted.
    await expect(updateDomain({ ...t.ctx, actor: w.tech.actor }, 'comptabilite', { label: 'Comptabilité', active: false, coveredBy: [] })).rejects.toMatchObject({ fields: { active: 'Les six domaines du service restent actifs.' } });
    expect(await (await get(w.tech, '/assistance/reglages/domaines/comptabilite')).text()).toContain('Domaine du service : toujours actif.');
    expect(await (await get(w.tech, '/assistance/reglages')).text()).not.toContain('/assistance/reglages/domaines/comptabilite/supprimer');
    // Deletion asks for confirmation first.
    const confirm = await (await get(w.tech, '/assistance/reglages/domaines/telephonie/supprimer')).text();
    expect(confirm).toContain('Supprimer le domaine « Téléphonie fixe » ?');
    expect((await post(w.tech, '/assistance/reglages/domaines/telephonie/supprimer', { confirme: '1' })).status).toBe(303);
    expect((await listDomains(t.ctx)).some((x) => x.code === 'telephonie')).toBe(false);
    await createTestTicket(t.ctx, w.tech, w.a.org.id, { domain: 'reseau' });
    expect((await post(w.tech, '/assistance/reglages/domaines/reseau/supprimer', { confirme: '1' })).status).toBe(409);
    const trail = await t.ctx.db.select({ action: auditLog.action }).from(auditLog).where(and(eq(auditLog.entity, 'helpdesk_domain'), eq(auditLog.entityId, 'telephonie')));
    expect(trail.map((x) => x.action).sort()).toEqual(['helpdesk.domain.create', 'helpdesk.domain.delete', 'helpdesk.domain.update']);
  });
});

describe('inventory pages', () => {
  it('lets staff edit an item, re-shows typed values on error, and deletes after confirmation', async () => {
    const item = await addInventoryItem({ ...t.ctx, actor: w.tech.actor }, w.a.org.id, 'software', { publisher: 'Berger-Levrault', product: 'e.magnus', version: '7.2', modules: 'Comptabilité, Paie', licences: 3 });
    const base = `/assistance/membres/${w.a.org.id}/inventaire`;
    const form = await (await get(w.tech, `${base}/software/${item.id}/modifier`)).text();
    expect(form).toContain('value="Comptabilité, Paie"');
    expect(form).toContain('name="licences" type="number" value="3"');
    const bad = await post(w.tech, `${base}/software/${item.id}/modifier`, { publisher: 'Berger-Levrault', product: 'e.magnus', licences: '-1' });
    expect(bad.status).toBe(422);
    expect(await bad.text()).toContain('Nombre positif.');
    const ok = await post(w.tech, `${base}/software/${item.id}/modifier`, { publisher: 'Berger-Levrault', product: 'e.magnus GF', version: '8.0', modules: 'Comptabilité', licences: '4' });
    expect(ok.status).toBe(303);
    const inv = await memberInventory({ ...t.ctx, actor: w.a.actor }, w.a.org.id);
    expect(inv.software.find((s) => s.id === item.id)).toMatchObject({ product: 'e.magnus GF', version: '8.0', modules: ['Comptabilité'], licences: 4 });
    // The member sees it read-only; the staff pages are closed to them.
    const own = await (await get(w.a, '/mes-demandes/inventaire')).text();
    expect(own).toContain('e.magnus GF');
    expect(own).not.toContain('/modifier');
    for (const path of [base, `${base}/software/${item.id}/modifier`, `${base}/software/${item.id}/supprimer`]) expect((await get(w.a, path)).status, path).toBe(403);
    expect(await (await get(w.tech, `${base}/software/${item.id}/supprimer`)).text()).toContain('Supprimer cet élément d’inventaire ?');
    expect((await post(w.tech, `${base}/software/${item.id}/supprimer`, { confirme: '1' })).status).toBe(303);
    expect((await memberInventory({ ...t.ctx, actor: w.tech.actor }, w.a.org.id)).software.some((s) => s.id === item.id)).toBe(false);
  });

  it('sets the software concerned on the staff ticket page', async () => {
    const sw = await addInventoryItem({ ...t.ctx, actor: w.tech.actor }, w.a.org.id, 'software', { publisher: 'JVS', product: 'Horizon Villages' });
    const ticket = await createTestTicket(t.ctx, w.tech, w.a.org.id);
    const res = await post(w.tech, `/assistance/tickets/${ticket.id}/classer`, { priority: 'normal', domain: 'comptabilite', softwareId: sw.id });
    expect(res.status).toBe(303);
    expect(await (await get(w.a, `/mes-demandes/${ticket.id}`)).text()).toContain('<dt>Logiciel</dt><dd>Horizon Villages (JVS)</dd>');
  });
});
