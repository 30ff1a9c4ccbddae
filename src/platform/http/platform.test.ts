import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/helpers/app.ts';
import { appMeta } from '../db/schema.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

describe('HTTP platform', () => {
  it('echoes a safe incoming request id and makes one otherwise', async () => {
    const echoed = await t.app.request('/healthz', { headers: { 'x-request-id': 'abc-123' } });
    expect(echoed.headers.get('x-request-id')).toBe('abc-123');
    const unsafe = await t.app.request('/healthz', { headers: { 'x-request-id': '<script>' } });
    expect(unsafe.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('sends a strict CSP and the security headers', async () => {
    const res = await t.app.request('/');
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).toContain("frame-ancestors 'none'");
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('referrer-policy')).toBe('strict-origin-when-cross-origin');
    expect(res.headers.get('strict-transport-security')).toBeNull();
  });

  it('sends HSTS when PUBLIC_URL is https', async () => {
    const https = await createTestApp({ PUBLIC_URL: 'https://mutualis.example.fr' });
    try {
      const res = await https.app.request('/healthz');
      expect(res.headers.get('strict-transport-security')).toContain('max-age=');
    } finally {
      await https.close();
    }
  });

  it('answers a unique violation (two writers racing for one value) with a 409, never a 500', async () => {
    // A real violation from the database, wrapped by Drizzle as use cases see it; routes added before the
    // app answers its first request (the router is built then).
    const own = await createTestApp();
    try {
      const twice = async (c: { get(k: 'ctx'): TestApp['ctx'] }) => {
        for (const value of [1, 2]) await c.get('ctx').db.insert(appMeta).values({ key: 'race-for-one-value', value, updatedAt: own.clock.now() });
        return new Response('jamais');
      };
      own.app.get('/api/v1/race-for-one-value', (c) => twice(c));
      own.app.get('/course-a-une-valeur', (c) => twice(c));
      const api = await own.app.request('/api/v1/race-for-one-value');
      expect(api.status).toBe(409);
      expect(await api.json()).toMatchObject({ code: 'duplicate', message: expect.stringContaining('existe déjà') });
      const page = await own.app.request('/course-a-une-valeur');
      expect(page.status).toBe(409);
      expect(await page.text()).toContain('existe déjà');
    } finally {
      await own.close();
    }
  });

  it('answers a French 404 page, and JSON under /api', async () => {
    const page = await t.app.request('/inexistant');
    expect(page.status).toBe(404);
    expect(await page.text()).toContain('Page introuvable');
    const api = await t.app.request('/api/v1/inexistant');
    expect(api.status).toBe(404);
    const body = (await api.json()) as { code: string; message: string; requestId: string };
    expect(body.code).toBe('not_found');
    expect(body.requestId).toBe(api.headers.get('x-request-id'));
  });

  it('reports liveness and readiness', async () => {
    expect((await t.app.request('/healthz')).status).toBe(200);
    const ready = await t.app.request('/readyz');
    expect(ready.status).toBe(200);
  });

  it('hides /metrics when METRICS_TOKEN is unset, even to a bearer', async () => {
    expect((await t.app.request('/metrics')).status).toBe(404);
    expect((await t.app.request('/metrics', { headers: { authorization: `Bearer ${'x'.repeat(40)}` } })).status).toBe(404);
  });

  it('serves /metrics only to the bearer of METRICS_TOKEN', async () => {
    const token = 'm'.repeat(20) + 'e'.repeat(20);
    const withToken = await createTestApp({ METRICS_TOKEN: token });
    try {
      await withToken.app.request('/');
      for (const authorization of [undefined, `Bearer ${token.slice(0, -1)}x`, `Bearer ${token}x`, token, `Basic ${token}`]) {
        const refused = await withToken.app.request('/metrics', { headers: authorization ? { authorization } : {} });
        expect(refused.status, String(authorization)).toBe(404);
        expect(await refused.text()).not.toContain('mutualis_http_requests_total');
      }
      const res = await withToken.app.request('/metrics', { headers: { authorization: `Bearer ${token}` } });
      expect(res.status).toBe(200);
      const metrics = await res.text();
      expect(metrics).toMatch(/mutualis_http_requests_total\{method="GET",route="\/",status="200"\} \d+/);
      expect(metrics).toContain('mutualis_db_pool_total');
      expect(metrics).toContain('mutualis_nodejs_eventloop_lag_seconds');
    } finally {
      await withToken.close();
    }
  });

  it('serves fingerprinted assets with a long cache and 404s unknown ones', async () => {
    const html = await (await t.app.request('/')).text();
    const css = html.match(/href="(\/static\/app\.[0-9a-f]{10}\.css)"/)?.[1];
    expect(css).toBeDefined();
    const res = await t.app.request(css!);
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toContain('immutable');
    expect((await t.app.request('/static/app.0000000000.css')).status).toBe(404);
  });

  it('compresses large responses', async () => {
    const res = await t.app.request('/', { headers: { 'accept-encoding': 'gzip' } });
    expect(res.headers.get('content-encoding')).toBe('gzip');
  });

  it('serves the OpenAPI 3.1 document', async () => {
    const res = await t.app.request('/api/openapi.json');
    const doc = (await res.json()) as { openapi: string };
    expect(doc.openapi).toBe('3.1.0');
  });
});
