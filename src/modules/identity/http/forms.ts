import type { Context } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../../platform/http/types.ts';
import { Invalid } from '../../platform/errors.ts';
import { clientIp, sessionToken } from './middleware.ts';
import type { ClientMeta } from './sign-in.ts';

/**
 * Where to go after sign-in: only a path of this site. Anything else (another host, `//host`, `/\host`,
 * a scheme, control characters) falls back to the home page: no open redirect.
 */
export function safeNext(value: unknown, fallback = '/'): string {
  if (typeof value !== 'string' || value.length > 2000) return fallback;
  if (!value.startsWith('/') || value.startsWith('//') || value.includes('\\') || /[\u0000-\u001f\u007f\s]/.test(value)) return fallback;
  try {
    const url = new URL(value, 'http://mutualis.invalid');
    return url.origin === 'http://mutualis.invalid' ? url.pathname + url.search + url.hash : fallback;
  } catch {
    return fallback;
  }
}

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

export function formatInstant(d: Date | null | undefined): string {
  if (!d) return '—';
  return d.toLocaleString('fr-FR', { timeZone: 'Europe/Paris', dateStyle: 'short', timeStyle: 'short' });
}
