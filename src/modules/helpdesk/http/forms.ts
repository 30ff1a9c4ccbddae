import type { Context } from 'hono';
import type { AppEnv } from '../../../platform/http/types.ts';
import { formErrors, type FieldErrors } from '../../../platform/ui/form.tsx';
import { setFlash } from '../../../platform/ui/flash.ts';
import { parseListQuery, type HtmlListQuery } from '../../../platform/ui/list.ts';
import { QUEUE_PAGE_FILTERS, QUEUE_PAGE_VALUES, TICKET_LIST, type TicketQuery } from '../queue.ts';

/** A route parameter that is exactly a UUID: anything else (36 dashes, NUL, unicode, too long) is no route, a 404. */
export const UUID = '[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}';

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

/** The queue pages' list parameters: French in the URL, as bookmarked and saved in views. */
const QUEUE_PAGE_SPEC = { ...TICKET_LIST, filters: Object.keys(QUEUE_PAGE_FILTERS) as (keyof typeof QUEUE_PAGE_FILTERS)[] };

/** A queue page's query (`page`, drawn back into links) and the ticket list it asks for (`tickets`). */
export function queuePageQuery(query: Record<string, string | undefined>): { page: HtmlListQuery; tickets: TicketQuery } {
  const page = parseListQuery(query, QUEUE_PAGE_SPEC);
  const filters: TicketQuery['filters'] = {};
  for (const [name, value] of Object.entries(page.filters) as [keyof typeof QUEUE_PAGE_FILTERS, string][]) filters[QUEUE_PAGE_FILTERS[name]] = QUEUE_PAGE_VALUES[value] ?? value;
  return { page, tickets: { ...page, filters } };
}
