import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, desc, eq } from 'drizzle-orm';
import { createTestApp, type TestApp } from '../../../test/helpers/app.ts';
import { createOrganisation, createUser, signedInMember, signedInStaff, TEST_PASSWORD } from '../../../test/helpers/factories.ts';
import { Visitor } from '../../../test/helpers/identity.ts';
import { XSS_PAYLOADS, expectEscaped } from '../../../test/helpers/xss.ts';
import { auditLog } from '../../platform/audit/index.ts';
import { outbox } from '../../platform/mail/schema.ts';
import { createWorker, jobs } from '../../platform/jobs/index.ts';
import { sessions, userTokens, users } from './schema.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ PUBLIC_URL: 'http://mutualis.test' });
});
afterAll(() => t.close());

async function lastLink(to: string, path: string): Promise<string> {
  // Reset requests are sent by a job: run what is due first.
  await createWorker({ db: t.db.db, clock: t.clock, log: t.ctx.log, config: t.config }).drain();
  const [mail] = await t.db.db.select().from(outbox).where(eq(outbox.to, to)).orderBy(desc(outbox.createdAt));
  const url = new RegExp(`http://mutualis\\.test(${path}/[\\w-]+)`).exec(mail?.text ?? '')?.[1];
  if (!url) throw new Error(`aucun lien ${path} pour ${to}`);
  return url;
}

