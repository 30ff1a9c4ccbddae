import { and, desc, eq, getTableName, inArray, isNull, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Ctx } from '../../platform/context.ts';
import { authorize } from '../../platform/auth/permissions.ts';
import { audit } from '../../platform/audit/index.ts';
import { inTransaction, rowsOf, toNumber } from '../../platform/db/index.ts';
import { Invalid, NotFound } from '../../platform/errors.ts';
import { orderBy, pageWindow, type ListQuery, type ListSpec } from '../../platform/list.ts';
import { organisations } from '../members/index.ts';
import { users } from '../identity/index.ts';
import { isUuid, parseTicketRef } from './access.ts';
import { referenceCache } from './reference-cache.ts';
import { savedViews, tickets } from './schema.ts';
import { CHANNELS, OPEN_STATUSES, STATUS_LABELS, type TicketStatus } from './workflow.ts';

export const TICKET_SORTS = ['createdAt', 'updatedAt', 'number', 'priority', 'resolutionDueAt', 'status'] as const;
export const TICKET_FILTERS = ['status', 'organisationId', 'domain', 'assigneeId', 'channel', 'sla'] as const;
export type TicketFilter = (typeof TICKET_FILTERS)[number];
/**
 * The ticket list: `status` is a status or `open` (every open one), `assigneeId` an id, `me` or `none`,
 * `sla` one of ok, near, breached (open tickets only).
 */
export const TICKET_LIST = { sortable: TICKET_SORTS, defaultSort: 'createdAt', defaultDir: 'desc', filters: TICKET_FILTERS } as const satisfies ListSpec;
export type TicketQuery = ListQuery<(typeof TICKET_SORTS)[number], TicketFilter>;
/** Values each closed filter accepts. */
export const TICKET_FILTER_VALUES = { status: ['open', ...Object.keys(STATUS_LABELS)], channel: [...CHANNELS], sla: ['ok', 'near', 'breached'] } as const;

/** The queue pages' French URL parameters (bookmarked, and kept by saved views) and the filter each one sets. */
export const QUEUE_PAGE_FILTERS = { statut: 'status', membre: 'organisationId', domaine: 'domain', technicien: 'assigneeId', canal: 'channel', sla: 'sla' } as const satisfies Record<string, TicketFilter>;
/** French values of the pages' filters. */
export const QUEUE_PAGE_VALUES: Readonly<Record<string, string>> = { ouvertes: 'open', moi: 'me', aucun: 'none' };

/** Past this many matches, the list says « plus de 10 000 » instead of counting millions of rows. */
export const COUNT_CAP = 10_000;

const assignee = alias(users, 'assignee');

export interface QueueRow {
  id: string;
  number: number;
  title: string;
  status: TicketStatus;
  priority: string;
  domain: string;
  channel: string | null;
  slaState: 'ok' | 'near' | 'breached';
  organisationId: string;
  memberName: string;
  assigneeName: string | null;
  createdAt: Date;
  updatedAt: Date;
  resolutionDueAt: Date | null;
}

