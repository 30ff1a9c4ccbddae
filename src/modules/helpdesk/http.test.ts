import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../../../test/helpers/app.ts';
import { createTestTicket, helpdeskTestApp, type HelpdeskWorld } from '../../../test/helpers/helpdesk-factories.ts';
import { addComment } from './comments.ts';
import { planVisit, resetCalendarToken } from './planning.ts';
import { setUserActive } from '../identity/admin-users.ts';
import { signedInStaff } from '../../../test/helpers/factories.ts';

let t: TestApp;
let w: HelpdeskWorld;
beforeAll(async () => ({ t, w } = await helpdeskTestApp()));
afterAll(() => t.close());

describe('helpdesk API and pages', () => {
  it('serves the API in OpenAPI and keeps members to their own tickets (A vs B)', async () => {
    const spec = await (await t.app.request('/api/openapi.json')).json();
    for (const p of ['/api/v1/tickets', '/api/v1/tickets/{id}/interventions', '/api/v1/tickets/{id}/comments', '/api/v1/members/{id}/inventory']) expect(spec.paths[p]).toBeDefined();
    const ticket = await createTestTicket(t.ctx, w.a, w.a.org.id);
    await addComment({ ...t.ctx, actor: w.tech.actor }, ticket.id, { body: 'secret interne', internal: true });
    for (const path of [`/api/v1/tickets/${ticket.id}`, `/api/v1/tickets/${ticket.id}/comments`, `/api/v1/tickets/${ticket.id}/interventions`, `/mes-demandes/${ticket.id}`]) {
      expect((await t.app.request(path, { headers: w.b.headers })).status, path).toBe(404);
    }
    expect((await t.app.request(`/api/v1/members/${w.a.org.id}/inventory`, { headers: w.b.headers })).status).toBe(403);
    const own = await t.app.request(`/api/v1/tickets/${ticket.id}/comments`, { headers: w.a.headers });
    expect(own.status).toBe(200);
    expect(JSON.stringify(await own.json())).not.toContain('secret interne');
    const page = await t.app.request(`/mes-demandes/${ticket.id}`, { headers: w.a.headers });
    expect(await page.text()).not.toContain('secret interne');
    await createTestTicket(t.ctx, w.b, w.b.org.id);
    const list = await (await t.app.request('/api/v1/tickets', { headers: w.b.headers })).json();
    expect(list.items.length).toBeGreaterThan(0);
    expect(list.items.every((r: { organisationId: string }) => r.organisationId === w.b.org.id)).toBe(true);
    expect((await t.app.request('/assistance', { headers: w.a.headers })).status).toBe(403);
    expect((await t.app.request('/api/v1/tickets', {})).status).toBe(401);
  });

  it('creates through the API, filters the queue with French search and exports CSV', async () => {
    const res = await t.app.request('/api/v1/tickets', { method: 'POST', headers: { ...w.tech.headers, 'content-type': 'application/json' }, body: JSON.stringify({ organisationId: w.b.org.id, domain: 'etat-civil', title: 'Actes de décès non imprimés', description: 'Les imprimantes échouent' }) });
    expect(res.status).toBe(201);
    const bad = await t.app.request('/api/v1/tickets', { method: 'POST', headers: { ...w.tech.headers, 'content-type': 'application/json' }, body: JSON.stringify({ organisationId: w.b.org.id, domain: 'inconnu', title: 'x' }) });
    expect(bad.status).toBe(422);
    const found = await (await t.app.request('/api/v1/tickets?q=deces%20imprimante', { headers: w.tech.headers })).json();
    expect(found.items.map((r: { title: string }) => r.title)).toEqual(['Actes de décès non imprimés']);
    const csv = await t.app.request('/assistance?format=csv&domaine=etat-civil', { headers: w.tech.headers });
    expect(csv.headers.get('content-type')).toContain('text/csv');
    expect(await csv.text()).toContain('Actes de décès non imprimés');
    const xlsx = await t.app.request('/assistance?format=xlsx', { headers: w.tech.headers });
    expect(xlsx.headers.get('content-type')).toContain('spreadsheetml');
  });

  it('logs a call from the one-step form and explains when no member matches', async () => {
    const form = await t.app.request('/assistance/appel', { headers: w.tech.headers });
    expect(await form.text()).toContain('datalist');
    const post = (fields: Record<string, string>) => t.app.request('/assistance/appel', { method: 'POST', headers: { ...w.tech.headers, 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ _csrf: w.tech.csrfToken, channel: 'phone', domain: 'comptabilite', title: 'Rejet de mandat', durationMinutes: '6', resolved: '1', ...fields }).toString() });
    const done = await post({ membre: w.a.org.inseeCode! });
    expect(done.status).toBe(303);
    const none = await post({ membre: 'zzzz-inexistante' });
    expect(none.status).toBe(422);
    expect(await none.text()).toContain('Aucune collectivité ne correspond');
  });

  it('serves a technician’s iCal feed by secret token only', async () => {
    const tech = { ...t.ctx, actor: w.tech.actor };
    await planVisit(tech, { organisationId: w.a.org.id, technicianId: w.tech.user.id, day: '2026-03-10', time: '09:30', purpose: 'Remplacement du serveur' });
    const token = await resetCalendarToken(tech);
    const ics = await t.app.request(`/assistance/agenda/${token}.ics`);
    expect(ics.status).toBe(200);
    const text = await ics.text();
    expect(text).toContain('BEGIN:VCALENDAR');
    expect(text).toContain('Remplacement du serveur');
    expect((await t.app.request(`/assistance/agenda/${'x'.repeat(32)}.ics`)).status).toBe(404);
    const planning = await t.app.request('/assistance/planning?semaine=2026-03-10', { headers: w.tech.headers });
    expect(await planning.text()).toContain('Remplacement du serveur');
  });

  it('stops serving a deactivated technician’s iCal feed (issue 25)', async () => {
    const tech = await signedInStaff(t.ctx, ['technician']);
    const as = { ...t.ctx, actor: tech.actor };
    await planVisit(as, { organisationId: w.b.org.id, technicianId: tech.user.id, day: '2026-03-11', time: '14:00', purpose: 'Audit du réseau de la mairie' });
    const token = await resetCalendarToken(as);
    const before = await t.app.request(`/assistance/agenda/${token}.ics`);
    expect(before.status).toBe(200);
    expect(await before.text()).toContain('Audit du réseau de la mairie');
    const admin = await signedInStaff(t.ctx, ['admin']);
    await setUserActive({ ...t.ctx, actor: admin.actor }, tech.user.id, false);
    const after = await t.app.request(`/assistance/agenda/${token}.ics`);
    expect(after.status).toBe(404);
    expect(await after.text()).not.toContain('Audit du réseau de la mairie');
  });
});
