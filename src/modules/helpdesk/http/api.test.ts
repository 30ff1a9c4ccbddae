import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../../../../test/helpers/app.ts';
import { createTestTicket, helpdeskTestApp, type HelpdeskWorld } from '../../../../test/helpers/helpdesk-factories.ts';

let t: TestApp;
let w: HelpdeskWorld;
beforeAll(async () => ({ t, w } = await helpdeskTestApp()));
afterAll(() => t.close());

const send = (path: string, who: { headers: Record<string, string> }, method: string, payload: unknown) =>
  t.app.request(path, { method, headers: { ...who.headers, 'content-type': 'application/json' }, body: JSON.stringify(payload) });

describe('helpdesk API dialect', () => {
  it('lists tickets in the one envelope, with English filters, and reads the French names with Deprecation', async () => {
    await createTestTicket(t.ctx, w.tech, w.a.org.id, { title: 'Imprimante du secrétariat', domain: 'materiel' });
    await createTestTicket(t.ctx, w.tech, w.b.org.id, { title: 'Liste électorale', domain: 'elections' });
    const res = await t.app.request(`/api/v1/tickets?organisationId=${w.a.org.id}&status=open&sort=number&order=asc&pageSize=50`, { headers: w.tech.headers });
    expect(res.status).toBe(200);
    expect(res.headers.get('Deprecation')).toBeNull();
    const page = await res.json();
    expect(Object.keys(page).sort()).toEqual(['items', 'page', 'pageSize', 'total']);
    expect(page).toMatchObject({ page: 1, pageSize: 50, total: 1 });
    expect(page.items.map((i: { title: string }) => i.title)).toEqual(['Imprimante du secrétariat']);
    expect(page.items[0]).toMatchObject({ organisationId: w.a.org.id, status: 'new', domain: 'materiel', memberName: 'Évette-Salbert' });
    expect(page.items[0].createdAt).toMatch(/^\d{4}-\d{2}-\d{2}T/);

    const french = await t.app.request(`/api/v1/tickets?membre=${w.a.org.id}&domaine=materiel&tri=number&ordre=asc&taille=50`, { headers: w.tech.headers });
    expect(french.status).toBe(200);
    expect(french.headers.get('Deprecation')).toBe('true');
    expect((await french.json()).items).toEqual(page.items);
  });

  it('refuses unknown filter values, sorts and page sizes with a 422 naming the allowed ones', async () => {
    const status = await t.app.request('/api/v1/tickets?status=ouvertes', { headers: w.tech.headers });
    expect(status.status).toBe(422);
    const body = await status.json();
    expect(body.fields.status).toContain('open');
    expect(body.fields.status).toContain('waiting_member');
    const size = await t.app.request('/api/v1/tickets?pageSize=500', { headers: w.tech.headers });
    expect(size.status).toBe(422);
    expect((await size.json()).fields.pageSize).toContain('100');
    const sort = await t.app.request('/api/v1/tickets?sort=title', { headers: w.tech.headers });
    expect(sort.status).toBe(422);
    expect((await sort.json()).fields.sort).toContain('createdAt');
    const channel = await t.app.request('/api/v1/workshop-items?status=perdu', { headers: w.tech.headers });
    expect(channel.status).toBe(422);
    expect((await channel.json()).fields.status).toContain('waiting_parts');
  });

  it('creates a ticket with 201 and a Location that serves it; a malformed id is a 422, an unknown one a 404', async () => {
    const res = await send('/api/v1/tickets', w.tech, 'POST', { organisationId: w.b.org.id, domain: 'numerique', title: 'Messagerie inaccessible' });
    expect(res.status).toBe(201);
    const ticket = await res.json();
    expect(res.headers.get('Location')).toBe(`/api/v1/tickets/${ticket.id}`);
    const detail = await (await t.app.request(res.headers.get('Location')!, { headers: w.tech.headers })).json();
    expect(detail.ticket).toEqual(ticket);
    expect(detail.events.map((e: { kind: string }) => e.kind)).toContain('created');
    const malformed = await t.app.request('/api/v1/tickets/------------------------------------', { headers: w.tech.headers });
    expect(malformed.status).toBe(422);
    expect((await t.app.request('/api/v1/tickets/00000000-0000-4000-8000-000000000000', { headers: w.tech.headers })).status).toBe(404);
    const status = await send(`/api/v1/tickets/${ticket.id}/status`, w.tech, 'POST', { status: 'in_progress' });
    expect(status.status).toBe(200);
    expect((await status.json()).status).toBe('in_progress');
  });

  it('types the inventory per kind: creation, change and deletion', async () => {
    const base = `/api/v1/members/${w.a.org.id}/inventory`;
    const added = await send(`${base}/equipment`, w.tech, 'POST', { kind: 'workstation', label: 'Poste de l’accueil', quantity: 3 });
    expect(added.status).toBe(201);
    expect(added.headers.get('Location')).toBe(base);
    const item = await added.json();
    expect(item).toMatchObject({ kind: 'workstation', label: 'Poste de l’accueil', quantity: 3, operatingSystem: null });
    const backup = await send(`${base}/backup`, w.tech, 'POST', { method: 'NAS', lastTestedOn: '2026-01-15' });
    expect((await backup.json()).lastTestedOn).toBe('2026-01-15');
    const changed = await send(`${base}/equipment/${item.id}`, w.tech, 'PUT', { kind: 'workstation', label: 'Poste de l’accueil', quantity: 4 });
    expect((await changed.json()).quantity).toBe(4);
    const inv = await (await t.app.request(base, { headers: w.a.headers })).json();
    expect(inv.workstations).toBe(4);
    expect(inv.backups.map((b: { method: string }) => b.method)).toEqual(['NAS']);
    expect((await send(`${base}/equipment/${item.id}`, w.tech, 'DELETE', undefined)).status).toBe(204);
    expect((await send(`${base}/equipment/${item.id}`, w.tech, 'DELETE', undefined)).status).toBe(404);
    expect((await send(`${base}/software`, w.tech, 'POST', { product: 'Sans éditeur' })).status).toBe(422);
  });

  it('receives equipment at the workshop, moves it along and lists it', async () => {
    const res = await send('/api/v1/workshop-items', w.tech, 'POST', { organisationId: w.a.org.id, assetTag: 'PC-2026-07', description: 'Unité centrale qui ne démarre plus', receivedOn: '2026-03-02' });
    expect(res.status).toBe(201);
    const item = await res.json();
    expect(await (await t.app.request(res.headers.get('Location')!, { headers: w.tech.headers })).json()).toEqual(item);
    expect(item).toMatchObject({ status: 'received', memberName: 'Évette-Salbert', returnedOn: null });
    const open = await (await t.app.request(`/api/v1/workshop-items?returned=false&organisationId=${w.a.org.id}`, { headers: w.tech.headers })).json();
    expect(open.items.map((i: { assetTag: string }) => i.assetTag)).toEqual(['PC-2026-07']);
    const back = await send(`/api/v1/workshop-items/${item.id}/status`, w.tech, 'POST', { status: 'returned', returnedOn: '2026-03-09' });
    expect(back.status).toBe(200);
    expect(await back.json()).toMatchObject({ status: 'returned', returnedOn: '2026-03-09' });
    const still = await (await t.app.request(`/api/v1/workshop-items?returned=false&organisationId=${w.a.org.id}`, { headers: w.tech.headers })).json();
    expect(still).toMatchObject({ items: [], total: 0 });
    const unknown = await send('/api/v1/workshop-items', w.tech, 'POST', { organisationId: '00000000-0000-4000-8000-000000000000', assetTag: 'X', description: 'Inconnu', receivedOn: '2026-03-02' });
    expect(unknown.status).toBe(422);
    expect((await t.app.request('/api/v1/workshop-items', { headers: w.a.headers })).status).toBe(403);
  });

  it('plans visits and lists a technician’s week', async () => {
    const res = await send('/api/v1/visits', w.tech, 'POST', { organisationId: w.b.org.id, technicianId: w.tech.user.id, day: '2026-04-07', time: '10:15', purpose: 'Installation du nouveau serveur' });
    expect(res.status).toBe(201);
    const visit = await res.json();
    expect(visit.startsAt).toBe('2026-04-07T08:15:00.000Z');
    expect(await (await t.app.request(res.headers.get('Location')!, { headers: w.tech.headers })).json()).toEqual(visit);
    const week = await (await t.app.request(`/api/v1/visits?technicianId=${w.tech.user.id}&from=2026-04-06&to=2026-04-12`, { headers: w.tech.headers })).json();
    expect(week).toMatchObject({ total: 1, items: [{ id: visit.id, memberName: 'Giromagny', purpose: 'Installation du nouveau serveur' }] });
    const later = await (await t.app.request(`/api/v1/visits?technicianId=${w.tech.user.id}&from=2026-04-08`, { headers: w.tech.headers })).json();
    expect(later.items).toEqual([]);
    const bad = await t.app.request('/api/v1/visits?from=07/04/2026', { headers: w.tech.headers });
    expect(bad.status).toBe(422);
    expect((await bad.json()).fields.from).toBeDefined();
    const feed = await t.app.request('/api/v1/calendar-feed', { method: 'POST', headers: w.tech.headers });
    expect(feed.status).toBe(200);
    const { url } = await feed.json();
    const ics = await t.app.request(new URL(url).pathname);
    expect(await ics.text()).toContain('Installation du nouveau serveur');
    expect((await t.app.request('/api/v1/visits', { headers: w.b.headers })).status).toBe(403);
  });

  it('shows the current week for a malformed week in the planning URL', async () => {
    for (const week of ['2026-13-45', 'semaine', '0000-00-00']) {
      const res = await t.app.request(`/assistance/planning?semaine=${week}`, { headers: w.tech.headers });
      expect(res.status, week).toBe(200);
      expect(await res.text()).toContain('Planning des déplacements — semaine du');
    }
  });

  it('answers a 404 page, never a 500, to malformed ids in page URLs', async () => {
    const pages = (id: string) => [`/assistance/tickets/${id}`, `/mes-demandes/${id}`, `/assistance/membres/${id}/inventaire`, `/assistance/tickets/${id}/pieces/${id}`];
    for (const id of ['-'.repeat(36), 'x'.repeat(5000), encodeURIComponent('é'.repeat(36)), '0000000000000000000000000000000000g0']) {
      for (const path of pages(id)) expect((await t.app.request(path, { headers: w.tech.headers })).status, path.slice(0, 80)).toBe(404);
    }
    // A NUL byte is refused by the platform before any route (422), or finds no route (404): never a 500.
    for (const path of pages('%00')) expect([404, 422], path).toContain((await t.app.request(path, { headers: w.tech.headers })).status);
  });

  it('refuses the service’s pages and API to a collectivity (403)', async () => {
    const gets = ['/assistance', '/assistance/appel', '/assistance/atelier', '/assistance/planning', '/assistance/tri', '/assistance/reglages', '/assistance/reglages/domaines/comptabilite', '/assistance/reglages/domaines/comptabilite/supprimer'];
    for (const path of gets) expect((await t.app.request(path, { headers: w.b.headers })).status, path).toBe(403);
    const id = '00000000-0000-4000-8000-000000000000';
    const forms = ['/assistance/vues', `/assistance/vues/${id}/supprimer`, '/assistance/appel', '/assistance/atelier', '/assistance/planning', '/assistance/planning/agenda', `/assistance/tri/${id}`, '/assistance/reglages', '/assistance/reglages/domaines', '/assistance/reglages/domaines/comptabilite', '/assistance/reglages/domaines/comptabilite/supprimer'];
    for (const path of forms) {
      const res = await t.app.request(path, { method: 'POST', headers: { ...w.b.headers, 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ _csrf: w.b.csrfToken, name: 'Intrusion', label: 'Intrusion', membre: w.b.org.name }).toString() });
      expect(res.status, path).toBe(403);
    }
    expect((await send('/api/v1/tickets/calls', w.b, 'POST', { organisationId: w.b.org.id, channel: 'phone', domain: 'comptabilite', title: 'Intrusion', durationMinutes: 5 })).status).toBe(403);
    expect((await t.app.request('/api/v1/calendar-feed', { method: 'POST', headers: w.b.headers })).status).toBe(403);
  });
});