describe('invitation, reset, password change', () => {
  it('a manager invites an agent, who sets a password through the single-use link and signs in', async () => {
    const m = await signedInMember(t.ctx, ['manager']);
    const v = new Visitor(t.app);
    v.cookies.set('mutualis_session', m.cookie.split('=')[1]!);
    const form = await v.page('/admin/utilisateurs/inviter');
    // Only the manager's own organisation is offered.
    expect(form.html).toContain(m.org.name);
    expect((form.html.match(/<option value="[0-9a-f-]{36}"/g) ?? []).length).toBe(1);
    const res = await v.post('/admin/utilisateurs/inviter', { _csrf: form.csrf, name: 'Nina Agent', email: 'nina@commune.test', organisationId: m.org.id, roles: ['agent'] });
    expect(res.status).toBe(303);
    const link = await lastLink('nina@commune.test', '/invitation');
    const guest = new Visitor(t.app);
    const page = await guest.page(link);
    expect(page.html).toContain('nina@commune.test');
    expect((await guest.post(link, { _csrf: page.csrf, password: 'password1234', confirmation: 'password1234' })).status).toBe(422);
    expect((await guest.post(link, { _csrf: page.csrf, password: 'une phrase de passe solide', confirmation: 'une phrase de passe solide' })).status).toBe(303);
    expect((await guest.page(link)).res.status).toBe(404);
    expect((await guest.signIn('nina@commune.test', 'une phrase de passe solide')).status).toBe(303);
    const [nina] = await t.db.db.select().from(users).where(eq(users.email, 'nina@commune.test'));
    const actions = (await t.db.db.select().from(auditLog).where(eq(auditLog.entityId, nina!.id))).map((a) => a.action);
    expect(actions).toEqual(expect.arrayContaining(['user.create', 'user.invitation_accepted', 'auth.sign_in']));
  });

  it('an invitation gives the same answer whether the address has an account in another collectivity or none', async () => {
    const m = await signedInMember(t.ctx, ['manager']);
    const elsewhere = await createOrganisation(t.ctx);
    const taken = await createUser(t.ctx, { organisationId: elsewhere.id, roles: ['agent'] });
    const v = new Visitor(t.app);
    v.cookies.set('mutualis_session', m.cookie.split('=')[1]!);
    const invite = async (email: string) => {
      const form = await v.page('/admin/utilisateurs/inviter');
      const res = await v.post('/admin/utilisateurs/inviter', { _csrf: form.csrf, name: 'Paul Invité', email, organisationId: m.org.id, roles: ['agent'] });
      const flash = /<div class="flash[^"]*"[^>]*>([\s\S]*?)<\/div>/.exec((await v.page(res.headers.get('location') ?? '/')).html)?.[1]?.replace(email.toLowerCase(), '<adresse>');
      return { status: res.status, location: res.headers.get('location'), flash };
    };
    const fresh = await invite(`nouveau-${taken.id.slice(0, 8)}@commune.test`);
    const existing = await invite(taken.email.toUpperCase());
    expect(fresh.status).toBe(303);
    expect(fresh.flash).toContain('Invitation envoyée à <adresse>');
    expect(existing).toEqual(fresh);
    // The account elsewhere is neither moved nor copied; its holder is told by e-mail.
    const [row] = await t.db.db.select().from(users).where(eq(users.email, taken.email));
    expect(row!.organisationId).toBe(elsewhere.id);
    const [notice] = await t.db.db.select().from(outbox).where(eq(outbox.to, taken.email));
    expect(notice!.text).toContain('déjà un compte');
    // An address already in the manager's own collectivity is still reported (it is visible there anyway).
    const form = await v.page('/admin/utilisateurs/inviter');
    const mine = await v.post('/admin/utilisateurs/inviter', { _csrf: form.csrf, name: 'Doublon', email: m.user.email, organisationId: m.org.id, roles: ['agent'] });
    expect(mine.status).toBe(422);
    expect(await mine.text()).toContain('Un compte existe déjà avec cette adresse e-mail.');
  });

  it('reset: same answer for unknown addresses, link valid one hour and once, all sessions closed', async () => {
    const org = await createOrganisation(t.ctx);
    const user = await createUser(t.ctx, { organisationId: org.id, roles: ['agent'] });
    const old = new Visitor(t.app);
    await old.signIn(user.email, TEST_PASSWORD);
    const v = new Visitor(t.app);
    const known = await v.post('/mot-de-passe-oublie', { _csrf: (await v.page('/mot-de-passe-oublie')).csrf, email: user.email });
    const unknown = await v.post('/mot-de-passe-oublie', { _csrf: (await v.page('/mot-de-passe-oublie')).csrf, email: 'personne@nulle-part.test' });
    expect(known.status).toBe(303);
    expect(unknown.status).toBe(303);
    expect(known.headers.get('location')).toBe(unknown.headers.get('location'));
    const link = await lastLink(user.email, '/reinitialiser');
    expect(await t.db.db.select().from(outbox).where(eq(outbox.to, 'personne@nulle-part.test'))).toHaveLength(0);
    const p = await v.page(link);
    expect((await v.post(link, { _csrf: p.csrf, password: 'nouvelle phrase secrète', confirmation: 'nouvelle phrase secrète' })).status).toBe(303);
    expect((await v.post(link, { _csrf: p.csrf, password: 'encore une autre phrase', confirmation: 'encore une autre phrase' })).status).toBe(404);
    expect(await t.db.db.select().from(sessions).where(eq(sessions.userId, user.id))).toHaveLength(0);
    expect((await old.request('/profil')).status).toBe(303);
    expect((await new Visitor(t.app).signIn(user.email, 'nouvelle phrase secrète')).status).toBe(303);

    // A second link expires after one hour.
    t.clock.advance(3 * 60_000);
    await v.post('/mot-de-passe-oublie', { _csrf: (await v.page('/mot-de-passe-oublie')).csrf, email: user.email });
    const late = await lastLink(user.email, '/reinitialiser');
    t.clock.advance(61 * 60_000);
    expect((await v.page(late)).res.status).toBe(404);
  });

  it('reset: a known and an unknown address get the same answer from the same work (one job queued, nothing else)', async () => {
    const org = await createOrganisation(t.ctx);
    const user = await createUser(t.ctx, { organisationId: org.id, roles: ['agent'] });
    const rows = async () => ({
      jobs: (await t.db.db.select({ id: jobs.id }).from(jobs)).length,
      outbox: (await t.db.db.select({ id: outbox.id }).from(outbox)).length,
      links: (await t.db.db.select({ id: userTokens.id }).from(userTokens)).length,
      audit: (await t.db.db.select({ id: auditLog.id }).from(auditLog)).length,
    });
    const ask = async (email: string) => {
      const v = new Visitor(t.app);
      const { csrf } = await v.page('/mot-de-passe-oublie');
      const before = await rows();
      const res = await v.post('/mot-de-passe-oublie', { _csrf: csrf, email });
      const after = await rows();
      const flash = /<div class="flash[^"]*"[^>]*>([\s\S]*?)<\/div>/.exec((await v.page('/connexion')).html)?.[1];
      return { status: res.status, location: res.headers.get('location'), flash, written: Object.fromEntries(Object.entries(after).map(([k, n]) => [k, n - before[k as keyof typeof before]])) };
    };
    const known = await ask(user.email);
    const unknown = await ask(`inconnu-${user.id.slice(0, 8)}@example.test`);
    expect(known.flash).toContain('Si un compte actif correspond à cette adresse');
    expect(unknown).toEqual(known);
    expect(known.written).toEqual({ jobs: 1, outbox: 0, links: 0, audit: 0 });
  });

  it('change password keeps this session and closes the others; the current password is required', async () => {
    const org = await createOrganisation(t.ctx);
    const user = await createUser(t.ctx, { organisationId: org.id, roles: ['manager'] });
    const here = new Visitor(t.app);
    const elsewhere = new Visitor(t.app);
    await here.signIn(user.email, TEST_PASSWORD);
    await elsewhere.signIn(user.email, TEST_PASSWORD);
    const { csrf } = await here.page('/profil');
    const wrong = await here.post('/profil/mot-de-passe', { _csrf: csrf, current: 'pas le bon mot de passe', next: 'une toute nouvelle phrase', confirmation: 'une toute nouvelle phrase' });
    expect(wrong.status).toBe(422);
    expect(await wrong.text()).toContain('Mot de passe actuel incorrect.');
    const ok = await here.post('/profil/mot-de-passe', { _csrf: csrf, current: TEST_PASSWORD, next: 'une toute nouvelle phrase', confirmation: 'une toute nouvelle phrase' });
    expect(ok.status).toBe(303);
    expect((await here.request('/profil')).status).toBe(200);
    expect((await elsewhere.request('/profil')).status).toBe(303);
  });
});

