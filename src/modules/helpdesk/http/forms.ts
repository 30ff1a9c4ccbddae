import { UUID_ROUTE } from '../../../platform/http/api.ts';
import { parseListQuery, type HtmlListQuery } from '../../../platform/ui/list.ts';
import { QUEUE_PAGE_FILTERS, QUEUE_PAGE_VALUES, TICKET_LIST, type TicketQuery } from '../queue.ts';

/** A route parameter that is exactly a UUID: anything else (36 dashes, NUL, unicode, too long) is no route, a 404. */
export const UUID = UUID_ROUTE.slice(1, -1);

export { formValues, submit } from '../../../platform/ui/form-post.ts';

/** The queue pages' list parameters: French in the URL, as bookmarked and saved in views. */
const QUEUE_PAGE_SPEC = { ...TICKET_LIST, filters: Object.keys(QUEUE_PAGE_FILTERS) as (keyof typeof QUEUE_PAGE_FILTERS)[] };

/** A queue page's query (`page`, drawn back into links) and the ticket list it asks for (`tickets`). */
export function queuePageQuery(query: Record<string, string | undefined>): { page: HtmlListQuery; tickets: TicketQuery } {
  const page = parseListQuery(query, QUEUE_PAGE_SPEC);
  const filters: TicketQuery['filters'] = {};
  for (const [name, value] of Object.entries(page.filters) as [keyof typeof QUEUE_PAGE_FILTERS, string][]) filters[QUEUE_PAGE_FILTERS[name]] = QUEUE_PAGE_VALUES[value] ?? value;
  return { page, tickets: { ...page, filters } };
}
