import type { App } from '../../src/app.ts';
import { routeKey, uploadRoutes } from '../../src/platform/http/body-limit.ts';

export interface RouteEntry {
  method: string;
  /** Hono pattern, with its constraints (`/tarifs/:id{[0-9a-f-]{36}}`). */
  pattern: string;
  /** `METHOD /path/:param`, constraints removed. */
  key: string;
  params: string[];
}

/** Every route of the app (the route table), once per method and pattern; middleware (`ALL`) left out. */
export function routeTable(app: App): RouteEntry[] {
  const seen = new Map<string, RouteEntry>();
  for (const r of app.routes) {
    if (r.method === 'ALL' || r.path.includes('*')) continue;
    const key = routeKey(r.method, r.path);
    if (seen.has(key)) continue;
    const params = [...key.matchAll(/:([A-Za-z0-9_]+)/g)].map((m) => m[1]!);
    seen.set(key, { method: r.method.toUpperCase(), pattern: r.path, key, params });
  }
  return [...seen.values()];
}

/** The path with each parameter replaced by `value` (already encoded for a URL). */
export function fill(route: RouteEntry, value: string | ((param: string) => string)): string {
  const path = route.key.slice(route.method.length + 1);
  return path.replace(/:([A-Za-z0-9_]+)/g, (_, name: string) => (typeof value === 'string' ? value : value(name)));
}

interface Definition {
  type: string;
  route?: { method: string; path: string; request?: { query?: { shape?: Record<string, unknown> } } };
}

/** The API lists and searches: GET operations of the OpenAPI document with a `q` or `search` parameter. */
export function apiSearches(app: App): { key: string; path: string; param: string }[] {
  const out: { key: string; path: string; param: string }[] = [];
  for (const d of app.openAPIRegistry.definitions as readonly Definition[]) {
    if (d.type !== 'route' || !d.route || d.route.method !== 'get') continue;
    const shape = d.route.request?.query?.shape ?? {};
    const param = ['q', 'search'].find((p) => p in shape);
    if (param && !d.route.path.includes('{')) out.push({ key: routeKey('get', d.route.path), path: d.route.path, param });
  }
  return out;
}

/** Upload routes (the larger body limit), as the platform computes them. */
export const uploadKeys = (app: App) => uploadRoutes(app.openAPIRegistry.definitions as never);
