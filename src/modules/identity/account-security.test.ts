import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { desc, eq } from 'drizzle-orm';
import { createTestApp, type TestApp } from '../../../test/helpers/app.ts';
import { createOrganisation, createUser, signedInMember, TEST_PASSWORD, TEST_TOTP_SECRET, type SignedIn } from '../../../test/helpers/factories.ts';
import { totpCode, Visitor } from '../../../test/helpers/identity.ts';
import { outbox } from '../../platform/mail/schema.ts';
import { createWorker } from '../../platform/jobs/index.ts';
import { ACCOUNT_SECURITY_ROUTES, CONFIRM_PATH } from './index.ts';
import { createApiToken } from './api-tokens.ts';
import { createSession } from './sessions.ts';
import { apiTokens } from './schema.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ PUBLIC_URL: 'http://mutualis.test' });
});
afterAll(() => t.close());

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const form = (fields: Record<string, string>) => ({ 'content-type': 'application/x-www-form-urlencoded', body: new URLSearchParams(fields).toString() });
const meStatus = async (token: string) => (await t.app.request('/api/v1/auth/me', { headers: bearer(token) })).status;

/** A visitor holding the session of a signed-in user. */
function visitorOf(m: SignedIn): Visitor {
  const v = new Visitor(t.app);
  v.cookies.set('mutualis_session', m.cookie.split('=')[1]!);
  return v;
}

describe('account-security pages and actions', () => {
  it('refuses every one of them to an API token, whatever its scopes, and never shows the TOTP secret', async () => {
    const m = await signedInMember(t.ctx, ['manager']);
    const colleague = await createUser(t.ctx, { organisationId: m.org.id, roles: ['agent'], totp: true });
    const made = await createApiToken({ ...t.ctx, actor: m.actor }, { name: 'Tout', scopes: ['*'] });
    const other = await createApiToken({ ...t.ctx, actor: m.actor }, { name: 'Autre', scopes: ['users.read'] });
    const ids: Record<string, string> = { '/profil/sessions/:id/revoquer': m.actor.sessionId!, '/profil/jetons/:id/revoquer': other.id };
    expect(ACCOUNT_SECURITY_ROUTES.length).toBeGreaterThan(10);
    for (const r of ACCOUNT_SECURITY_ROUTES) {
      const path = r.path.replace(':id', ids[r.path] ?? colleague.id);
      const { body, ...headers } = form({ name: 'Volé', scopes: '*', days: '30', code: '000000', password: TEST_PASSWORD, current: TEST_PASSWORD, next: 'une phrase toute neuve', confirmation: 'une phrase toute neuve', confirme: '1' });
      const res = await t.app.request(path, { method: r.method, headers: { ...bearer(made.token), ...(r.method === 'POST' ? headers : {}) }, body: r.method === 'POST' ? body : undefined });
      expect(res.status, `${r.method} ${r.path}`).toBe(403);
      const text = await res.text();
      expect(text, `${r.method} ${r.path}`).not.toContain('JBSW');
      expect(text).not.toMatch(/totp-secret|mut_[A-Za-z0-9_-]{20}/);
    }
    // Nothing changed: the other token and the session still work, no token was made.
    expect(await meStatus(other.token)).toBe(200);
    expect(await (await t.app.request('/profil', { headers: m.headers })).text()).toContain('<h1>Mon profil</h1>');
    expect(await t.db.db.select().from(apiTokens).where(eq(apiTokens.userId, m.user.id))).toHaveLength(2);
  });

  it('asks for the password again past 10 minutes before tokens or factors change; confirming opens a new session', async () => {
    const m = await signedInMember(t.ctx, ['manager']);
    const v = visitorOf(m);
    const { csrf } = await v.page('/profil');
    t.clock.advance(11 * 60_000);
    const refused = await v.post('/profil/jetons', { _csrf: csrf, name: 'Tardif', days: '30', scopes: ['users.read'] });
    expect(refused.status).toBe(303);
    expect(refused.headers.get('location')).toBe(`${CONFIRM_PATH}?suivant=%2Fprofil`);
    expect(await t.db.db.select().from(apiTokens).where(eq(apiTokens.userId, m.user.id))).toHaveLength(0);
    const totpPage = await v.request('/profil/double-authentification');
    expect(totpPage.status).toBe(303);
    expect(totpPage.headers.get('location')).toBe(`${CONFIRM_PATH}?suivant=%2Fprofil%2Fdouble-authentification`);
    // Profile and sign-out stay reachable without confirming.
    expect(await (await v.request('/profil')).text()).toContain('<h1>Mon profil</h1>');

    const page = await v.page(`${CONFIRM_PATH}?suivant=%2Fprofil%2Fdouble-authentification`);
    expect(page.html).toContain('Confirmez votre identité');
    const wrong = await v.post(`${CONFIRM_PATH}?suivant=%2Fprofil%2Fdouble-authentification`, { _csrf: page.csrf, password: 'pas le bon mot de passe', suivant: '/profil/double-authentification' });
    expect(wrong.status).toBe(422);
    expect(await wrong.text()).toContain('Mot de passe incorrect.');
    const before = v.cookies.get('mutualis_session');
    const ok = await v.post(CONFIRM_PATH, { _csrf: page.csrf, password: TEST_PASSWORD, suivant: '/profil/double-authentification' });
    expect(ok.status).toBe(303);
    expect(ok.headers.get('location')).toBe('/profil/double-authentification');
    expect(v.cookies.get('mutualis_session')).not.toBe(before);
    // The old session is closed; the new one may make a token now.
    expect((await t.app.request('/profil', { headers: m.headers })).status).toBe(303);
    const enrol = await v.page('/profil/double-authentification');
    expect(enrol.html).toContain('class="totp-secret"');
    const made = await v.post('/profil/jetons', { _csrf: enrol.csrf, name: 'Confirmé', days: '30', scopes: ['users.read'] });
    expect(made.status).toBe(200);
    expect(await made.text()).toMatch(/<code>mut_[A-Za-z0-9_-]{20,}<\/code>/);
  });

  it('accepts a TOTP code as confirmation, once', async () => {
    const org = await createOrganisation(t.ctx);
    const user = await createUser(t.ctx, { organisationId: org.id, roles: ['agent'], totp: true });
    const session = await createSession(t.ctx, user.id);
    t.clock.advance(11 * 60_000);
    const v = new Visitor(t.app);
    v.cookies.set('mutualis_session', session.token);
    const page = await v.page(CONFIRM_PATH);
    expect(page.html).toContain('Ou code de double authentification');
    const code = totpCode(TEST_TOTP_SECRET, t.clock.now());
    expect((await v.post(CONFIRM_PATH, { _csrf: page.csrf, code })).status).toBe(303);
    const again = await v.page(CONFIRM_PATH);
    expect((await v.post(CONFIRM_PATH, { _csrf: again.csrf, code })).status).toBe(422);
  });
});

