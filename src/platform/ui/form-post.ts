import type { Context } from 'hono';
import type { AppEnv } from '../http/types.ts';
import { setFlash } from './flash.ts';
import { formErrors, type FieldErrors } from './form.tsx';

/** The text fields of a submitted form (files and the CSRF token left aside). */
export async function formValues(c: Context<AppEnv>): Promise<Record<string, string>> {
  const body = await c.req.parseBody();
  const values: Record<string, string> = {};
  for (const [k, v] of Object.entries(body)) if (typeof v === 'string' && k !== '_csrf') values[k] = v;
  return values;
}

/**
 * Post/redirect/get: runs the use case; on success leaves a message and redirects, on invalid input renders
 * the form again with the values typed and the errors (nothing was stored).
 */
export async function submit(
  c: Context<AppEnv>,
  run: () => Promise<{ redirect: string; message: string }>,
  form: (errors: FieldErrors) => Response | Promise<Response>,
): Promise<Response> {
  try {
    const done = await run();
    setFlash(c, 'success', done.message);
    return c.redirect(done.redirect, 303);
  } catch (err) {
    const errors = formErrors(err);
    if (!errors) throw err;
    return form(errors);
  }
}
