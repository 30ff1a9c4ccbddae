import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import { Hono } from 'hono';
import { PUBLIC_DIR } from '../../paths.ts';

const TYPES: Record<string, string> = {
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
  '.html': 'text/html; charset=utf-8',
};

interface Asset {
  url: string;
  body: Buffer;
  type: string;
}

/** Files of public/ served under fingerprinted URLs (`/static/app.3f9a1c2b.css`), cached for a year. */
function loadAssets(): Map<string, Asset> {
  const byName = new Map<string, Asset>();
  const walk = (dir: string, prefix: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const rel = prefix + entry.name;
      if (entry.isDirectory()) walk(join(dir, entry.name), `${rel}/`);
      else {
        const body = readFileSync(join(dir, entry.name));
        const hash = createHash('sha256').update(body).digest('hex').slice(0, 10);
        const ext = extname(rel);
        byName.set(rel, { url: `/static/${rel.slice(0, -ext.length)}.${hash}${ext}`, body, type: TYPES[ext] ?? 'application/octet-stream' });
      }
    }
  };
  walk(PUBLIC_DIR, '');
  return byName;
}

const assets = loadAssets();
const byUrl = new Map([...assets.values()].map((a) => [a.url, a]));

/** The fingerprinted URL of a file of public/, e.g. asset('app.css'). */
export function asset(name: string): string {
  const found = assets.get(name);
  if (!found) throw new Error(`asset inconnu: ${name}`);
  return found.url;
}

export const staticRoutes = new Hono().get('/static/*', (c) => {
  const found = byUrl.get(c.req.path);
  if (!found) return c.notFound();
  return c.body(new Uint8Array(found.body), 200, {
    'Content-Type': found.type,
    'Cache-Control': 'public, max-age=31536000, immutable',
  });
});
