import type { Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { createMiddleware } from 'hono/factory';
import { matchedRoutes } from 'hono/route';
import type { AppEnv } from './types.ts';
import { payloadTooLarge } from './errors.tsx';
import { formatSize } from '../format.ts';

/**
 * The pages that receive a file (multipart forms with an `<input type="file">`): they get the upload limit,
 * every other route the small one. API routes need no entry: those whose OpenAPI body is neither JSON nor a
 * form (a CSV, a raw message) are upload routes by their declaration. The security suite checks that each
 * entry still names a route.
 */
export const UPLOAD_PAGES: readonly string[] = [
  'POST /redaction/articles/:id/pieces-jointes',
  'POST /redaction/medias',
  'POST /redaction/documents',
  'POST /redaction/documents/:id/versions',
  'POST /membres/:id/deliberations/nouvelle',
  'POST /tarifs/:id/decision',
  'POST /assistance/tickets/:id/pieces',
  'POST /mes-demandes/:id/pieces',
];

/** Body types that are not uploads: a route declaring only these gets the small limit. */
const SMALL_TYPES = new Set(['application/json', 'application/x-www-form-urlencoded', 'multipart/form-data']);

/** `/tarifs/:id{[0-9a-f-]{36}}` → `/tarifs/:id`; `/tickets/{id}` (OpenAPI) → `/tickets/:id`. */
export function routeKey(method: string, path: string): string {
  let plain = '';
  let depth = 0;
  for (const ch of path) {
    if (ch === '{') depth++;
    else if (ch === '}') depth--;
    else if (depth === 0) plain += ch;
  }
  const normalised = path.includes(':') ? plain : path.replace(/\{([^}/]+)\}/g, ':$1');
  return `${method.toUpperCase()} ${normalised}`;
}

interface Definition {
  type: string;
  route?: { method: string; path: string; request?: { body?: { content?: Record<string, unknown> } } };
}

/** The upload routes: the pages above and the API routes whose declared body is a file. */
export function uploadRoutes(definitions: readonly Definition[]): Set<string> {
  const keys = new Set(UPLOAD_PAGES);
  for (const d of definitions) {
    const types = Object.keys(d.route?.request?.body?.content ?? {});
    if (d.type === 'route' && d.route && types.some((t) => !SMALL_TYPES.has(t))) keys.add(routeKey(d.route.method, d.route.path));
  }
  return keys;
}

export interface BodyLimits {
  /** Every route but uploads (forms, JSON). */
  body: number;
  /** Upload routes. */
  upload: number;
}

/**
 * Refuses a request body over its route's limit with a 413, before anything reads it (CSRF check included).
 * A declared Content-Length is checked first, with nothing read; a chunked body is counted while it streams
 * and never held beyond the limit. The connection is then closed, so the rest of the upload is not received.
 */
export function bodyLimits(limits: BodyLimits, definitions: () => readonly Definition[]) {
  let uploads: Set<string> | null = null;
  const guard = (maxSize: number) =>
    bodyLimit({
      maxSize,
      onError: (c: Context<AppEnv>) => {
        c.header('Connection', 'close');
        return payloadTooLarge(c, `La requête dépasse la taille autorisée (${formatSize(maxSize)}).`);
      },
    });
  const small = guard(limits.body);
  const large = guard(limits.upload);
  return createMiddleware<AppEnv>(async (c, next) => {
    uploads ??= uploadRoutes(definitions());
    const isUpload = matchedRoutes(c).some((r) => r.method !== 'ALL' && uploads!.has(routeKey(r.method, r.path)));
    return (isUpload ? large : small)(c, next);
  });
}
