import { createHash } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Context, MiddlewareHandler } from 'hono';
import { routeOf } from '../../../platform/http/request-context.ts';
import type { Prepared, Shortcut } from '../../../platform/http/shortcuts.ts';
import type { AppEnv } from '../../../platform/http/types.ts';
import type { AppDeps } from '../../../platform/module.ts';
import { contentVersion, localChangeCount } from '../meta.ts';
import { nextScheduledAt } from '../veille.ts';

export interface Rendered {
  body: string;
  type?: string;
  /** Seconds the page may be served from cache when no content changes (default 300). */
  ttlSeconds?: number;
}

interface Entry {
  version: string;
  /** Past this instant (ms, app clock) the page is rendered again: TTL, or a scheduled article's time. */
  expiresAt: number;
  etag: string;
  /** The route pattern that rendered it, for the logs and metrics of the requests it answers. */
  route: string;
  /** The response as it left the app the first time (security headers, compression, length): flat list. */
  headers: string[];
  /** The headers of a 304 to this page (ETag, Cache-Control, Vary): flat list. */
  notModified: string[];
  body: Uint8Array<ArrayBuffer>;
}

/** What decides whether and which stored page answers a request, read from Hono's or Node's request. */
interface PageRequest {
  method: string;
  /** Path and query, as sent. */
  target: string;
  authorization?: string;
  cookie?: string;
  acceptEncoding?: string;
  ifNoneMatch?: string;
}

/** How long (app clock) a read of the content version is trusted before reading it again (changes by other instances). */
const RECHECK_MS = 1000;
/** Session, flash message, form token: a visitor carrying one of these gets pages of their own. */
const PERSONAL_COOKIE = /(?:^|;\s*)(?:__Host-)?mutualis_/;
/** Per request, not part of the stored page. */
const NOT_STORED = new Set(['x-request-id', 'set-cookie', 'content-length']);

const etagMatches = (header: string | undefined, etag: string) => !!header && header.split(',').some((t) => t.trim() === etag);

/** The entry key of a request that may be answered from the cache, or null (not a GET, or personal). */
function keyOf(r: PageRequest): string | null {
  if (r.method !== 'GET' || r.authorization || (r.cookie && PERSONAL_COOKIE.test(r.cookie))) return null;
  return `${r.target} ${r.acceptEncoding ?? ''}`;
}

function fromHono(c: Context<AppEnv>): PageRequest {
  const url = c.req.url;
  return {
    method: c.req.method,
    target: url.slice(url.indexOf('/', url.indexOf('//') + 2)),
    authorization: c.req.header('authorization'),
    cookie: c.req.header('cookie'),
    acceptEncoding: c.req.header('accept-encoding'),
    ifNoneMatch: c.req.header('if-none-match'),
  };
}

function fromNode(req: IncomingMessage): PageRequest {
  const h = req.headers;
  return {
    method: req.method ?? 'GET',
    target: req.url ?? '/',
    authorization: h.authorization,
    cookie: h.cookie,
    acceptEncoding: h['accept-encoding'],
    ifNoneMatch: h['if-none-match'],
  };
}

/**
 * Rendered pages of the public site (HTML and feeds) for anonymous visitors. Three parts:
 * - `shortcut`, tried by the Node listener before the app: answers a stored page (or 304) from memory when
 *   the content version read less than RECHECK_MS ago still holds, else lets the app answer;
 * - `serve`, a middleware placed before sessions, CSRF, security headers and compression: the same answer
 *   once the version has been read again (and for `app.request`), and stores the final response of a page
 *   the route marked as shareable;
 * - `cached`, used by the routes: renders, sets ETag and cache headers, and marks the page as shareable.
 * Entries are keyed on path, query and Accept-Encoding, and valid for one content version, stored in the
 * database: a change made through any instance invalidates every instance's copies, at once for the instance
 * that made it, within RECHECK_MS for the others (one primary-key read per second, not per request). They
 * also expire after their TTL and when a scheduled article's time comes. One cache per app.
 */
