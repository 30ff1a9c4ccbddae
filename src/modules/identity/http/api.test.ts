import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../test/helpers/app.ts';
import { createOrganisation, createUser, signedInMember, syndicateOrganisation, TEST_PASSWORD, TEST_TOTP_SECRET } from '../../../../test/helpers/factories.ts';
import { setCookieLine, totpCode } from '../../../../test/helpers/identity.ts';
import { createApiToken } from '../api-tokens.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const login = (body: unknown, app = t.app) => app.request('/api/v1/auth/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

describe('API authentication', () => {
  it('login opens a cookie session and returns the CSRF token that cookie calls must send', async () => {
    const org = await createOrganisation(t.ctx);
    const user = await createUser(t.ctx, { organisationId: org.id, roles: ['manager'] });
    const res = await login({ email: user.email, password: TEST_PASSWORD });
    expect(res.status).toBe(200);
    const { csrfToken } = (await res.json()) as { csrfToken: string };
    const cookie = setCookieLine(res, 'mutualis_session')!.split(';')[0]!;
    expect((await t.app.request('/api/v1/auth/me', { headers: { cookie } })).status).toBe(200);
    const without = await t.app.request('/api/v1/auth/logout', { method: 'POST', headers: { cookie } });
    expect(without.status).toBe(403);
    expect(((await without.json()) as { code: string }).code).toBe('csrf');
    expect((await t.app.request('/api/v1/auth/logout', { method: 'POST', headers: { cookie, 'x-csrf-token': csrfToken } })).status).toBe(204);
    expect((await t.app.request('/api/v1/auth/me', { headers: { cookie } })).status).toBe(401);
  });

  it('refuses bad credentials alike, and asks for the TOTP code when enrolled', async () => {
    const wrong = await login({ email: 'inconnu@example.test', password: 'mauvais mot de passe' });
    expect(wrong.status).toBe(401);
    expect(((await wrong.json()) as { message: string }).message).toBe('Adresse e-mail ou mot de passe incorrect.');
    const syndicate = await syndicateOrganisation(t.ctx);
    const admin = await createUser(t.ctx, { organisationId: syndicate.id, roles: ['admin'] });
    const noCode = await login({ email: admin.email, password: TEST_PASSWORD });
    expect(((await noCode.json()) as { code: string }).code).toBe('totp_required');
    const code = totpCode(TEST_TOTP_SECRET, t.clock.now());
    const ok = await login({ email: admin.email, password: TEST_PASSWORD, totp: code });
    expect(ok.status).toBe(200);
    // The same code, still within its 30 seconds, is spent: replaying it opens nothing.
    const replay = await login({ email: admin.email, password: TEST_PASSWORD, totp: code });
    expect(replay.status).toBe(401);
    expect(((await replay.json()) as { code: string }).code).toBe('invalid_totp');
    // The previous step's code (accepted for clock drift on its own) is older than the one spent: refused too.
    expect((await login({ email: admin.email, password: TEST_PASSWORD, totp: totpCode(TEST_TOTP_SECRET, new Date(t.clock.now().getTime() - 30_000)) })).status).toBe(401);
    // The next step's code is new: accepted.
    expect((await login({ email: admin.email, password: TEST_PASSWORD, totp: totpCode(TEST_TOTP_SECRET, new Date(t.clock.now().getTime() + 30_000)) })).status).toBe(200);
  });

  it('a bearer token acts within its scopes, needs no CSRF token, and stops when revoked', async () => {
    const m = await signedInMember(t.ctx, ['manager']);
    const made = await createApiToken({ ...t.ctx, actor: m.actor }, { name: 'Lecture', scopes: ['users.read'] });
    const auth = { authorization: `Bearer ${made.token}` };
    const me = (await (await t.app.request('/api/v1/auth/me', { headers: auth })).json()) as { tokenScopes: string[] };
    expect(me.tokenScopes).toEqual(['users.read']);
    expect(((await (await t.app.request('/api/v1/auth/me', { headers: m.headers })).json()) as { tokenScopes: null }).tokenScopes).toBeNull();
    expect((await t.app.request('/api/v1/users', { headers: auth })).status).toBe(200);
    // No ambient credential: state-changing calls are not subject to CSRF (here refused: a token has no session).
    const logout = await t.app.request('/api/v1/auth/logout', { method: 'POST', headers: auth });
    expect(logout.status).toBe(403);
    expect(((await logout.json()) as { code: string }).code).toBe('session_required');
    expect((await t.app.request('/api/v1/auth/me', { headers: { authorization: 'Bearer mut_inconnu' } })).status).toBe(401);
    await t.app.request(`/profil/jetons/${made.id}/revoquer`, { method: 'POST', headers: { ...m.headers, 'content-type': 'application/x-www-form-urlencoded' }, body: '' });
    expect((await t.app.request('/api/v1/users', { headers: auth })).status).toBe(401);
  });

  it('lists users in the API dialect: envelope, English filters checked, French aliases deprecated, ids checked', async () => {
    const m = await signedInMember(t.ctx, ['manager']);
    const agent = await createUser(t.ctx, { organisationId: m.org.id, roles: ['agent'], name: 'Agnès Listée' });
    const get = (path: string) => t.app.request(path, { headers: m.headers });
    const res = await get(`/api/v1/users?organisationId=${m.org.id}&status=active&role=agent&sort=name&order=asc&pageSize=20`);
    expect(res.status).toBe(200);
    const page = (await res.json()) as { items: { id: string; name: string; lastSignInAt: string | null; totpEnabled: boolean }[]; total: number; page: number; pageSize: number };
    expect(page).toMatchObject({ total: 1, page: 1, pageSize: 20 });
    expect(page.items.map((u) => u.name)).toEqual(['Agnès Listée']);
    expect(res.headers.get('deprecation')).toBeNull();

    const bad = await get('/api/v1/users?status=actif');
    expect(bad.status).toBe(422);
    expect(((await bad.json()) as { fields: Record<string, string> }).fields.status).toMatch(/active.*inactive/);
    expect((await get('/api/v1/users?pageSize=500')).status).toBe(422);
    expect((await get('/api/v1/users?sort=password')).status).toBe(422);

    const french = await get(`/api/v1/users?organisation=${m.org.id}&statut=active&role=agent&tri=name&ordre=asc&taille=20`);
    expect(french.status).toBe(200);
    expect(french.headers.get('deprecation')).toBe('true');
    expect(await french.json()).toEqual(page);

    const one = await get(`/api/v1/users/${agent.id}`);
    expect(one.status).toBe(200);
    expect(await one.json()).toEqual(page.items[0]);
    expect((await get('/api/v1/users/------------------------------------')).status).toBe(422);
    expect((await get('/api/v1/users/00000000-0000-4000-8000-000000000000')).status).toBe(404);
  });

  it('sends no CORS header (closed by default)', async () => {
    const res = await t.app.request('/api/v1/auth/me', { headers: { origin: 'https://autre-site.example' } });
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
  });
});

describe('cookie flags under https', () => {
  let https: TestApp;
  beforeAll(async () => {
    https = await createTestApp({ PUBLIC_URL: 'https://mutualis.example.fr' });
  });
  afterAll(() => https?.close());

  it('marks the cookie Secure with the __Host- prefix under an https PUBLIC_URL', async () => {
    const org = await createOrganisation(https.ctx);
    const user = await createUser(https.ctx, { organisationId: org.id, roles: ['agent'] });
    const res = await login({ email: user.email, password: TEST_PASSWORD }, https.app);
    const line = setCookieLine(res, '__Host-mutualis_session')!;
    expect(line).toMatch(/; Secure/i);
    expect(line).toMatch(/HttpOnly/i);
    expect(line).toMatch(/SameSite=Lax/i);
    expect(line).toMatch(/Path=\//);
  });
});
