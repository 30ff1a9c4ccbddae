import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { createTestApp, type TestApp } from '../../../test/helpers/app.ts';
import { signedInAdmin } from '../../../test/helpers/admin-factories.ts';
import { signedInMember, signedInStaff, type SignedIn } from '../../../test/helpers/factories.ts';
import { audit } from '../../platform/audit/index.ts';
import { createWorker, enqueue, jobs } from '../../platform/jobs/index.ts';
import { sendMail } from '../../platform/mail/index.ts';
import { RETENTION_DAYS } from './jobs.ts';

let t: TestApp;
let dataDir: string;
let admin: SignedIn;
let otherAdmin: SignedIn;
let member: SignedIn & { org: { id: string; name: string } };
let technician: SignedIn;
const get = (path: string, who?: SignedIn) => t.app.request(path, { headers: who?.headers ?? {} });
const post = (path: string, who: SignedIn, form: Record<string, string> = {}) =>
  t.app.request(path, { method: 'POST', headers: { ...who.headers, 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ _csrf: who.csrfToken, ...form }).toString() });
const worker = () => createWorker({ db: t.db.db, clock: t.clock, log: t.ctx.log, config: t.config });

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'mutualis-admin-'));
  t = await createTestApp({ DATA_DIR: dataDir });
  admin = await signedInAdmin(t.ctx);
  otherAdmin = await signedInAdmin(t.ctx);
  technician = await signedInStaff(t.ctx, ['technician']);
  member = await signedInMember(t.ctx, ['manager']);
}, 120_000);
afterAll(async () => {
  await t.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('admin pages: access', () => {
  const pages: Record<string, string> = { '/admin': '<h1>Administration</h1>', '/admin/journal': '<h1>Journal d&#39;audit</h1>', '/admin/boite-d-envoi': '<h1>Boîte d&#39;envoi</h1>', '/admin/taches': '<h1>Tâches de fond</h1>' };

  it('sends the anonymous to sign in, and refuses members and non-admin staff', async () => {
    for (const [path, heading] of Object.entries(pages)) {
      const anon = await get(path);
      expect(anon.status, path).toBe(303);
      expect(anon.headers.get('location')).toContain('/connexion');
      expect((await get(path, member)).status, path).toBe(403);
      expect((await get(path, technician)).status, path).toBe(403);
      const page = await get(path, admin);
      expect(page.status, path).toBe(200);
      expect(await page.text(), path).toContain(heading);
    }
    expect((await post('/admin/boite-d-envoi/essai', member)).status).toBe(403);
    expect((await post('/admin/journal/export', member)).status).toBe(403);
  });

  it('answers a 404 page, never a 500, to a malformed id in a page path', async () => {
    const malformed = ['------------------------------------', 'a'.repeat(5_000), '%C3%A9t%C3%A9-%F0%9F%98%80', '00000000-0000-0000-0000-00000000000g'];
    for (const base of ['/admin/journal/', '/admin/taches/', '/admin/boite-d-envoi/', '/taches/']) {
      for (const id of malformed) {
        const res = await get(`${base}${id}`, admin);
        expect(res.status, `${base}${id.slice(0, 40)}`).toBe(404);
        expect(await res.text()).toContain('introuvable');
      }
    }
    expect((await get('/taches/------------------------------------/fichier', admin)).status).toBe(404);
    // A NUL byte: refused as such by the platform, or not found by the page; never an error.
    expect([404, 422]).toContain((await get('/admin/journal/%00', admin)).status);
  });

  it('shows the Administration entry only to admins', async () => {
    expect(await (await get('/', admin)).text()).toContain('href="/admin"');
    expect(await (await get('/', member)).text()).not.toContain('href="/admin"');
  });
});

describe("journal d'audit", () => {
  beforeAll(async () => {
    const at = (iso: string) => ({ ...t.ctx, actor: admin.actor, clock: { now: () => new Date(iso) } });
    // 2026-03-09 23:30 UTC is 10 March 00:30 in Paris: the Paris day decides the filter.
    await audit(at('2026-03-09T23:30:00Z'), { action: 'member.update', entity: 'organisation', entityId: member.org.id, organisationId: member.org.id, before: { name: 'Ancien nom', population: 120 }, after: { name: 'Nouveau nom', population: 120 } });
    await audit({ ...t.ctx, actor: technician.actor, clock: { now: () => new Date('2026-03-09T12:00:00Z') } }, { action: 'ticket.create', entity: 'ticket', entityId: 'T-1', after: { title: 'Panne' } });
    for (let i = 0; i < 25; i++) await audit(at(`2026-02-01T10:${String(i).padStart(2, '0')}:00Z`), { action: 'bulk.touch', entity: 'bulk', entityId: String(i) });
  }, 120_000);

  it('filters by author, entity, action, organisation and Paris calendar days', async () => {
    const html = async (qs: string) => (await get(`/admin/journal?${qs}`, admin)).text();
    expect(await html(`acteur=${encodeURIComponent(technician.user.email)}`)).toContain('ticket.create');
    expect(await html(`acteur=${encodeURIComponent(technician.user.email)}`)).not.toContain('member.update');
    expect(await html('entite=organisation')).toContain('member.update');
    expect(await html('action=ticket')).not.toContain('member.update');
    const byOrg = await html(`organisation=${member.org.id}`);
    expect(byOrg).toContain('member.update');
    expect(byOrg).toContain('1 résultat');
    const tenth = await html('du=2026-03-10&au=2026-03-10');
    expect(tenth).toContain('member.update');
    expect(tenth).not.toContain('ticket.create');
    const ninth = await html('du=2026-03-09&au=2026-03-09');
    expect(ninth).toContain('ticket.create');
    expect(ninth).not.toContain('member.update');
  });

  it('paginates, and refuses an invalid period in French', async () => {
    const page1 = await (await get('/admin/journal?entite=bulk&taille=20', admin)).text();
    expect(page1).toContain('25 résultats');
    expect(page1).toContain('page 1 sur 2');
    const page2 = await (await get('/admin/journal?entite=bulk&taille=20&page=2', admin)).text();
    expect(page2.match(/bulk\.touch/g)?.length).toBe(5);
    const bad = await get('/admin/journal?du=2026-13-45', admin);
    expect(bad.status).toBe(422);
    const reversed = await get('/admin/journal?du=2026-03-10&au=2026-03-01', admin);
    expect(await reversed.text()).toContain('La période demandée n’est pas valide.');
  });

  it('shows an entry with its field-by-field diff, and exports the list as CSV', async () => {
    const list = await (await get('/admin/journal?entite=organisation', admin)).text();
    const id = list.match(/href="\/admin\/journal\/([0-9a-f-]{36})"/)?.[1];
    expect(id).toBeDefined();
    const detail = await (await get(`/admin/journal/${id}`, admin)).text();
    expect(detail).toMatch(/<tr class="changed"><th scope="row">name<\/th><td>Ancien nom<\/td><td>Nouveau nom<\/td><td>Oui<\/td><\/tr>/);
    expect(detail).toMatch(/<th scope="row">population<\/th><td>120<\/td><td>120<\/td><td>Non<\/td>/);
    expect(detail).toContain(member.org.name);
    const csv = await get('/admin/journal?entite=organisation&format=csv', admin);
    expect(csv.headers.get('content-type')).toContain('text/csv');
    expect(await csv.text()).toContain('member.update');
    expect((await get(`/admin/journal/${id}`, member)).status).toBe(403);
    expect((await get('/admin/journal/00000000-0000-0000-0000-000000000000', admin)).status).toBe(404);
  });

  it('exports the whole filtered journal in the background; only the starter follows and downloads it', async () => {
    const res = await post('/admin/journal/export', admin, { entite: 'bulk' });
    expect(res.status).toBe(303);
    const location = res.headers.get('location')!;
    expect(location).toMatch(/^\/taches\/[0-9a-f-]{36}$/);
    const queued = await (await get(location, admin)).text();
    expect(queued).toContain('En attente');
    expect(queued).toContain('data-job-progress');
    expect(await worker().drain()).toBeGreaterThanOrEqual(1);
    const done = await (await get(location, admin)).text();
    expect(done).toContain('Terminée');
    expect(done).toContain('Fichier prêt');
    const api = (await (await get(`/api/v1/jobs/${location.split('/').pop()}/progress`, admin)).json()) as { status: string; progress: number; downloadUrl: string };
    expect(api).toMatchObject({ status: 'succeeded', progress: 100, downloadUrl: `${location}/fichier` });
    const file = await get(`${location}/fichier`, admin);
    expect(file.headers.get('content-disposition')).toContain('journal-audit-');
    const lines = (await file.text()).trim().split('\r\n');
    expect(lines).toHaveLength(26);
    expect(lines[1]).toContain('bulk.touch');
    for (const who of [otherAdmin, member]) {
      expect((await get(location, who)).status).toBe(404);
      expect((await get(`${location}/fichier`, who)).status).toBe(404);
      expect((await get(`/api/v1/jobs/${location.split('/').pop()}/progress`, who)).status).toBe(404);
    }
    const trail = await (await get('/admin/journal?action=audit.export', admin)).text();
    expect(trail).toContain('audit.export');
  });
});

describe("boîte d'envoi", () => {
  it('lists stored mails with filters, shows one, and sends a test message to the admin', async () => {
    await sendMail(t.ctx, { to: 'maire@commune.test', subject: 'Convocation au comité', text: 'Le comité se réunira le 12 mars.' });
    await sendMail(t.ctx, { to: 'dgs@autre.test', subject: 'Relance cotisation', text: 'Merci de régler.' });
    const all = await (await get('/admin/boite-d-envoi', admin)).text();
    expect(all).toContain('Convocation au comité');
    expect(all).toContain('Aucun serveur SMTP');
    const filtered = await (await get('/admin/boite-d-envoi?q=maire', admin)).text();
    expect(filtered).toContain('Convocation au comité');
    expect(filtered).not.toContain('Relance cotisation');
    expect(await (await get('/admin/boite-d-envoi?statut=sent', admin)).text()).toContain('Aucun courriel ne correspond');

    const sent = await post('/admin/boite-d-envoi/essai', admin);
    expect(sent.status).toBe(303);
    const detailUrl = sent.headers.get('location')!;
    expect(detailUrl).toMatch(/^\/admin\/boite-d-envoi\/[0-9a-f-]{36}$/);
    const detail = await (await get(detailUrl, admin)).text();
    expect(detail).toContain(admin.user.email);
    expect(detail).toContain('Ce message vérifie l’envoi des courriels');
    expect((await get(detailUrl, member)).status).toBe(403);
  });
});

describe('tâches de fond', () => {
  it('lists jobs with status and errors, filters them and shows one', async () => {
    const failed = await enqueue({ ...t.ctx, actor: admin.actor }, 'admin.inconnue', { x: 1 });
    await t.ctx.db.update(jobs).set({ status: 'failed', attempts: 5, lastError: 'Serveur injoignable' }).where(eq(jobs.id, failed.id));
    const list = await (await get('/admin/taches?statut=failed', admin)).text();
    expect(list).toContain('Serveur injoignable');
    expect(list).toContain('En échec');
    expect(await (await get('/admin/taches?statut=running', admin)).text()).not.toContain('Serveur injoignable');
    const detail = await (await get(`/admin/taches/${failed.id}`, admin)).text();
    expect(detail).toContain('admin.inconnue');
    expect(detail).toContain('&quot;x&quot;: 1');
    expect((await get(`/admin/taches/${failed.id}`, member)).status).toBe(403);
  });

  it('purges finished jobs and delivered mails past the retention period, every night', async () => {
    const old = await enqueue(t.ctx, 'admin.inconnue', {});
    await t.ctx.db.update(jobs).set({ status: 'succeeded', finishedAt: new Date(t.clock.now().getTime() - (RETENTION_DAYS + 1) * 86_400_000) }).where(eq(jobs.id, old.id));
    const recent = await enqueue(t.ctx, 'admin.inconnue', {});
    await t.ctx.db.update(jobs).set({ status: 'succeeded', finishedAt: t.clock.now() }).where(eq(jobs.id, recent.id));
    const w = worker();
    await w.start();
    await w.stop(1_000);
    t.clock.advance(24 * 3_600_000);
    await w.drain();
    const purge = await t.ctx.db.select().from(jobs).where(eq(jobs.name, 'admin.purge'));
    expect(purge).toHaveLength(1);
    expect(purge[0]!.status).toBe('succeeded');
    expect(await t.ctx.db.select().from(jobs).where(eq(jobs.id, old.id))).toHaveLength(0);
    expect(await t.ctx.db.select().from(jobs).where(eq(jobs.id, recent.id))).toHaveLength(1);
  });
});
