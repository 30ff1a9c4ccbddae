import { createHash } from 'node:crypto';
import type { Context, MiddlewareHandler } from 'hono';
import type { AppEnv } from '../../platform/http/types.ts';
import type { AppDeps } from '../../platform/module.ts';
import { contentVersion, localChangeCount } from './meta.ts';
import { nextScheduledAt } from './veille.ts';

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
  /** The response as it left the app the first time: security headers and compression included. */
  headers: Record<string, string>;
  body: Uint8Array<ArrayBuffer>;
}

/** How long a read of the content version is trusted before reading it again (changes by other instances). */
const RECHECK_MS = 1000;
/** Session, flash message, form token: a visitor carrying one of these gets pages of their own. */
const PERSONAL_COOKIE = /(?:^|;\s*)(?:__Host-)?mutualis_/;
/** Per request, not part of the stored page. */
const NOT_STORED = new Set(['x-request-id', 'set-cookie']);

const etagMatches = (header: string | undefined, etag: string) => !!header && header.split(',').some((t) => t.trim() === etag);

/**
 * Rendered pages of the public site (HTML and feeds) for anonymous visitors. Two halves:
 * - `serve`, a middleware placed before sessions, CSRF, security headers and compression: it answers a stored
 *   page at once (or 304), and stores the final response of a page the route marked as shareable;
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

  async function currentVersion(): Promise<string> {
    const changes = localChangeCount();
    const at = performance.now();
    if (known && known.changes === changes && at - known.at < RECHECK_MS) return known.version;
    const version = await contentVersion({ db: deps.handle.db });
    known = { version, at, changes };
    return version;
  }

  const serve: MiddlewareHandler<AppEnv> = async (c, next) => {
    if (c.req.method !== 'GET' || c.req.header('authorization') || PERSONAL_COOKIE.test(c.req.header('cookie') ?? '')) return next();
    const url = c.req.url;
    const key = `${url.slice(url.indexOf('/', url.indexOf('//') + 2))} ${c.req.header('accept-encoding') ?? ''}`;
    const entry = entries.get(key);
    if (entry && entry.expiresAt > deps.clock.now().getTime() && entry.version === (await currentVersion())) {
      if (etagMatches(c.req.header('if-none-match'), entry.etag)) {
        return c.body(null, 304, { ETag: entry.etag, 'Cache-Control': entry.headers['cache-control']!, Vary: entry.headers.vary! });
      }
      // A plain Response with a plain header object: the Node adapter writes it out as is, with no Headers copy.
      return new Response(entry.body, { status: 200, headers: { ...entry.headers, 'x-request-id': c.get('requestId') } });
    }
    await next();
    const page = shareable.get(c.req.raw);
    const etag = c.res.headers.get('etag');
    if (!page || !etag || c.res.status !== 200 || c.res.headers.has('set-cookie')) return;
    const body = new Uint8Array(await c.res.arrayBuffer());
    const headers: Record<string, string> = {};
    c.res.headers.forEach((v, k) => {
      if (!NOT_STORED.has(k)) headers[k] = v;
    });
    c.res = new Response(body, { status: 200, headers: c.res.headers });
    entries.delete(key);
    entries.set(key, { ...page, etag, headers, body });
    // Oldest-inserted first: drop it when full (search pages make the key space open-ended).
    if (entries.size > maxEntries) entries.delete(entries.keys().next().value!);
  };

  async function cached(c: Context<AppEnv>, render: () => Promise<Rendered>): Promise<Response> {
    const ctx = c.get('ctx');
    // Signed-in visitors see their name and forms with their token; a flash message is for one visitor.
    const isShared = !c.get('actor') && !c.get('flash');
    // Read before rendering: a change made meanwhile leaves this copy on the older version, so not reused.
    const version = await currentVersion();
    const out = await render();
    if (isShared) {
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

  return { serve, cached };
}

export type PageCache = ReturnType<typeof createPageCache>['cached'];
