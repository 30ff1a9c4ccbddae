import type { Context } from 'hono';
import { NotFound } from '../../../platform/errors.ts';
import { idParam } from '../../../platform/http/api.ts';
import type { AppEnv } from '../../../platform/http/types.ts';
import type { ListQuery, ListSpec } from '../../../platform/list.ts';
import type { HtmlListQuery } from '../../../platform/ui/list.ts';
import { AUDIT_LIST, type AuditFilterName, type AuditFilters } from '../audit-log.ts';
import { JOB_LIST, type JobFilterName } from '../jobs.ts';

/**
 * The pages keep their French parameter names (URLs are bookmarked and shared); the use cases and the API read
 * the English ones. Each map gives a French name's English one; the API accepts them as deprecated aliases.
 */
export const AUDIT_FRENCH_NAMES: Record<string, AuditFilterName> = { acteur: 'actor', entite: 'entity', action: 'action', organisation: 'organisationId', du: 'from', au: 'to' };
export const JOB_FRENCH_NAMES: Record<string, JobFilterName> = { statut: 'status', nom: 'name' };

const frenchSpec = <S extends string>(spec: ListSpec<S, string>, names: Record<string, string>): ListSpec<S, string> => ({ ...spec, filters: Object.keys(names) });
export const AUDIT_PAGE_LIST = frenchSpec(AUDIT_LIST, AUDIT_FRENCH_NAMES);
export const JOB_PAGE_LIST = frenchSpec(JOB_LIST, JOB_FRENCH_NAMES);

/** French-named filters (a page's query, a form) under their English names. */
export function englishFilters<F extends string>(filters: Partial<Record<string, string>>, names: Record<string, F>): Partial<Record<F, string>> {
  const out: Partial<Record<F, string>> = {};
  for (const [french, english] of Object.entries(names)) if (filters[french]) out[english] = filters[french];
  return out;
}

/** A page's list query as its use case reads it: the same query, filters under their English names. */
export function useCaseQuery<S extends string, F extends string>(q: HtmlListQuery<S, string>, names: Record<string, F>): ListQuery<S, F> {
  return { ...q, filters: englishFilters(q.filters, names) };
}

/** The filters of the journal export form (French names, as on the page). */
export async function auditExportForm(c: Context<AppEnv>): Promise<AuditFilters> {
  const body = await c.req.parseBody();
  const form: Record<string, string> = {};
  for (const name of Object.keys(AUDIT_FRENCH_NAMES)) if (typeof body[name] === 'string' && body[name]) form[name] = (body[name] as string).slice(0, 200);
  return englishFilters(form, AUDIT_FRENCH_NAMES);
}

/** The `:id` of a page's path, a real UUID, or a 404 page (never a database error). */
export function pageId(c: Context<AppEnv>): string {
  const parsed = idParam.safeParse({ id: c.req.param('id') });
  if (!parsed.success) throw new NotFound('Page introuvable.');
  return parsed.data.id;
}
