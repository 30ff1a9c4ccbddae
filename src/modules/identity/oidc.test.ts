import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import Provider from 'oidc-provider';
import { createTestApp, type TestApp } from '../../../test/helpers/app.ts';
import { createOrganisation, createUser, syndicateOrganisation } from '../../../test/helpers/factories.ts';
import { Visitor } from '../../../test/helpers/identity.ts';
import { auditLog } from '../../platform/audit/index.ts';
import { users } from './schema.ts';
import { addOidcDomain } from './oidc-accounts.ts';
import { systemActor } from './users.ts';

/** A real OpenID Connect provider on 127.0.0.1, with accounts defined by the test. */
const accounts = new Map<string, { email: string; email_verified: boolean; given_name: string; family_name: string }>();
let server: Server;
let issuer: string;
let t: TestApp;

beforeAll(async () => {
  server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  issuer = `http://127.0.0.1:${port}`;
  const provider = new Provider(issuer, {
    clients: [{ client_id: 'mutualis', client_secret: 'un-secret-de-test-assez-long', redirect_uris: ['http://mutualis.test/connexion/oidc/retour'], grant_types: ['authorization_code'], response_types: ['code'] }],
    claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['given_name', 'family_name'] },
    findAccount: (_ctx, id) => ({ accountId: id, claims: () => ({ sub: id, ...accounts.get(id) }) }),
    features: { devInteractions: { enabled: true } },
    cookies: { keys: ['cle-de-test-des-cookies'] },
  });
  server.on('request', provider.callback());
  t = await createTestApp({ PUBLIC_URL: 'http://mutualis.test', OIDC_ISSUER: issuer, OIDC_CLIENT_ID: 'mutualis', OIDC_CLIENT_SECRET: 'un-secret-de-test-assez-long', OIDC_LABEL: 'Fournisseur de test' });
});
afterAll(async () => {
  await t?.close();
  await new Promise((resolve) => server?.close(resolve));
});

/** Drives the provider like a browser: sign in as `login`, consent, and return the callback URL. */
async function throughProvider(start: string, login: string): Promise<string> {
  const jar = new Map<string, string>();
  let url = start;
  let method = 'GET';
  let body: URLSearchParams | undefined;
  for (let hop = 0; hop < 20; hop++) {
    if (url.startsWith('http://mutualis.test/')) return url;
    const res = await fetch(url, { method, body, redirect: 'manual', headers: { cookie: [...jar].map(([k, v]) => `${k}=${v}`).join('; '), ...(body ? { 'content-type': 'application/x-www-form-urlencoded' } : {}) } });
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const i = pair!.indexOf('=');
      jar.set(pair!.slice(0, i), pair!.slice(i + 1));
    }
    method = 'GET';
    body = undefined;
    const location = res.headers.get('location');
    if (location) {
      url = new URL(location, url).href;
      continue;
    }
    const html = await res.text();
    const action = /<form[^>]*action="([^"]+)"/.exec(html)?.[1];
    if (!action) throw new Error(`page inattendue du fournisseur (${res.status}) : ${html.slice(0, 300)}`);
    url = new URL(action, url).href;
    method = 'POST';
    body = html.includes('value="login"') ? new URLSearchParams({ prompt: 'login', login, password: 'x' }) : new URLSearchParams({ prompt: 'consent' });
  }
  throw new Error('trop de redirections');
}

async function signInWithProvider(login: string, next = '/profil'): Promise<{ v: Visitor; res: Response }> {
  const v = new Visitor(t.app);
  const start = await v.request(`/connexion/oidc?suivant=${encodeURIComponent(next)}`);
  expect(start.status).toBe(302);
  const callback = await throughProvider(start.headers.get('location')!, login);
  const res = await v.request(callback.replace('http://mutualis.test', ''));
  return { v, res };
}

describe('OpenID Connect sign-in against a real provider', () => {
  it('shows the provider button and signs in an existing account matched by verified e-mail', async () => {
    const page = await new Visitor(t.app).page('/connexion');
    expect(page.html).toContain('Se connecter avec Fournisseur de test');
    const org = await createOrganisation(t.ctx);
    const user = await createUser(t.ctx, { organisationId: org.id, roles: ['agent'], email: 'claire@mairie-a.test' });
    accounts.set('claire', { email: 'Claire@Mairie-A.test', email_verified: true, given_name: 'Claire', family_name: 'Martin' });
    const { v, res } = await signInWithProvider('claire');
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/profil');
    expect(await (await v.request('/profil')).text()).toContain('claire@mairie-a.test');
    const trail = await t.db.db.select().from(auditLog).where(eq(auditLog.entityId, user.id));
    expect(trail.find((r) => r.action === 'auth.sign_in')?.after).toMatchObject({ method: 'oidc' });
  });

  it('keeps the "next" of an OpenID Connect sign-in on this site', async () => {
    const org = await createOrganisation(t.ctx);
    await createUser(t.ctx, { organisationId: org.id, roles: ['agent'], email: 'remi@mairie-a.test' });
    accounts.set('remi', { email: 'remi@mairie-a.test', email_verified: true, given_name: 'Rémi', family_name: 'Roux' });
    for (const next of ['/%2e//evil.example', '/a/..//evil.example', '/.//evil.example']) {
      const { res } = await signInWithProvider('remi', next);
      expect(res.status).toBe(303);
      expect(res.headers.get('location'), next).toBe('/');
    }
  });

  it('refuses an unverified e-mail, and an unknown address whose domain is not enabled', async () => {
    const org = await createOrganisation(t.ctx);
    await createUser(t.ctx, { organisationId: org.id, roles: ['agent'], email: 'paul@mairie-b.test' });
    accounts.set('paul', { email: 'paul@mairie-b.test', email_verified: false, given_name: 'Paul', family_name: 'Durand' });
    const unverified = await signInWithProvider('paul');
    expect(unverified.res.headers.get('location')).toBe('/connexion');
    expect(unverified.v.cookies.has('mutualis_session')).toBe(false);
    accounts.set('zoe', { email: 'zoe@inconnue.test', email_verified: true, given_name: 'Zoé', family_name: 'Petit' });
    const unknown = await signInWithProvider('zoe');
    expect(unknown.res.headers.get('location')).toBe('/connexion');
    expect(await t.db.db.select().from(users).where(eq(users.email, 'zoe@inconnue.test'))).toHaveLength(0);
  });

  it('creates the account when an admin enabled the domain for a member organisation', async () => {
    await syndicateOrganisation(t.ctx);
    const org = await createOrganisation(t.ctx, { name: 'Commune de Domaine' });
    await addOidcDomain({ ...t.ctx, actor: await systemActor(t.ctx) }, { domain: 'mairie-c.test', organisationId: org.id, defaultRole: 'agent' });
    accounts.set('lea', { email: 'lea@mairie-c.test', email_verified: true, given_name: 'Léa', family_name: 'Bernard' });
    const { res } = await signInWithProvider('lea');
    expect(res.status).toBe(303);
    const [created] = await t.db.db.select().from(users).where(eq(users.email, 'lea@mairie-c.test'));
    expect(created).toMatchObject({ organisationId: org.id, roles: ['agent'], name: 'Léa Bernard', passwordHash: null });
  });
});