function conditions(ctx: Ctx, q: TicketQuery, scopeOrg: string | null): SQL[] {
  const where: SQL[] = [];
  if (scopeOrg) where.push(eq(tickets.organisationId, scopeOrg));
  const f = q.filters;
  if (f.status === 'open') where.push(inArray(tickets.status, OPEN_STATUSES));
  else if (f.status && f.status in STATUS_LABELS) where.push(eq(tickets.status, f.status as TicketStatus));
  if (f.organisationId && isUuid(f.organisationId)) where.push(eq(tickets.organisationId, f.organisationId));
  if (f.domain) where.push(eq(tickets.domain, f.domain));
  if (f.assigneeId === 'me' && ctx.actor) where.push(eq(tickets.assigneeId, ctx.actor.userId));
  else if (f.assigneeId === 'none') where.push(isNull(tickets.assigneeId));
  else if (f.assigneeId && isUuid(f.assigneeId)) where.push(eq(tickets.assigneeId, f.assigneeId));
  if (f.channel && (CHANNELS as string[]).includes(f.channel)) where.push(eq(tickets.channel, f.channel as (typeof CHANNELS)[number]));
  if (f.sla === 'ok' || f.sla === 'near' || f.sla === 'breached') {
    where.push(eq(tickets.slaState, f.sla));
    where.push(inArray(tickets.status, OPEN_STATUSES));
  }
  if (q.q) {
    const n = parseTicketRef(q.q);
    where.push(n !== null && /^#?T-?\d+$/i.test(q.q.trim()) ? eq(tickets.number, n) : sql`${tickets.search} @@ websearch_to_tsquery('french', f_unaccent(${q.q}))`);
  }
  return where;
}

/**
 * The staff queue (and a member's own list). Counting stops at COUNT_CAP: on millions of rows an exact
 * count of a broad filter costs more than the page itself.
 */
export async function listTickets(ctx: Ctx, q: TicketQuery): Promise<{ rows: QueueRow[]; total: number | null; hasMore: boolean }> {
  const scope = authorize(ctx.actor, 'tickets.read');
  const where = and(...conditions(ctx, q, scope === 'own' ? ctx.actor!.organisationId : null));
  const { limit, offset } = pageWindow(q);
  const page = ctx.db
    .select({
      id: tickets.id,
      number: tickets.number,
      title: tickets.title,
      status: tickets.status,
      priority: tickets.priority,
      domain: tickets.domain,
      channel: tickets.channel,
      slaState: tickets.slaState,
      organisationId: tickets.organisationId,
      memberName: organisations.name,
      assigneeName: assignee.name,
      createdAt: tickets.createdAt,
      updatedAt: tickets.updatedAt,
      resolutionDueAt: tickets.resolutionDueAt,
    })
    .from(tickets)
    .innerJoin(organisations, eq(organisations.id, tickets.organisationId))
    .leftJoin(assignee, eq(assignee.id, tickets.assigneeId))
    .where(where)
    .orderBy(...orderBy(q, { createdAt: tickets.createdAt, updatedAt: tickets.updatedAt, number: tickets.number, priority: tickets.priority, resolutionDueAt: tickets.resolutionDueAt, status: tickets.status }, tickets.id))
    .limit(limit + 1)
    .offset(offset);
  // The unfiltered list of a table known to be large is « plus de 10 000 » without counting 10 001 rows.
  const count = !where && (await plannerRowEstimate(ctx.db)) > 2 * COUNT_CAP ? null : ctx.db.execute(sql`select count(*) as n from (select 1 from ${tickets} where ${where ?? sql`true`} limit ${COUNT_CAP + 1}) s`);
  // Page and capped count at once (two pooled connections; in a transaction, one after the other).
  const [rows, capped] = await Promise.all([page, count]);
  const hasMore = rows.length > limit;
  if (hasMore) rows.pop();
  const n = capped ? toNumber(rowsOf<{ n: unknown }>(capped)[0]?.n) : COUNT_CAP + 1;
  return { rows: rows as QueueRow[], total: n > COUNT_CAP ? null : n, hasMore };
}

/** PostgreSQL's estimate of the table's rows (kept by autovacuum and ANALYZE; -1 before the first one). */
const plannerRowEstimate = referenceCache(async (db) => {
  const res = await db.execute(sql`select reltuples as n from pg_class where oid = to_regclass(${getTableName(tickets)})`);
  return toNumber(rowsOf<{ n: unknown }>(res)[0]?.n);
});

/** How long the queue's header counters may be shown before being counted again. */
export const COUNTERS_TTL_MS = 5_000;

const countersOf = referenceCache(async (db) => {
  const rows = await db
    .select({ state: tickets.slaState, n: sql<number>`count(*)` })
    .from(tickets)
    .where(inArray(tickets.status, OPEN_STATUSES))
    .groupBy(tickets.slaState);
  const out = { ok: 0, near: 0, breached: 0 };
  for (const r of rows) out[r.state] = toNumber(r.n);
  return out;
}, COUNTERS_TTL_MS);

/**
 * Open tickets per SLA state, for the queue's header. Counting every open ticket on each page view would
 * grow with the backlog: the figures are those of the last COUNTERS_TTL_MS.
 */
export async function slaCounters(ctx: Ctx): Promise<Readonly<Record<'ok' | 'near' | 'breached', number>>> {
  authorize(ctx.actor, 'tickets.manage');
  return countersOf(ctx.db);
}

export type SavedView = typeof savedViews.$inferSelect;

export async function listSavedViews(ctx: Ctx): Promise<SavedView[]> {
  authorize(ctx.actor, 'tickets.manage');
  return ctx.db.select().from(savedViews).where(eq(savedViews.userId, ctx.actor!.userId)).orderBy(desc(savedViews.createdAt));
}

/** Saves the queue's current filters under a name (only the known parameters are kept). */
export async function saveView(ctx: Ctx, input: { name: string; query: string }): Promise<SavedView> {
  authorize(ctx.actor, 'tickets.manage');
  const name = (input.name ?? '').trim();
  if (name.length < 2 || name.length > 80) throw new Invalid('Nom de vue invalide.', { name: 'Entre 2 et 80 caractères.' });
  const params = new URLSearchParams(input.query);
  const kept = new URLSearchParams();
  for (const k of ['q', 'tri', 'ordre', ...Object.keys(QUEUE_PAGE_FILTERS)]) if (params.get(k)) kept.set(k, params.get(k)!.slice(0, 200));
  return inTransaction(ctx, async (tx) => {
    const [row] = await tx.db.insert(savedViews).values({ userId: tx.actor!.userId, name, query: kept.toString(), createdAt: tx.clock.now() }).returning();
    await audit(tx, { action: 'helpdesk.view.create', entity: 'helpdesk_saved_view', entityId: row!.id, after: row });
    return row!;
  });
}

export async function deleteView(ctx: Ctx, id: string): Promise<void> {
  authorize(ctx.actor, 'tickets.manage');
  await inTransaction(ctx, async (tx) => {
    const deleted = isUuid(id) ? await tx.db.delete(savedViews).where(and(eq(savedViews.id, id), eq(savedViews.userId, tx.actor!.userId))).returning() : [];
    if (!deleted.length) throw new NotFound('Vue introuvable.');
    await audit(tx, { action: 'helpdesk.view.delete', entity: 'helpdesk_saved_view', entityId: id, before: deleted[0] });
  });
}
