import { createHash } from 'node:crypto';
import type { Context } from 'hono';
import type { AppEnv } from '../../platform/http/types.ts';
import { contentVersion, localChangeCount } from './meta.ts';
import { nextScheduledAt } from './veille.ts';

interface Entry {
  version: string;
  etag: string;
  body: string;
  type: string;
  /** Past this instant (ms) the page is rendered again: TTL, or a scheduled article's publication time. */
  expiresAt: number;
}

export interface Rendered {
  body: string;
  type?: string;
  /** Seconds the page may be served from cache when no content changes (default 300). */
  ttlSeconds?: number;
}

/** How long a read of the content version is trusted before reading it again (changes by other instances). */
const RECHECK_MS = 1000;

/**
 * Rendered HTML (or XML) of hot public pages for anonymous visitors. Entries are keyed on the content version
 * stored in the database, so a change made through any instance invalidates every instance's copies: at
 * once for the instance that made it, within RECHECK_MS for the others (one primary-key read per second
 * instead of one per request: on the embedded database, that read costs more than serving the page).
 * Pages also expire when a scheduled article's time comes. One cache per app (tests build several apps).
 */
export function createPageCache(maxEntries = 500) {
  const entries = new Map<string, Entry>();
  let known: { version: string; at: number; changes: number } | null = null;

  async function currentVersion(ctx: Parameters<typeof contentVersion>[0]): Promise<string> {
    const changes = localChangeCount();
    const at = performance.now();
    if (known && known.changes === changes && at - known.at < RECHECK_MS) return known.version;
    const version = await contentVersion(ctx);
    known = { version, at, changes };
    return version;
  }

  return async function cached(c: Context<AppEnv>, key: string, render: () => Promise<Rendered>): Promise<Response> {
    const ctx = c.get('ctx');
    // Signed-in visitors see their name and forms with their token; a flash message is for one visitor.
    const shareable = !c.get('actor') && !c.get('flash');
    const version = await currentVersion(ctx);
    const now = ctx.clock.now().getTime();
    let entry = shareable ? entries.get(key) : undefined;
    if (!entry || entry.version !== version || entry.expiresAt <= now) {
      const out = await render();
      const next = await nextScheduledAt(ctx);
      const ttl = (out.ttlSeconds ?? 300) * 1000;
      entry = {
        version,
        etag: `W/"${createHash('sha1').update(out.body).digest('base64url').slice(0, 20)}"`,
        body: out.body,
        type: out.type ?? 'text/html; charset=utf-8',
        expiresAt: Math.min(now + ttl, next ? next.getTime() : Infinity),
      };
      if (shareable) {
        entries.delete(key);
        entries.set(key, entry);
        // Oldest-inserted first: drop it when full (search pages make the key space open-ended).
        if (entries.size > maxEntries) entries.delete(entries.keys().next().value!);
      }
    }
    const headers: Record<string, string> = { ETag: entry.etag, 'Cache-Control': shareable ? 'public, max-age=0, must-revalidate' : 'private, no-cache', Vary: 'Cookie' };
    const inm = c.req.header('if-none-match');
    if (inm && inm.split(',').some((t) => t.trim() === entry.etag)) return c.body(null, 304, headers);
    return c.body(entry.body, 200, { ...headers, 'Content-Type': entry.type });
  };
}

export type PageCache = ReturnType<typeof createPageCache>;