export function createPageCache(deps: Pick<AppDeps, 'handle' | 'clock'>, maxEntries = 500) {
  const entries = new Map<string, Entry>();
  /** What the route decided about the page being rendered for this request (version and expiry). */
  const shareable = new WeakMap<Request, Pick<Entry, 'version' | 'expiresAt'>>();
  let known: { version: string; at: number; changes: number } | null = null;

  /** The content version when the last read is recent enough to trust and nothing changed here since. */
  function trustedVersion(): string | null {
    if (!known || known.changes !== localChangeCount()) return null;
    const age = deps.clock.now().getTime() - known.at;
    return age >= 0 && age < RECHECK_MS ? known.version : null; // a clock set back is not trusted
  }

  async function currentVersion(): Promise<string> {
    const trusted = trustedVersion();
    if (trusted !== null) return trusted;
    const changes = localChangeCount();
    const at = deps.clock.now().getTime();
    const version = await contentVersion(deps.handle);
    known = { version, at, changes };
    return version;
  }

  /** The stored answer to this request for this content version, or null. */
  function answer(key: string, r: PageRequest, version: string): Prepared | null {
    const entry = entries.get(key);
    if (!entry || entry.version !== version || entry.expiresAt <= deps.clock.now().getTime()) return null;
    if (etagMatches(r.ifNoneMatch, entry.etag)) {
      return { route: entry.route, status: 304, headers: entry.notModified, body: null };
    }
    return { route: entry.route, status: 200, headers: entry.headers, body: entry.body };
  }

  const shortcut: Shortcut = (req) => {
    const r = fromNode(req);
    const key = keyOf(r);
    const version = key === null ? null : trustedVersion();
    return key === null || version === null ? null : answer(key, r, version);
  };

  const serve: MiddlewareHandler<AppEnv> = async (c, next) => {
    const r = fromHono(c);
    const key = keyOf(r);
    if (key === null) return next();
    const found = entries.has(key) ? answer(key, r, await currentVersion()) : null;
    if (found) {
      const headers = new Headers({ 'x-request-id': c.get('requestId') });
      for (let i = 0; i < found.headers.length; i += 2) headers.set(found.headers[i]!, found.headers[i + 1]!);
      return new Response(found.body, { status: found.status, headers });
    }
    await next();
    const page = shareable.get(c.req.raw);
    const etag = c.res.headers.get('etag');
    if (!page || !etag || c.res.status !== 200 || c.res.headers.has('set-cookie')) return;
    const body = new Uint8Array(await c.res.arrayBuffer());
    const headers: string[] = [];
    c.res.headers.forEach((v, k) => {
      if (!NOT_STORED.has(k)) headers.push(k, v);
    });
    headers.push('content-length', String(body.byteLength));
    const notModified = ['etag', etag, 'cache-control', c.res.headers.get('cache-control') ?? 'no-cache', 'vary', c.res.headers.get('vary') ?? 'Accept-Encoding'];
    c.res = new Response(body, { status: 200, headers: c.res.headers });
    entries.delete(key);
    entries.set(key, { ...page, etag, route: routeOf(c), headers, notModified, body });
    // Oldest-inserted first: drop it when full (search pages make the key space open-ended).
    if (entries.size > maxEntries) entries.delete(entries.keys().next().value!);
  };

  async function cached(c: Context<AppEnv>, render: () => Promise<Rendered>): Promise<Response> {
    const ctx = c.get('ctx');
    // Signed-in visitors see their name and forms with their token; a flash message is for one visitor.
    const isShared = !c.get('actor') && !c.get('flash');
    // Read before rendering: a change made meanwhile leaves this copy on the older version, so not reused.
    const version = isShared ? await currentVersion() : null;
    const out = await render();
    if (version !== null) {
      const now = ctx.clock.now().getTime();
      const next = await nextScheduledAt(ctx);
      shareable.set(c.req.raw, { version, expiresAt: Math.min(now + (out.ttlSeconds ?? 300) * 1000, next ? next.getTime() : Infinity) });
    }
    const etag = `W/"${createHash('sha1').update(out.body).digest('base64url').slice(0, 20)}"`;
    // Vary names Accept-Encoding already: compression then leaves the response as it is (no copy).
    const headers = { ETag: etag, 'Cache-Control': isShared ? 'public, max-age=0, must-revalidate' : 'private, no-cache', Vary: 'Cookie, Accept-Encoding' };
    if (etagMatches(c.req.header('if-none-match'), etag)) return c.body(null, 304, headers);
    return c.body(out.body, 200, { ...headers, 'Content-Type': out.type ?? 'text/html; charset=utf-8' });
  }

  return { shortcut, serve, cached };
}

export type PageCache = ReturnType<typeof createPageCache>['cached'];
