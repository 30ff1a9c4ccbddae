import type { Context } from 'hono';
import type { AppEnv } from '../../platform/http/types.ts';
import { formErrors, type FieldErrors } from '../../platform/ui/form.tsx';
import { setFlash } from '../../platform/ui/flash.ts';
import { SLA_LABELS } from './workflow.ts';

export const UUID = '[0-9a-fA-F-]{36}';

const dateTime = new Intl.DateTimeFormat('fr-FR', { timeZone: 'Europe/Paris', dateStyle: 'short', timeStyle: 'short' });
export const fmtDateTime = (d: Date | string | null | undefined) => (d ? dateTime.format(new Date(d)) : '—');

/** The text fields of a submitted form (files and the CSRF token left aside). */
export async function formValues(c: Context<AppEnv>): Promise<Record<string, string>> {
  const body = await c.req.parseBody();
  const values: Record<string, string> = {};
  for (const [k, v] of Object.entries(body)) if (typeof v === 'string' && k !== '_csrf') values[k] = v;
  return values;
}

/** Post/redirect/get; invalid input re-renders the form with the typed values and the errors. */
export async function submit(c: Context<AppEnv>, run: () => Promise<{ redirect: string; message: string }>, form: (errors: FieldErrors) => Response | Promise<Response>): Promise<Response> {
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

export function SlaBadge({ state }: { state: keyof typeof SLA_LABELS }) {
  return <span class={`badge sla-${state}`}>{SLA_LABELS[state]}</span>;
}
