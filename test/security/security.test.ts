import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { signedInMember, signedInStaff, TEST_PASSWORD, type SignedIn } from '../helpers/factories.ts';
import { Visitor } from '../helpers/identity.ts';
import { ACCOUNT_SECURITY_ROUTES, accountSecurityRoute, createApiToken, safeNext } from '../../src/modules/identity/index.ts';
import { UPLOAD_PAGES } from '../../src/platform/http/body-limit.ts';
import { apiSearches, fill, routeTable, uploadKeys, type RouteEntry } from './routes.ts';
import { flood, listen, settledMemory, type Listening } from './socket.ts';

/**
 * The standing security suite: bad input on every route of the route table and every list of the OpenAPI
 * document, as they are now and as they will be. Each answer is counted by class; the counts are printed at
 * the end (the figure of « bad inputs tried »).
 */
let t: TestApp;
let admin: SignedIn;
let member: SignedIn;
let routes: RouteEntry[];
const MiB = 1024 * 1024;

type Tally = { tried: number; routes: Set<string>; classes: Record<string, number>; failures: string[] };
const tallies = new Map<string, Tally>();
const tally = (name: string): Tally => {
  let found = tallies.get(name);
  if (!found) tallies.set(name, (found = { tried: 0, routes: new Set(), classes: {}, failures: [] }));
  return found;
};
/** Counts one answer (a status, counted by class, or a named outcome); `ok` says whether it is acceptable. */
function count(name: string, route: string, answer: number | string, ok: boolean, what: string) {
  const x = tally(name);
  x.tried++;
  x.routes.add(route);
  const cls = typeof answer === 'number' ? `${Math.floor(answer / 100)}xx` : answer;
  x.classes[cls] = (x.classes[cls] ?? 0) + 1;
  if (!ok) x.failures.push(`${answer} ${route} ← ${what}`);
}

beforeAll(async () => {
  // Small limits keep the floods short; the mechanism is the one of the defaults (see body-limit.test.ts).
  t = await createTestApp({ BODY_LIMIT_BYTES: String(64 * 1024), UPLOAD_LIMIT_BYTES: String(MiB) });
  admin = await signedInStaff(t.ctx, ['admin']);
  member = await signedInMember(t.ctx, ['manager']);
  routes = routeTable(t.app);
});

afterAll(async () => {
  const lines = [...tallies].map(([name, x]) => {
    const classes = Object.entries(x.classes)
      .sort()
      .map(([k, v]) => `${k}=${v}`)
      .join(' ');
    return `  ${name}: ${x.routes.size} routes, ${x.tried} requests (${classes})${x.failures.length ? `, ${x.failures.length} refused answers` : ''}`;
  });
  const total = [...tallies.values()].reduce((n, x) => n + x.tried, 0);
  console.log(`Security suite: ${total} bad inputs tried\n${lines.join('\n')}`);
  await t.close();
});

const who = () => [
  { name: 'admin', s: admin },
  { name: 'member', s: member },
];

const BAD_IDS: Record<string, string> = {
  '36 dashes': '-'.repeat(36),
  'almost a UUID': '00000000-0000-0000-0000-00000000000g',
  NUL: 'a%00b',
  'very long': 'x'.repeat(3000),
  unicode: encodeURIComponent('ü'.repeat(18) + '🙂'.repeat(9)),
};

function request(path: string, method: string, s: SignedIn, init: { body?: string; type?: string; headers?: Record<string, string> } = {}) {
  const headers: Record<string, string> = { ...s.headers, ...init.headers };
  if (init.type) headers['content-type'] = init.type;
  return t.app.request(path, { method, headers, body: method === 'GET' || method === 'HEAD' ? undefined : (init.body ?? '') });
}

const bodyFor = (route: RouteEntry) => (route.key.includes(' /api/') ? { body: '{}', type: 'application/json' } : { body: '', type: 'application/x-www-form-urlencoded' });

describe('the route table', () => {
  it('is what the suite walks (a few hundred routes)', () => {
    expect(routes.length).toBeGreaterThan(150);
    expect(routes.filter((r) => r.params.length > 0).length).toBeGreaterThan(50);
  });

  it('still has every page declared as an upload, and every /profil route is an account-security route', () => {
    const keys = new Set(routes.map((r) => r.key));
    expect(UPLOAD_PAGES.filter((k) => !keys.has(k))).toEqual([]);
    const profile = routes.filter((r) => r.key.split(' ')[1]!.startsWith('/profil') && (r.method === 'GET' || r.method === 'POST'));
    expect(profile.length).toBeGreaterThan(5);
    expect(profile.filter((r) => !accountSecurityRoute(r.method, fill(r, randomUUID()))).map((r) => r.key)).toEqual([]);
  });
});