describe('API tokens end with the credentials they came from', () => {
  it('a password change revokes the tokens, and says so', async () => {
    const m = await signedInMember(t.ctx, ['manager']);
    const made = await createApiToken({ ...t.ctx, actor: m.actor }, { name: 'Script', scopes: ['users.read'] });
    expect(await meStatus(made.token)).toBe(200);
    const v = visitorOf(m);
    const { csrf } = await v.page('/profil');
    const res = await v.post('/profil/mot-de-passe', { _csrf: csrf, current: TEST_PASSWORD, next: 'une toute nouvelle phrase', confirmation: 'une toute nouvelle phrase' });
    expect(res.status).toBe(303);
    expect(await meStatus(made.token)).toBe(401);
    expect((await v.page('/profil')).html).toContain('vos jetons d’API ont été révoqués');
  });

  it('"sign out everywhere" revokes the tokens, and says so', async () => {
    const m = await signedInMember(t.ctx, ['manager']);
    const made = await createApiToken({ ...t.ctx, actor: m.actor }, { name: 'Script', scopes: ['users.read'] });
    const v = visitorOf(m);
    const confirm = await v.page('/profil/sessions/revoquer-tout');
    expect(confirm.html).toContain('jetons d’API');
    expect((await v.post('/profil/sessions/revoquer-tout', { _csrf: confirm.csrf })).status).toBe(303);
    expect(await meStatus(made.token)).toBe(401);
    expect((await v.page('/connexion')).html).toContain('vos jetons d’API ont été révoqués');
  });

  it('a reset link revokes the tokens, and says so', async () => {
    const m = await signedInMember(t.ctx, ['manager']);
    const made = await createApiToken({ ...t.ctx, actor: m.actor }, { name: 'Script', scopes: ['users.read'] });
    const v = new Visitor(t.app);
    await v.post('/mot-de-passe-oublie', { _csrf: (await v.page('/mot-de-passe-oublie')).csrf, email: m.user.email });
    await createWorker({ db: t.db.db, clock: t.clock, log: t.ctx.log, config: t.config }).drain();
    const [mail] = await t.db.db.select().from(outbox).where(eq(outbox.to, m.user.email)).orderBy(desc(outbox.createdAt));
    const link = /http:\/\/mutualis\.test(\/reinitialiser\/[\w-]+)/.exec(mail!.text)![1]!;
    const p = await v.page(link);
    expect((await v.post(link, { _csrf: p.csrf, password: 'nouvelle phrase secrète', confirmation: 'nouvelle phrase secrète' })).status).toBe(303);
    expect(await meStatus(made.token)).toBe(401);
    expect((await v.page('/connexion')).html).toContain('vos jetons d’API ont été révoqués');
  });
});