describe('user administration', () => {
  it('an admin filters by organisation and role, changes roles, deactivates (sessions and tokens end), all audited', async () => {
    const admin = await signedInStaff(t.ctx, ['admin']);
    const org = await createOrganisation(t.ctx, { name: 'Commune Filtrée' });
    const target = await createUser(t.ctx, { organisationId: org.id, roles: ['agent'], name: 'Agathe Cible' });
    const v = new Visitor(t.app);
    v.cookies.set('mutualis_session', admin.cookie.split('=')[1]!);
    const list = await v.page(`/admin/utilisateurs?organisation=${org.id}&role=agent`);
    expect(list.html).toContain('Agathe Cible');
    expect((await v.page(`/admin/utilisateurs?organisation=${org.id}&role=manager`)).html).not.toContain('Agathe Cible');
    const csv = await v.request(`/admin/utilisateurs?organisation=${org.id}&format=csv`);
    expect(await csv.text()).toContain('Agathe Cible');
    const sheet = await v.page(`/admin/utilisateurs/${target.id}`);
    expect((await v.post(`/admin/utilisateurs/${target.id}/roles`, { _csrf: sheet.csrf, roles: ['admin'] })).status).toBe(422);
    expect((await v.post(`/admin/utilisateurs/${target.id}/roles`, { _csrf: sheet.csrf, roles: ['manager'] })).status).toBe(303);
    const victim = new Visitor(t.app);
    await victim.signIn(target.email, TEST_PASSWORD);
    expect((await v.post(`/admin/utilisateurs/${target.id}/desactiver`, { _csrf: sheet.csrf, confirme: '1' })).status).toBe(303);
    expect((await victim.request('/profil')).status).toBe(303);
    expect((await new Visitor(t.app).signIn(target.email, TEST_PASSWORD)).status).toBe(401);
    const actions = (await t.db.db.select().from(auditLog).where(and(eq(auditLog.entityId, target.id)))).map((a) => a.action);
    expect(actions).toEqual(expect.arrayContaining(['user.roles_change', 'user.deactivate']));
  });

  it('nobody changes their own roles or deactivates themselves', async () => {
    const admin = await signedInStaff(t.ctx, ['admin']);
    const res = await t.app.request(`/admin/utilisateurs/${admin.user.id}/desactiver`, { method: 'POST', headers: { ...admin.headers, 'content-type': 'application/x-www-form-urlencoded' }, body: 'confirme=1' });
    expect(res.status).toBe(403);
  });

  it.each(XSS_PAYLOADS)('escapes %s in names and token names', async (payload) => {
    const m = await signedInMember(t.ctx, ['manager']);
    const v = new Visitor(t.app);
    v.cookies.set('mutualis_session', m.cookie.split('=')[1]!);
    const form = await v.page('/admin/utilisateurs/inviter');
    const email = `x-${Math.random().toString(36).slice(2, 8)}@commune.test`;
    const made = await v.post('/admin/utilisateurs/inviter', { _csrf: form.csrf, name: payload, email, organisationId: m.org.id, roles: ['agent'] });
    const sheetUrl = made.headers.get('location');
    if (made.status === 303 && sheetUrl) expectEscaped(await (await v.request(sheetUrl)).text(), payload);
    else expectEscaped(await made.text(), payload);
    expectEscaped((await v.page(`/admin/utilisateurs?q=${encodeURIComponent(email)}`)).html, payload);
    const token = await v.post('/profil/jetons', { _csrf: form.csrf, name: payload, days: '30', scopes: ['users.read'] });
    expectEscaped(await token.text(), payload);
  });
});