describe('malformed path ids', () => {
  it('answer 4xx on every route with a path parameter, never 5xx, signed in as an admin and as a member', async () => {
    for (const route of routes.filter((r) => r.params.length > 0)) {
      for (const { name, s } of who()) {
        for (const [label, value] of Object.entries(BAD_IDS)) {
          const res = await request(fill(route, value), route.method, s, bodyFor(route));
          count('malformed ids', route.key, res.status, res.status >= 400 && res.status < 500, `${label} (${name})`);
        }
      }
    }
    expect(tally('malformed ids').failures).toEqual([]);
  });
});

const SEARCHES: Record<string, string> = {
  NUL: 'a%00b',
  '10 KB': 'x'.repeat(10 * 1024),
  'SQL quote': encodeURIComponent("' OR '1'='1' --"),
  'SQL union': encodeURIComponent("%' UNION SELECT password_hash FROM users --"),
  'LIKE percent': encodeURIComponent('%'),
  'LIKE underscore': encodeURIComponent('_'),
  'LIKE escape': encodeURIComponent('\\'),
  'regex': encodeURIComponent('[a-z]*.+'),
};

describe('searches and lists', () => {
  it('answer 4xx or a correct list (empty, or items that contain the text) on every API search', async () => {
    const searches = apiSearches(t.app);
    expect(searches.length).toBeGreaterThan(3);
    for (const search of searches) {
      for (const { name, s } of who()) {
        for (const [label, value] of Object.entries(SEARCHES)) {
          const res = await request(`${search.path}?${search.param}=${value}`, 'GET', s);
          let ok = res.status >= 400 && res.status < 500;
          if (res.status === 200) {
            const body = (await res.json()) as { items?: unknown[] } | unknown[];
            const items = Array.isArray(body) ? body : (body.items ?? []);
            const text = decodeURIComponent(value).toLowerCase();
            ok = items.every((item) => JSON.stringify(item).toLowerCase().includes(text.replace(/\\/g, '\\\\')));
          }
          count('API searches', search.key, res.status, ok, `${label} (${name})`);
        }
      }
    }
    expect(tally('API searches').failures).toEqual([]);
  });

  it('never answer 5xx on a page, whatever the search text', async () => {
    const pages = routes.filter((r) => r.method === 'GET' && r.params.length === 0 && !r.key.includes(' /api/') && !/\.(xml|ics|json|txt|css|js)$|\/metrics$|\/healthz$|\/readyz$/.test(r.key));
    for (const route of pages) {
      for (const [label, value] of Object.entries(SEARCHES)) {
        const res = await request(`${fill(route, '')}?q=${value}`, 'GET', admin);
        count('page searches', route.key, res.status, res.status < 500, label);
      }
    }
    expect(tally('page searches').failures).toEqual([]);
  });
});

describe('oversized bodies', () => {
  const writes = () => routes.filter((r) => ['POST', 'PUT', 'PATCH', 'DELETE'].includes(r.method));

  it('are refused with a 413 from the declared length, before anything reads them, on every route', async () => {
    const uploads = uploadKeys(t.app);
    for (const route of writes()) {
      const limit = uploads.has(route.key) ? t.config.UPLOAD_LIMIT_BYTES : t.config.BODY_LIMIT_BYTES;
      for (const { name, s } of [{ name: 'anonymous', s: { headers: {} } as SignedIn }, ...who()]) {
        // One byte is sent for a length above the limit: an answer other than 413 would mean it was read.
        const res = await request(fill(route, randomUUID()), route.method, s, { ...bodyFor(route), body: 'x', headers: { 'content-length': String(limit + 1) } });
        count('declared oversized bodies', route.key, res.status, res.status === 413, name);
      }
    }
    expect(tally('declared oversized bodies').failures).toEqual([]);
  });

  it('are cut while they stream (chunked), on every route, and memory does not grow with a burst', async () => {
    const server: Listening = await listen(t.listener());
    const chunk = Buffer.alloc(64 * 1024, 'a');
    const uploads = uploadKeys(t.app);
    try {
      const targets = writes().filter((r) => !uploads.has(r.key));
      const send = (route: RouteEntry, totalBytes: number) =>
        flood(server.port, fill(route, randomUUID()), { contentType: bodyFor(route).type, totalBytes, chunk, headers: admin.headers });
      await send(targets[0]!, MiB); // warm-up
      const before = settledMemory();
      for (const route of targets) {
        const res = await send(route, 4 * MiB);
        count('streamed oversized bodies', route.key, res.status, res.status === 413 && res.written < 4 * MiB, 'chunked 4 MiB');
      }
      for (const key of uploads) {
        const route = routes.find((r) => r.key === key)!;
        const res = await send(route, t.config.UPLOAD_LIMIT_BYTES + 4 * MiB);
        count('streamed oversized bodies', route.key, res.status, res.status === 413, 'chunked upload over the limit');
      }
      const after = settledMemory();
      expect(tally('streamed oversized bodies').failures).toEqual([]);
      expect(after.rss - before.rss).toBeLessThan(48 * MiB);
      expect(after.arrayBuffers - before.arrayBuffers).toBeLessThan(8 * MiB);
    } finally {
      await server.close();
    }
  });
});

