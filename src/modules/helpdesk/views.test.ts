import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../../../test/helpers/app.ts';
import { signedInStaff, type SignedIn } from '../../../test/helpers/factories.ts';
import { createTestTicket, helpdeskTestApp, type HelpdeskWorld } from '../../../test/helpers/helpdesk-factories.ts';
import { listSavedViews } from './queue.ts';

let t: TestApp;
let w: HelpdeskWorld;
let other: SignedIn;
beforeAll(async () => {
  ({ t, w } = await helpdeskTestApp());
  other = await signedInStaff(t.ctx, ['technician']);
});
afterAll(() => t.close());

const form = (who: SignedIn, path: string, fields: Record<string, string>) =>
  t.app.request(path, { method: 'POST', headers: { ...who.headers, 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ _csrf: who.csrfToken, ...fields }).toString() });
const page = async (who: SignedIn, path: string) => (await t.app.request(path, { headers: who.headers })).text();

describe('saved views of the staff queue', () => {
  it('saves the known filters under a name, lists them, applies them and deletes them', async () => {
    await createTestTicket(t.ctx, w.tech, w.a.org.id, { domain: 'elections', title: 'Listes électorales à éditer' });
    await createTestTicket(t.ctx, w.tech, w.a.org.id, { domain: 'comptabilite', title: 'Mandat en double' });
    const saved = await form(w.tech, '/assistance/vues', { name: 'Élections', query: 'domaine=elections&statut=ouvertes&inconnu=1' });
    expect(saved.status).toBe(303);
    const [view] = await listSavedViews({ ...t.ctx, actor: w.tech.actor });
    // Unknown parameters are dropped; the view is the query string of the queue.
    expect(view).toMatchObject({ name: 'Élections', query: 'statut=ouvertes&domaine=elections' });
    const queue = await page(w.tech, '/assistance');
    expect(queue).toContain('href="/assistance?statut=ouvertes&amp;domaine=elections">Élections</a>');
    const applied = await page(w.tech, `/assistance?${view!.query}`);
    expect(applied).toContain('Listes électorales à éditer');
    expect(applied).not.toContain('Mandat en double');
    // A name too short changes nothing.
    expect((await form(w.tech, '/assistance/vues', { name: 'x', query: 'domaine=elections' })).status).toBe(422);
    expect(await listSavedViews({ ...t.ctx, actor: w.tech.actor })).toHaveLength(1);

    expect((await form(w.tech, `/assistance/vues/${view!.id}/supprimer`, {})).status).toBe(303);
    expect(await listSavedViews({ ...t.ctx, actor: w.tech.actor })).toEqual([]);
    expect(await page(w.tech, '/assistance')).not.toContain('Mes vues');
  });

  it('never shows nor deletes another user’s views', async () => {
    await form(w.tech, '/assistance/vues', { name: 'Mes urgences personnelles', query: 'sla=breached' });
    const [mine] = await listSavedViews({ ...t.ctx, actor: w.tech.actor });
    expect(await page(other, '/assistance')).not.toContain('Mes urgences personnelles');
    expect(await listSavedViews({ ...t.ctx, actor: other.actor })).toEqual([]);
    expect((await form(other, `/assistance/vues/${mine!.id}/supprimer`, {})).status).toBe(404);
    expect((await listSavedViews({ ...t.ctx, actor: w.tech.actor })).map((v) => v.id)).toEqual([mine!.id]);
    // Members have no queue, hence no views.
    expect((await form(w.a, '/assistance/vues', { name: 'Intrusion', query: '' })).status).toBe(403);
  });

  it('shows staff the queue and members « Mes demandes » in the navigation', async () => {
    const nav = (html: string) => /<nav class="main"[\s\S]*?<\/nav>/.exec(html)![0];
    const staffNav = nav(await page(w.tech, '/assistance'));
    expect(staffNav).toContain('href="/assistance"');
    expect(staffNav).not.toContain('Mes demandes');
    const memberNav = nav(await page(w.a, '/mes-demandes'));
    expect(memberNav).toContain('Mes demandes');
    expect(memberNav).not.toContain('href="/assistance"');
  });
});
