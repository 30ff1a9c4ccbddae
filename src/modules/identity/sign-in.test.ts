import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { createTestApp, type TestApp } from '../../../test/helpers/app.ts';
import { createOrganisation, createUser, syndicateOrganisation, TEST_PASSWORD, TEST_TOTP_SECRET } from '../../../test/helpers/factories.ts';
import { setCookieLine, totpCode, Visitor } from '../../../test/helpers/identity.ts';
import { auditLog } from '../../platform/audit/index.ts';
import { sessions } from './schema.ts';
import { safeNext } from './redirects.ts';

/** Redirect targets that must never leave the site, the normalisation bypasses included. */
const REDIRECT_BYPASSES = ['https://evil.example/', '//evil.example/x', '/\\evil.example', 'javascript:alert(1)', '/%0d%0aLocation:x', '/.//evil.example', '/%2e//evil.example', '/a/..//evil.example', '/./\\evil.example', '/%2E%2E//evil.example'];

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

describe('sign-in through the form', () => {
  it('opens a session with a fresh id, httpOnly SameSite=Lax cookie, and goes to a local "suivant" only', async () => {
    const org = await createOrganisation(t.ctx);
    const user = await createUser(t.ctx, { organisationId: org.id, roles: ['agent'] });
    const v = new Visitor(t.app);
    // A session token planted before sign-in (fixation attempt) is never kept.
    v.cookies.set('mutualis_session', 'planted-by-attacker');
    const res = await v.signIn(user.email, TEST_PASSWORD, '/profil');
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/profil');
    const line = setCookieLine(res, 'mutualis_session')!;
    expect(line).toMatch(/HttpOnly/i);
    expect(line).toMatch(/SameSite=Lax/i);
    expect(line).not.toMatch(/Secure/i);
    expect(v.cookies.get('mutualis_session')).not.toBe('planted-by-attacker');
    const profile = await v.request('/profil');
    expect(profile.status).toBe(200);

    // Signing in again (same browser) gives a new session id.
    const before = v.cookies.get('mutualis_session');
    const [firstRow] = await t.db.db.select({ id: sessions.id }).from(sessions).where(eq(sessions.userId, user.id));
    const { csrf } = await v.page('/profil');
    expect((await v.post('/connexion', { _csrf: csrf, email: user.email, password: TEST_PASSWORD })).status).toBe(303);
    expect(v.cookies.get('mutualis_session')).not.toBe(before);
    const rows = await t.db.db.select({ id: sessions.id }).from(sessions).where(eq(sessions.userId, user.id));
    expect(rows.map((r) => r.id)).not.toContain(firstRow!.id);
  });

  it.each(REDIRECT_BYPASSES)('refuses the open redirect %s', async (next) => {
    const org = await createOrganisation(t.ctx);
    const user = await createUser(t.ctx, { organisationId: org.id, roles: ['agent'] });
    const res = await new Visitor(t.app).signIn(user.email, TEST_PASSWORD, next);
    expect(res.status).toBe(303);
    const location = res.headers.get('location')!;
    expect(location.startsWith('/')).toBe(true);
    expect(location.startsWith('//')).toBe(false);
    expect(location).not.toContain('evil');
  });

  it('keeps only normalised same-origin paths in safeNext', () => {
    for (const next of REDIRECT_BYPASSES) {
      const kept = safeNext(next);
      expect(kept.startsWith('//') || kept.startsWith('/\\') || !kept.startsWith('/'), `${next} → ${kept}`).toBe(false);
      expect(kept, next).not.toContain('evil');
    }
    expect(safeNext('/admin/./utilisateurs?q=a#x')).toBe('/admin/utilisateurs?q=a#x');
    expect(safeNext('/profil')).toBe('/profil');
  });

  it('keeps the second-factor page and its form on this site whatever "suivant" says', async () => {
    const syndicate = await syndicateOrganisation(t.ctx);
    const admin = await createUser(t.ctx, { organisationId: syndicate.id, roles: ['admin'] });
    const v = new Visitor(t.app);
    const first = await v.signIn(admin.email, TEST_PASSWORD, '/%2e//evil.example');
    expect(first.headers.get('location')).toBe('/connexion/verification');
    const page = await v.page('/connexion/verification?suivant=%2F.%2F%2Fevil.example');
    expect(page.html).not.toContain('evil.example');
    t.clock.advance(30_000);
    const done = await v.post('/connexion/verification?suivant=%2F.%2F%2Fevil.example', { _csrf: page.csrf, code: totpCode(TEST_TOTP_SECRET, t.clock.now()), suivant: '/a/..//evil.example' });
    expect(done.status).toBe(303);
    expect(done.headers.get('location')).toBe('/');
  });

  it('answers the same for an unknown e-mail and a wrong password (no enumeration), and audits failures', async () => {
    const org = await createOrganisation(t.ctx);
    const user = await createUser(t.ctx, { organisationId: org.id, roles: ['agent'] });
    const wrong = await new Visitor(t.app).signIn(user.email, 'not-the-password-123');
    const unknown = await new Visitor(t.app).signIn('nobody-here@example.test', 'not-the-password-123');
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    const a = (await wrong.text()).match(/<div class="error-summary"[\s\S]*?<\/div>/)?.[0];
    const b = (await unknown.text()).match(/<div class="error-summary"[\s\S]*?<\/div>/)?.[0];
    expect(a).toContain('Adresse e-mail ou mot de passe incorrect.');
    expect(a).toBe(b);
    const trail = await t.db.db.select().from(auditLog).where(eq(auditLog.action, 'auth.sign_in_failed'));
    expect(trail.some((r) => r.entityId === user.id)).toBe(true);
  });

  it('slows down, then locks an account under brute force, with a French message, and audits the lock-out', async () => {
    const org = await createOrganisation(t.ctx);
    const user = await createUser(t.ctx, { organisationId: org.id, roles: ['agent'] });
    const v = new Visitor(t.app);
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push((await v.signIn(user.email, `wrong-password-${i}`)).status);
    expect(statuses).toEqual([401, 401, 401, 401, 401]);
    // Slowed: even the right password waits a minute now.
    const slowed = await v.signIn(user.email, TEST_PASSWORD);
    expect(slowed.status).toBe(429);
    expect(await slowed.text()).toContain('patientez 1 minute');
    for (let i = 5; i < 10; i++) {
      t.clock.advance(61_000);
      await v.signIn(user.email, `wrong-password-${i}`);
    }
    t.clock.advance(61_000);
    const locked = await v.signIn(user.email, TEST_PASSWORD);
    expect(locked.status).toBe(429);
    expect(await locked.text()).toMatch(/bloquées pendant 1[45] minutes/);
    const lockouts = await t.db.db.select().from(auditLog).where(eq(auditLog.action, 'auth.lockout'));
    expect(lockouts.some((r) => r.entityId === user.id)).toBe(true);
    // Unknown accounts are locked the same way: the lock reveals nothing.
    t.clock.advance(16 * 60_000);
    const ok = await v.signIn(user.email, TEST_PASSWORD);
    expect(ok.status).toBe(303);
  });

  it('counts each attempt before checking it: 40 concurrent wrong logins get at most 5 password checks', async () => {
    const org = await createOrganisation(t.ctx);
    const user = await createUser(t.ctx, { organisationId: org.id, roles: ['agent'] });
    const attempt = (i: number) =>
      t.app.request('/api/v1/auth/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: user.email, password: `wrong-password-${i}` }) });
    const statuses = (await Promise.all(Array.from({ length: 40 }, (_, i) => attempt(i)))).map((r) => r.status);
    // A 401 is an attempt whose password was checked; a 429 was refused before any check.
    const checked = statuses.filter((s) => s === 401).length;
    expect(checked).toBeGreaterThan(0);
    expect(checked).toBeLessThanOrEqual(5);
    expect(statuses.filter((s) => s === 429)).toHaveLength(40 - checked);
    const trail = await t.db.db.select().from(auditLog).where(and(eq(auditLog.action, 'auth.sign_in_failed'), eq(auditLog.entityId, user.id)));
    expect(trail).toHaveLength(checked);
    // The next tests start with fresh counters (they share this client's address).
    t.clock.advance(16 * 60_000);
  });

  it('refuses a form posted without, or with a wrong, CSRF token', async () => {
    const org = await createOrganisation(t.ctx);
    const user = await createUser(t.ctx, { organisationId: org.id, roles: ['agent'] });
    const v = new Visitor(t.app);
    await v.page('/connexion');
    expect((await v.post('/connexion', { email: user.email, password: TEST_PASSWORD })).status).toBe(403);
    expect((await v.post('/connexion', { _csrf: 'forged-token-forged-token-forged-00', email: user.email, password: TEST_PASSWORD })).status).toBe(403);
    // Signed in: a state-changing form needs the session's token, not the anonymous one.
    await v.signIn(user.email, TEST_PASSWORD);
    const refused = await v.post('/profil/sessions/revoquer-tout', { _csrf: 'nope' });
    expect(refused.status).toBe(403);
    expect(await refused.text()).toContain('jeton de sécurité');
    // A foreign Origin is refused even with the right token.
    const { csrf } = await v.page('/profil');
    expect((await v.post('/profil/sessions/revoquer-tout', { _csrf: csrf }, { origin: 'https://evil.example' })).status).toBe(403);
    expect((await v.post('/profil/sessions/revoquer-tout', { _csrf: csrf })).status).toBe(303);
  });

  it('asks for the second factor, accepts a recovery code once, and sends an admin without TOTP to enrol first', async () => {
    const syndicate = await syndicateOrganisation(t.ctx);
    const admin = await createUser(t.ctx, { organisationId: syndicate.id, roles: ['admin'] });
    const v = new Visitor(t.app);
    const first = await v.signIn(admin.email, TEST_PASSWORD, '/admin/utilisateurs');
    expect(first.headers.get('location')).toBe('/connexion/verification?suivant=%2Fadmin%2Futilisateurs');
    // The pending session authenticates nothing.
    expect((await v.request('/profil')).status).toBe(303);
    const page = await v.page('/connexion/verification');
    const bad = await v.post('/connexion/verification', { _csrf: page.csrf, code: '000000' });
    expect(bad.status).toBe(422);
    const ok = await v.post('/connexion/verification?suivant=%2Fadmin%2Futilisateurs', { _csrf: page.csrf, code: totpCode(TEST_TOTP_SECRET, t.clock.now()), suivant: '/admin/utilisateurs' });
    expect(ok.status).toBe(303);
    expect(ok.headers.get('location')).toBe('/admin/utilisateurs');
    expect(await (await v.request('/admin/utilisateurs')).text()).toContain('<h1>Utilisateurs</h1>');

    const newcomer = await createUser(t.ctx, { organisationId: syndicate.id, roles: ['admin'], totp: false });
    const w = new Visitor(t.app);
    await w.signIn(newcomer.email, TEST_PASSWORD);
    const anywhere = await w.request('/admin/utilisateurs');
    expect(anywhere.status).toBe(303);
    expect(anywhere.headers.get('location')).toBe('/profil/double-authentification');
    const enrol = await w.page('/profil/double-authentification');
    expect(enrol.html).toContain('src="data:image/svg+xml;base64,');
    const secret = /class="totp-secret">([A-Z2-7 ]+)</.exec(enrol.html)![1]!.replace(/ /g, '');
    const confirmed = await w.post('/profil/double-authentification', { _csrf: enrol.csrf, code: totpCode(secret, t.clock.now()) });
    expect(confirmed.status).toBe(200);
    const codes = [...(await confirmed.text()).matchAll(/<li><code>([0-9a-f-]{14})<\/code><\/li>/g)].map((m) => m[1]!);
    expect(codes).toHaveLength(10);
    expect(await (await w.request('/admin/utilisateurs')).text()).toContain('<h1>Utilisateurs</h1>');

    // A recovery code works once.
    for (const expected of [303, 422]) {
      const x = new Visitor(t.app);
      t.clock.advance(1000);
      await x.signIn(newcomer.email, TEST_PASSWORD);
      const p = await x.page('/connexion/verification');
      expect((await x.post('/connexion/verification', { _csrf: p.csrf, code: codes[0]! })).status).toBe(expected);
    }
    const actions = (await t.db.db.select().from(auditLog).where(eq(auditLog.entityId, newcomer.id))).map((r) => r.action);
    expect(actions).toEqual(expect.arrayContaining(['totp.enable', 'totp.recovery_code_used', 'auth.sign_in']));
  });

  it('signs out: the session row is gone and the cookie cleared', async () => {
    const org = await createOrganisation(t.ctx);
    const user = await createUser(t.ctx, { organisationId: org.id, roles: ['manager'] });
    const v = new Visitor(t.app);
    await v.signIn(user.email, TEST_PASSWORD);
    const { csrf } = await v.page('/profil');
    const out = await v.post('/deconnexion', { _csrf: csrf });
    expect(out.status).toBe(303);
    expect(v.cookies.has('mutualis_session')).toBe(false);
    expect(await t.db.db.select().from(sessions).where(eq(sessions.userId, user.id))).toHaveLength(0);
  });
});
