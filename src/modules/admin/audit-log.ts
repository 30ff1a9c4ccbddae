import { and, count, eq, sql, type SQL } from 'drizzle-orm';
import { auditLog } from '../../platform/audit/index.ts';
import { authorize } from '../../platform/auth/permissions.ts';
import type { Ctx } from '../../platform/context.ts';
import { toNumber } from '../../platform/db/types.ts';
import { Invalid, NotFound } from '../../platform/errors.ts';
import { UUID } from '../../platform/jobs/index.ts';
import { orderBy, pageWindow, type ListQuery, type ListSpec, containsPattern } from '../../platform/list.ts';
import { organisationChoices, organisationNames } from '../members/index.ts';

export const AUDIT_SORTS = ['at', 'action', 'entity', 'actor'] as const;
export const AUDIT_FILTERS = ['actor', 'entity', 'action', 'organisationId', 'from', 'to'] as const;
export type AuditFilterName = (typeof AUDIT_FILTERS)[number];
export type AuditFilters = Partial<Record<AuditFilterName, string>>;
export type AuditListQuery = ListQuery<(typeof AUDIT_SORTS)[number], AuditFilterName>;
export const AUDIT_LIST: ListSpec<(typeof AUDIT_SORTS)[number], AuditFilterName> = {
  sortable: AUDIT_SORTS,
  defaultSort: 'at',
  defaultDir: 'desc',
  filters: AUDIT_FILTERS,
  defaultPageSize: 50,
};

export type AuditEntry = typeof auditLog.$inferSelect;
export interface AuditRow extends AuditEntry {
  organisationName: string | null;
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;

function validDay(value: string, field: string): string {
  if (!DAY.test(value) || Number.isNaN(Date.parse(`${value}T00:00:00Z`))) {
    throw new Invalid('La période demandée n’est pas valide.', { [field]: 'Date au format JJ/MM/AAAA attendue.' });
  }
  return value;
}

/** Filters of the journal; dates are calendar days in Europe/Paris, both ends included. */
export function auditConditions(f: AuditFilters): SQL[] {
  const where: SQL[] = [];
  if (f.actor) where.push(sql`${auditLog.actorEmail} ilike ${containsPattern(f.actor)}`);
  if (f.entity) where.push(eq(auditLog.entity, f.entity));
  if (f.action) where.push(sql`${auditLog.action} ilike ${containsPattern(f.action)}`);
  if (f.organisationId) {
    if (!UUID.test(f.organisationId)) throw new Invalid('Organisation inconnue.', { organisationId: 'Organisation inconnue.' });
    where.push(eq(auditLog.organisationId, f.organisationId));
  }
  const from = f.from ? validDay(f.from, 'from') : null;
  const to = f.to ? validDay(f.to, 'to') : null;
  if (from && to && from > to) throw new Invalid('La période demandée n’est pas valide.', { to: 'La date de fin précède la date de début.' });
  if (from) where.push(sql`${auditLog.at} >= (${from}::date::timestamp at time zone 'Europe/Paris')`);
  if (to) where.push(sql`${auditLog.at} < ((${to}::date + 1)::timestamp at time zone 'Europe/Paris')`);
  return where;
}

/** Entries with the name of the organisation each concerns (the members module names them). */
export async function withOrganisationNames(ctx: Pick<Ctx, 'db'>, entries: AuditEntry[]): Promise<AuditRow[]> {
  const names = await organisationNames(ctx, entries.flatMap((e) => (e.organisationId ? [e.organisationId] : [])));
  return entries.map((e) => ({ ...e, organisationName: e.organisationId ? (names.get(e.organisationId) ?? null) : null }));
}

const sorts = { at: auditLog.at, action: auditLog.action, entity: auditLog.entity, actor: sql`coalesce(${auditLog.actorEmail}, '')` };

/** The audit journal, newest first by default. Staff admins only: it spans every organisation. */
export async function listAudit(ctx: Ctx, q: AuditListQuery): Promise<{ rows: AuditRow[]; total: number }> {
  authorize(ctx.actor, 'admin.audit.read');
  const where = and(...auditConditions(q.filters));
  const { limit, offset } = pageWindow(q);
  const [entries, [total]] = await Promise.all([
    ctx.db.select().from(auditLog).where(where).orderBy(...orderBy(q, sorts, auditLog.id)).limit(limit).offset(offset),
    ctx.db.select({ n: count() }).from(auditLog).where(where),
  ]);
  return { rows: await withOrganisationNames(ctx, entries), total: toNumber(total?.n) };
}

export async function getAuditEntry(ctx: Ctx, id: string): Promise<AuditRow> {
  authorize(ctx.actor, 'admin.audit.read');
  const [entry] = UUID.test(id) ? await ctx.db.select().from(auditLog).where(eq(auditLog.id, id)) : [];
  if (!entry) throw new NotFound('Entrée du journal introuvable.');
  const [row] = await withOrganisationNames(ctx, [entry]);
  return row!;
}

/** Choices of the journal's filters: the entities recorded, and the organisations. */
export async function auditFilterChoices(ctx: Ctx): Promise<{ entities: string[]; organisations: { id: string; name: string }[] }> {
  authorize(ctx.actor, 'admin.audit.read');
  const [entities, organisations] = await Promise.all([
    ctx.db.selectDistinct({ entity: auditLog.entity }).from(auditLog).orderBy(auditLog.entity),
    organisationChoices(ctx),
  ]);
  return { entities: entities.map((e) => e.entity), organisations };
}

/** The journal page: one page of entries and the filters' choices, read at once. */
export async function loadAuditPage(ctx: Ctx, q: AuditListQuery) {
  const [list, choices] = await Promise.all([listAudit(ctx, q), auditFilterChoices(ctx)]);
  return { ...list, choices };
}

export interface DiffLine {
  field: string;
  before: string;
  after: string;
  changed: boolean;
}

const show = (v: unknown) => (v === undefined ? '' : v === null ? '∅' : typeof v === 'string' ? v : JSON.stringify(v));

/** Field-by-field comparison of an entry's before/after values; changed fields first. */
export function auditDiff(before: unknown, after: unknown): DiffLine[] {
  const obj = (v: unknown): Record<string, unknown> => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : v === null || v === undefined ? {} : { valeur: v });
  const b = obj(before);
  const a = obj(after);
  const fields = [...new Set([...Object.keys(b), ...Object.keys(a)])].sort();
  const lines = fields.map((field) => {
    const bs = field in b ? show(b[field]) : '';
    const as = field in a ? show(a[field]) : '';
    return { field, before: bs, after: as, changed: bs !== as };
  });
  return [...lines.filter((l) => l.changed), ...lines.filter((l) => !l.changed)];
}