describe('account security through an API token', () => {
  it('refuses every account-security page and action to a token with every scope', async () => {
    const token = await createApiToken({ ...t.ctx, actor: admin.actor }, { name: 'Suite de sécurité', scopes: ['*'] });
    for (const r of ACCOUNT_SECURITY_ROUTES) {
      const path = r.path.replace(/:[a-z]+/gi, admin.actor.userId);
      const res = await t.app.request(path, {
        method: r.method,
        headers: { authorization: `Bearer ${token.token}`, ...(r.method === 'POST' ? { 'content-type': 'application/x-www-form-urlencoded' } : {}) },
        body: r.method === 'POST' ? new URLSearchParams({ password: TEST_PASSWORD, name: 'volé', scopes: '*', code: '000000' }).toString() : undefined,
      });
      count('account security by token', `${r.method} ${r.path}`, res.status, res.status === 401 || res.status === 403, 'bearer *');
    }
    expect(tally('account security by token').failures).toEqual([]);
    // The session the token's owner signed in with still works: nothing was closed.
    expect(await (await t.app.request('/profil', { headers: admin.headers })).text()).toContain('<h1>Mon profil</h1>');
  });
});

const BYPASSES = [
  '//evil.example',
  '/\\evil.example',
  '/%2F/evil.example',
  '%2F%2Fevil.example',
  '/%2e//evil.example',
  '/.//evil.example',
  '/a/..//evil.example',
  '/%2e%2e//evil.example',
  '/./\\evil.example',
  '\\\\evil.example',
  'https://evil.example',
  'https:evil.example',
  '/\t/evil.example',
  '/%09/evil.example',
  '/%5Cevil.example',
  '//evil.example/%2e%2e',
  'javascript:alert(1)',
  '/ /evil.example',
];

const sameOrigin = (location: string, origin: string) => {
  const url = new URL(location, origin);
  return url.origin === origin && !location.startsWith('//') && !location.startsWith('/\\') && !/^[a-z][a-z0-9+.-]*:/i.test(location.replace(origin, ''));
};

describe('redirect parameters', () => {
  it('keep safeNext on this site for every known bypass form, raw and decoded', () => {
    for (const raw of BYPASSES) {
      for (const value of new Set([raw, decodeURIComponent(raw)])) {
        const next = safeNext(value);
        const kept = sameOrigin(next, 'http://site.invalid') && next.startsWith('/');
        count('redirects', 'safeNext', kept ? 'same-origin' : `elsewhere: ${next}`, kept, value);
      }
    }
    expect(tally('redirects').failures).toEqual([]);
  });

  it('keep the sign-in redirect on this site (already signed in, and signing in)', async () => {
    const origin = new URL(t.config.PUBLIC_URL).origin;
    for (const raw of BYPASSES) {
      const query = `/connexion?suivant=${raw.includes('%') ? raw : encodeURIComponent(raw)}`;
      const signedIn = await t.app.request(query, { headers: member.headers });
      const location = signedIn.headers.get('location') ?? '';
      count('redirects', 'GET /connexion', signedIn.status, signedIn.status === 303 && sameOrigin(location, origin), raw);
    }
    const signingIn = await signedInMember(t.ctx, ['agent']);
    for (const raw of BYPASSES.slice(0, 8)) {
      const visitor = new Visitor(t.app);
      const res = await visitor.signIn(signingIn.user.email, TEST_PASSWORD, decodeURIComponent(raw));
      const location = res.headers.get('location') ?? '';
      count('redirects', 'POST /connexion', res.status, res.status === 303 && sameOrigin(location, origin), raw);
    }
    expect(tally('redirects').failures).toEqual([]);
  });
});
