import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/helpers/app.ts';
import { flood, listen, settledMemory, type Listening } from '../../../test/security/socket.ts';
import { routeKey, uploadRoutes } from './body-limit.ts';

let t: TestApp;
let server: Listening;
const MiB = 1024 * 1024;
const chunk = Buffer.alloc(MiB, 'a');

beforeAll(async () => {
  t = await createTestApp();
  server = await listen(t.listener());
});
afterAll(async () => {
  await server.close();
  await t.close();
});

const declared = (path: string, bytes: number, type: string) =>
  t.app.request(path, { method: 'POST', body: 'x', headers: { 'content-type': type, 'content-length': String(bytes) } });

describe('request body limits', () => {
  it('refuses a declared oversized body with a French 413 page, before the CSRF check reads it', async () => {
    for (const path of ['/connexion', '/mot-de-passe-oublie']) {
      const res = await declared(path, 300 * MiB, 'multipart/form-data; boundary=x');
      expect(res.status, path).toBe(413);
      expect(res.headers.get('content-type')).toContain('text/html');
      expect(await res.text()).toContain('La requête dépasse la taille autorisée (1 Mo).');
    }
  });

  it('answers the Error body under /api', async () => {
    const res = await declared('/api/v1/auth/login', 300 * MiB, 'application/json');
    expect(res.status).toBe(413);
    const body = (await res.json()) as { code: string; message: string; requestId: string };
    expect(body).toEqual({ code: 'payload_too_large', message: 'La requête dépasse la taille autorisée (1 Mo).', requestId: res.headers.get('x-request-id') });
  });

  it('lets a body under the limit through to the route', async () => {
    const res = await t.app.request('/api/v1/auth/login', { method: 'POST', body: JSON.stringify({ email: 'personne@example.org', password: 'x'.repeat(20) }), headers: { 'content-type': 'application/json' } });
    expect(res.status).toBe(401);
  });

  it('gives upload routes the larger limit, and only them', async () => {
    const uploads = uploadRoutes(t.app.openAPIRegistry.definitions as never);
    expect(uploads).toContain('POST /api/v1/helpdesk/inbound-mail');
    expect(uploads).toContain('POST /redaction/medias');
    expect(uploads).not.toContain('POST /api/v1/auth/login');
    expect(routeKey('POST', '/tarifs/:id{[0-9a-f-]{36}}/decision')).toBe('POST /tarifs/:id/decision');
    expect(routeKey('put', '/api/v1/members/{id}/contacts/{contactId}')).toBe('PUT /api/v1/members/:id/contacts/:contactId');
    // 2 MiB: over the form limit, under the upload limit. Anonymous, so refused further on, but not as too large.
    expect((await declared('/redaction/medias', 2 * MiB, 'multipart/form-data; boundary=x')).status).not.toBe(413);
    expect((await declared('/redaction/pages/nouvelle', 2 * MiB, 'multipart/form-data; boundary=x')).status).toBe(413);
    expect((await declared('/redaction/medias', 33 * MiB, 'multipart/form-data; boundary=x')).status).toBe(413);
  });

  it('counts a chunked body while it streams: 413 after the limit, memory flat after a burst', async () => {
    const targets = [
      { path: '/connexion', contentType: 'multipart/form-data; boundary=----x' },
      { path: '/mot-de-passe-oublie', contentType: 'application/x-www-form-urlencoded' },
      { path: '/api/v1/auth/login', contentType: 'application/json' },
    ];
    // Warm-up: the first answers load pages and code.
    for (const target of targets) await flood(server.port, target.path, { ...target, totalBytes: 4 * MiB, chunk });
    const before = settledMemory();
    for (let round = 0; round < 2; round++) {
      for (const target of targets) {
        const res = await flood(server.port, target.path, { ...target, totalBytes: 50 * MiB, chunk });
        expect(res.status, target.path).toBe(413);
        expect(res.body).toContain('La requête dépasse la taille autorisée');
        // The server stopped reading long before the end: the client could not push the 50 MiB.
        expect(res.written, target.path).toBeLessThan(50 * MiB);
      }
    }
    const after = settledMemory();
    expect(after.rss - before.rss).toBeLessThan(40 * MiB);
    expect(after.arrayBuffers - before.arrayBuffers).toBeLessThan(20 * MiB);
  });
});

describe('NUL bytes', () => {
  it('refuses %00 in a query or a path with a 422, JSON under /api and a page elsewhere', async () => {
    const api = await t.app.request('/api/v1/publications/articles?q=a%00b');
    expect(api.status).toBe(422);
    expect(((await api.json()) as { code: string; fields: Record<string, string> }).fields).toEqual({ query: 'Caractère nul refusé.' });
    const page = await t.app.request('/veille?q=%00');
    expect(page.status).toBe(422);
    expect(await page.text()).toContain('caractère nul');
    expect((await t.app.request('/veille/a%00b')).status).toBe(422);
    expect((await t.app.request('/veille?q=%2500')).status).toBe(200);
  });

  it('refuses a NUL in a JSON string or a form field', async () => {
    const json = await t.app.request('/api/v1/auth/login', { method: 'POST', body: JSON.stringify({ email: 'a\u0000@example.org', password: 'x'.repeat(20) }), headers: { 'content-type': 'application/json' } });
    expect(json.status).toBe(422);
    expect(((await json.json()) as { code: string }).code).toBe('nul_byte');
    const nested = await t.app.request('/api/v1/auth/login', { method: 'POST', body: JSON.stringify({ email: 'a@example.org', password: ['x', { y: 'z\u0000' }] }), headers: { 'content-type': 'application/json' } });
    expect(nested.status).toBe(422);
    const visitor = await t.app.request('/mot-de-passe-oublie');
    const csrf = /name="_csrf" value="([^"]*)"/.exec(await visitor.text())?.[1] ?? '';
    const cookie = visitor.headers.getSetCookie()[0]!.split(';')[0]!;
    const form = await t.app.request('/mot-de-passe-oublie', { method: 'POST', body: `_csrf=${csrf}&email=a%00%40example.org`, headers: { 'content-type': 'application/x-www-form-urlencoded', cookie } });
    expect(form.status).toBe(422);
    expect(await form.text()).toContain('caractère nul');
  });
});
