import type { Context } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../../../platform/http/types.ts';
import { Invalid, NotFound } from '../../../platform/errors.ts';
import { clientIp, sessionToken } from './middleware.ts';
import type { ClientMeta } from '../sign-in.ts';

export function clientMeta(c: Context<AppEnv>): ClientMeta {
  return { ip: clientIp(c), userAgent: c.req.header('user-agent'), previousToken: sessionToken(c) };
}

/** Reads and validates a posted form with a zod schema; failures become the French 422 with field messages. */
export async function readForm<S extends z.ZodType>(c: Context<AppEnv>, schema: S): Promise<z.output<S>> {
  const body = await c.req.parseBody({ all: true });
  const parsed = schema.safeParse(body);
  if (!parsed.success) {
    const fields: Record<string, string> = {};
    for (const issue of parsed.error.issues) fields[issue.path.join('.') || '_'] = issue.message;
    throw new Invalid(undefined, fields);
  }
  return parsed.data;
}

/** A text field of a form: trimmed, bounded; absent means empty. */
export const field = (max = 500) => z.preprocess((v) => (typeof v === 'string' ? v : Array.isArray(v) ? String(v[0] ?? '') : ''), z.string().max(max, `${max} caractères au plus.`));
/** A secret field: never trimmed. */
export const secret = () => field(1024);
/** A multi-valued field (checkboxes). */
export const many = () => z.preprocess((v) => (Array.isArray(v) ? v.map(String) : typeof v === 'string' && v ? [v] : []), z.array(z.string().max(100)).max(100));

/** A page's path id, checked as a real UUID: a malformed one (36 dashes, NUL, too long, unicode) is a 404, never a 500. */
export function pathId(c: Context<AppEnv>, name = 'id'): string {
  const parsed = z.uuid().safeParse(c.req.param(name));
  if (!parsed.success) throw new NotFound();
  return parsed.data;
}

/** A page's address carrying where to go next (`suivant`), left out when it is the home page. */
export function withNext(path: string, next: string): string {
  return next === '/' ? path : `${path}?suivant=${encodeURIComponent(next)}`;
}
