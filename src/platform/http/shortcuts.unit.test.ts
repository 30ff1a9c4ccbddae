import { createServer, type RequestListener, type Server } from 'node:http';
import { Writable } from 'node:stream';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { createMetrics } from './metrics.ts';
import { withShortcuts, type Shortcut } from './shortcuts.ts';

let server: Server | null = null;
afterEach(() => new Promise<void>((done) => (server ? server.close(() => done()) : done())));

async function listen(listener: RequestListener): Promise<string> {
  server = createServer(listener);
  await new Promise<void>((done) => server!.listen(0, '127.0.0.1', done));
  return `http://127.0.0.1:${(server.address() as { port: number }).port}`;
}

function setup(shortcut: Shortcut) {
  const lines: Record<string, unknown>[] = [];
  const log = pino({ level: 'info' }, new Writable({ write: (chunk, _enc, done) => (lines.push(JSON.parse(String(chunk))), done()) }));
  const metrics = createMetrics(() => ({ total: 0, idle: 0, waiting: 0 }));
  const appCalls: string[] = [];
  const app: RequestListener = (req, res) => {
    appCalls.push(req.url!);
    res.writeHead(200, { 'content-type': 'text/plain' }).end('from the app');
  };
  return { lines, metrics, appCalls, listener: withShortcuts(app, [shortcut], log, metrics) };
}

const stored = new TextEncoder().encode('<p>stockée</p>');
const page: Shortcut = (req) =>
  req.url?.startsWith('/stored')
    ? { route: '/stored/:slug', status: 200, headers: ['content-type', 'text/html; charset=utf-8', 'x-frame-options', 'DENY', 'content-length', String(stored.byteLength)], body: stored }
    : null;

describe('shortcuts in front of the app', () => {
  it('answers a prepared response without entering the app, with its own request id, log line and metrics', async () => {
    const s = setup(page);
    const base = await listen(s.listener);
    const res = await fetch(`${base}/stored/a?x=1`, { headers: { 'x-request-id': 'appel-42' } });
    expect(await res.text()).toBe('<p>stockée</p>');
    expect(res.headers.get('x-frame-options')).toBe('DENY');
    expect(res.headers.get('x-request-id')).toBe('appel-42');
    expect(res.headers.get('content-length')).toBe(String(stored.byteLength));
    expect(s.appCalls).toEqual([]);
    const line = s.lines.find((l) => l.msg === 'request')!;
    expect(line).toMatchObject({ requestId: 'appel-42', method: 'GET', path: '/stored/a', route: '/stored/:slug', status: 200 });
    expect(typeof line.durationMs).toBe('number');
    expect(await s.metrics.registry.getSingleMetricAsString('mutualis_http_requests_total')).toContain('mutualis_http_requests_total{method="GET",route="/stored/:slug",status="200"} 1');
  });

  it('leaves every other request to the app, and replaces an unsafe request id', async () => {
    const s = setup(page);
    const base = await listen(s.listener);
    expect(await (await fetch(`${base}/autre`)).text()).toBe('from the app');
    expect(s.appCalls).toEqual(['/autre']);
    const res = await fetch(`${base}/stored/b`, { headers: { 'x-request-id': 'pas sûr\tdu tout' } });
    expect(res.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('writes a 304 without a body', async () => {
    const s = setup(() => ({ route: '/p', status: 304, headers: ['etag', 'W/"abc"'], body: null }));
    const base = await listen(s.listener);
    const res = await fetch(`${base}/p`);
    expect(res.status).toBe(304);
    expect(res.headers.get('etag')).toBe('W/"abc"');
    expect(res.headers.get('content-length')).toBeNull();
  });
});
