import type { Context } from 'hono';
import { Invalid } from '../../../platform/errors.ts';
import type { AppEnv } from '../../../platform/http/types.ts';

/** The syndicate's today (`YYYY-MM-DD`) from the app clock. */
export const today = (c: Context<AppEnv>) => c.get('ctx').clock.now().toISOString().slice(0, 10);

/** Form fields as plain strings (repeated names: the last value), for zod validation in the use cases. */
export async function formBody(c: Context<AppEnv>): Promise<Record<string, string>> {
  const body = await c.req.parseBody({ all: true });
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(body)) {
    const last = Array.isArray(v) ? v[v.length - 1] : v;
    if (typeof last === 'string') out[k] = last;
  }
  return out;
}

/** Runs a form's use case; an Invalid error re-renders the form with its field messages. */
export async function withForm<T>(run: () => Promise<T>, onInvalid: (errors: Record<string, string>) => Response | Promise<Response>): Promise<T | Response> {
  try {
    return await run();
  } catch (e) {
    if (e instanceof Invalid) return onInvalid(Object.keys(e.fields).length ? e.fields : { _: e.message });
    throw e;
  }
}
