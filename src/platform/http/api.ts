import { z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { routePath } from 'hono/route';
import { Invalid } from '../errors.ts';
import { PAGE_SIZES, type ListQuery, type ListSpec } from '../list.ts';
import type { AppEnv } from './types.ts';

/**
 * The JSON API's one dialect (ADR 0003): English paths, parameters, fields and enum values; lists as
 * `{items, total, page, pageSize}`; 201 with `Location` for creations, 200 with the new state for actions,
 * 204 for deletions; every error as `Error` below. Each module's `http/api.ts` builds its routes from these.
 */

/** The body of every error answer, whatever the route. */
export const ErrorBody = z
  .object({
    code: z.string().describe('Code stable : invalid, not_found, forbidden, unauthenticated, conflict, too_many_requests, payload_too_large…'),
    message: z.string().describe('Message en français, à montrer à la personne'),
    requestId: z.string().describe('Référence de la requête, à donner au support'),
    fields: z.record(z.string(), z.string()).optional().describe('Champ → message, pour les données invalides'),
  })
  .openapi('Error');

const errorContent = (description: string) => ({ content: { 'application/json': { schema: ErrorBody } }, description });

/** The error answers every operation may give. */
export const errors = {
  401: errorContent('Non connecté'),
  403: errorContent('Interdit'),
  404: errorContent('Introuvable'),
  409: errorContent('Conflit avec l’état actuel'),
  413: errorContent('Corps de requête trop volumineux'),
  422: errorContent('Données invalides (détail par champ)'),
} as const;

export const json = <S extends z.ZodType>(schema: S, description: string) => ({ content: { 'application/json': { schema } }, description });
export const body = <S extends z.ZodType>(schema: S) => ({ body: { content: { 'application/json': { schema } }, required: true } });
export const noContent = { 204: { description: 'Supprimé' } } as const;

export const uuid = () => z.uuid({ error: 'Identifiant invalide (UUID attendu).' });
export const idParam = z.object({ id: uuid() });
/** A page route's id parameter that only a real UUID matches (`/x/:id${UUID_ROUTE}`): anything else is a 404 page. */
export const UUID_ROUTE = '{[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}}';
/** A calendar date, `YYYY-MM-DD`. */
export const isoDate = () => z.iso.date({ error: 'Date invalide (AAAA-MM-JJ attendu).' });
/** An instant, ISO 8601 with its offset. */
export const isoInstant = () => z.iso.datetime({ offset: true, error: 'Instant invalide (ISO 8601 attendu).' });
export const cents = () => z.number().int().describe('Montant en centimes d’euro');

/** `{items, total, page, pageSize}`: the one list envelope. `total` is null only where counting is skipped. */
export function listOf<S extends z.ZodType>(item: S, name: string) {
  return z
    .object({
      items: z.array(item),
      total: z.number().int().nullable().describe('Nombre total de résultats (null : non compté, au-delà de 10 000)'),
      page: z.number().int(),
      pageSize: z.number().int(),
    })
    .openapi(name);
}

/**
 * `{items}`: a resource's bounded sub-collection (a ticket's comments, a member's contacts) or a lookup's best
 * matches — never paged, so no `total`/`page`; the same `items` key as the paged envelope.
 */
export function itemsOf<S extends z.ZodType>(item: S, name: string) {
  return z.object({ items: z.array(item) }).openapi(name);
}

export interface ApiListSpec<S extends string, F extends string> extends ListSpec<S, F> {
  /** Allowed values of each filter; a filter absent here takes any text (an id, a search term). */
  filterValues?: Partial<Record<F, readonly string[]>>;
  /** Deprecated French parameter names still accepted for one release: old name → new name. */
  aliases?: Record<string, string>;
}

/** Common French list parameters of the first API version, accepted for one release with a `Deprecation` header. */
export const LIST_ALIASES: Record<string, string> = { tri: 'sort', ordre: 'order', taille: 'pageSize' };

/** The OpenAPI query schema of a list: search, sort, order, page, pageSize and the filters. */
export function listQuery<S extends string, F extends string>(spec: ApiListSpec<S, F>) {
  const filters: Record<string, z.ZodType> = {};
  for (const f of spec.filters ?? []) {
    const values = spec.filterValues?.[f];
    filters[f] = (values ? z.enum(values as [string, ...string[]]) : z.string().max(200)).optional();
  }
  return z.object({
    q: z.string().max(200).optional().describe('Recherche'),
    sort: z.enum(spec.sortable as unknown as [S, ...S[]]).optional().describe(`Tri ; par défaut ${spec.defaultSort}`),
    order: z.enum(['asc', 'desc']).optional(),
    page: z.coerce.number().int().min(1).max(1_000_000).optional(),
    pageSize: z.enum(PAGE_SIZES.map(String) as [string, ...string[]]).optional().describe(`${PAGE_SIZES.join(', ')} ; par défaut ${spec.defaultPageSize ?? 20}`),
    ...filters,
  });
}

/**
 * Reads a list's query string strictly: a sort, order, page size or filter value outside the allowed ones is
 * a 422 naming them (the pages, by contrast, fall back to defaults). A deprecated French name is read as its
 * English one and the answer carries `Deprecation: true`.
 */
export function readListQuery<S extends string, F extends string>(c: Context<AppEnv>, spec: ApiListSpec<S, F>): ListQuery<S, F> {
  const raw: Record<string, string> = {};
  let deprecated = false;
  const aliases = { ...LIST_ALIASES, ...spec.aliases };
  for (const [key, value] of Object.entries(c.req.query())) {
    const name = aliases[key];
    if (name) {
      deprecated = true;
      if (raw[name] === undefined) raw[name] = value;
    } else raw[key] = value;
  }
  if (deprecated) c.header('Deprecation', 'true');
  const parsed = listQuery(spec).safeParse(raw);
  if (!parsed.success) throw invalidFromZod(parsed.error);
  const v = parsed.data as Record<string, string | number | undefined>;
  const filters: Partial<Record<F, string>> = {};
  for (const f of spec.filters ?? []) {
    const value = typeof v[f] === 'string' ? (v[f] as string).trim() : '';
    if (value) filters[f] = value;
  }
  return {
    q: String(v.q ?? '').trim(),
    sort: (v.sort as S | undefined) ?? spec.defaultSort,
    dir: (v.order as 'asc' | 'desc' | undefined) ?? spec.defaultDir ?? 'asc',
    page: (v.page as number | undefined) ?? 1,
    pageSize: v.pageSize ? Number(v.pageSize) : (spec.defaultPageSize ?? 20),
    filters,
  };
}

/** zod's issues as the product's 422: one French message per field. */
export function invalidFromZod(error: z.ZodError): Invalid {
  const fields: Record<string, string> = {};
  for (const issue of error.issues) fields[issue.path.join('.') || '_'] = issue.message;
  return new Invalid('Les données envoyées ne sont pas valides.', fields);
}

/** The list envelope from a use case's `{rows, total}` and the query it answered. */
export function listed<T>(result: { rows: T[]; total: number | null }, q: Pick<ListQuery, 'page' | 'pageSize'>) {
  return { items: result.rows, total: result.total, page: q.page, pageSize: q.pageSize };
}

/** A creation's answer: 201, the new resource, and where it lives. */
export function created<T>(c: Context<AppEnv>, value: T, location: string) {
  c.header('Location', location);
  return c.json(value, 201);
}

interface RegisteredRoute {
  method: string;
  path: string;
  responses?: Record<string, { content?: Record<string, { schema?: unknown }> }>;
}

/**
 * Checks every JSON answer of the API against the schema its route declares (status and body), so that each
 * API test also proves the OpenAPI document true. Mounted by the app when NODE_ENV is `test`; an answer that
 * strays is replaced by a 500 naming the route and the first differences.
 */
export function responseCheck(definitions: () => readonly { type: string; route?: RegisteredRoute }[]) {
  let byRoute: Map<string, RegisteredRoute> | null = null;
  return async (c: Context<AppEnv>, next: () => Promise<void>) => {
    await next();
    byRoute ??= new Map(
      definitions()
        .filter((d) => d.type === 'route' && d.route)
        .map((d) => [`${d.route!.method.toUpperCase()} ${d.route!.path.replace(/\{(\w+)\}/g, ':$1')}`, d.route!]),
    );
    // The route that answered (after `next()`, the current index), not the last one matching the path:
    // `/members/{id}` also matches `/members/search`, registered before it.
    const route = byRoute.get(`${c.req.method} ${routePath(c)}`);
    if (!route) return;
    const declared = route.responses?.[String(c.res.status)];
    const problem = (text: string) => {
      c.res = new Response(JSON.stringify({ code: 'undeclared_response', message: `${c.req.method} ${route.path} → ${c.res.status} : ${text}`, requestId: c.get('requestId') }), { status: 500, headers: { 'content-type': 'application/json' } });
    };
    if (!declared) return problem('statut non déclaré dans le document OpenAPI');
    const schema = declared.content?.['application/json']?.schema as z.ZodType | undefined;
    if (!schema || !c.res.headers.get('content-type')?.includes('application/json')) return;
    const sent: unknown = await c.res.clone().json();
    const result = schema.safeParse(sent);
    if (!result.success) return problem(result.error.issues.slice(0, 3).map((i) => `${i.path.join('.')} ${i.message}`).join(' ; '));
    const leaked = undeclaredFields(sent, result.data);
    if (leaked.length > 0) problem(`champs non déclarés : ${leaked.slice(0, 5).join(', ')}`);
  };
}

/** Paths of the fields an answer carries that its schema does not declare (zod drops them when parsing). */
function undeclaredFields(sent: unknown, declared: unknown, path = ''): string[] {
  if (Array.isArray(sent) && Array.isArray(declared)) return sent.flatMap((v, i) => undeclaredFields(v, declared[i], `${path}[${i}]`)).slice(0, 5);
  if (!sent || typeof sent !== 'object' || !declared || typeof declared !== 'object' || Array.isArray(sent)) return [];
  const out: string[] = [];
  for (const [k, v] of Object.entries(sent)) {
    const name = path ? `${path}.${k}` : k;
    if (!(k in declared)) out.push(name);
    else out.push(...undeclaredFields(v, (declared as Record<string, unknown>)[k], name));
  }
  return out;
}
