import { and, asc, count, eq, sql, type SQL } from 'drizzle-orm';
import { auditLog } from '../../platform/audit/index.ts';
import { authorize } from '../../platform/auth/permissions.ts';
import type { Ctx } from '../../platform/context.ts';
import { toNumber } from '../../platform/db/types.ts';
import { Invalid, NotFound } from '../../platform/errors.ts';
import { orderBy, pageWindow, type ListQuery, type ListSpec, containsPattern } from '../../platform/list.ts';
import { organisations } from '../members/index.ts';

export const AUDIT_SORTS = ['at', 'action', 'entity', 'actor'] as const;
export const AUDIT_FILTERS = ['acteur', 'entite', 'action', 'organisation', 'du', 'au'] as const;
export type AuditFilters = Partial<Record<(typeof AUDIT_FILTERS)[number], string>>;
export type AuditListQuery = ListQuery<(typeof AUDIT_SORTS)[number], (typeof AUDIT_FILTERS)[number]>;
export const AUDIT_LIST: ListSpec<(typeof AUDIT_SORTS)[number], (typeof AUDIT_FILTERS)[number]> = {
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
  if (f.acteur) where.push(sql`${auditLog.actorEmail} ilike ${containsPattern(f.acteur)}`);
  if (f.entite) where.push(eq(auditLog.entity, f.entite));
  if (f.action) where.push(sql`${auditLog.action} ilike ${containsPattern(f.action)}`);
  if (f.organisation) {
    if (!/^[0-9a-f-]{36}$/i.test(f.organisation)) throw new Invalid('Organisation inconnue.', { organisation: 'Organisation inconnue.' });
    where.push(eq(auditLog.organisationId, f.organisation));
  }
  const from = f.du ? validDay(f.du, 'du') : null;
  const to = f.au ? validDay(f.au, 'au') : null;
  if (from && to && from > to) throw new Invalid('La période demandée n’est pas valide.', { au: 'La date de fin précède la date de début.' });
  if (from) where.push(sql`${auditLog.at} >= (${from}::date::timestamp at time zone 'Europe/Paris')`);
  if (to) where.push(sql`${auditLog.at} < ((${to}::date + 1)::timestamp at time zone 'Europe/Paris')`);
  return where;
}

const sorts = { at: auditLog.at, action: auditLog.action, entity: auditLog.entity, actor: sql`coalesce(${auditLog.actorEmail}, '')` };

/** The audit journal, newest first by default. Staff admins only: it spans every organisation. */
export async function listAudit(ctx: Ctx, q: AuditListQuery): Promise<{ rows: AuditRow[]; total: number }> {
  authorize(ctx.actor, 'admin.audit.read');
  const where = and(...auditConditions(q.filters));
  const { limit, offset } = pageWindow(q);
  const rows = await ctx.db
    .select({ entry: auditLog, organisationName: organisations.name })
    .from(auditLog)
    .leftJoin(organisations, eq(organisations.id, auditLog.organisationId))
    .where(where)
    .orderBy(...orderBy(q, sorts, auditLog.id))
    .limit(limit)
    .offset(offset);
  const [total] = await ctx.db.select({ n: count() }).from(auditLog).where(where);
  return { rows: rows.map((r) => ({ ...r.entry, organisationName: r.organisationName })), total: toNumber(total?.n) };
}

export async function getAuditEntry(ctx: Ctx, id: string): Promise<AuditRow> {
  authorize(ctx.actor, 'admin.audit.read');
  if (!/^[0-9a-f-]{36}$/i.test(id)) throw new NotFound('Entrée du journal introuvable.');
  const [row] = await ctx.db
    .select({ entry: auditLog, organisationName: organisations.name })
    .from(auditLog)
    .leftJoin(organisations, eq(organisations.id, auditLog.organisationId))
    .where(eq(auditLog.id, id));
  if (!row) throw new NotFound('Entrée du journal introuvable.');
  return { ...row.entry, organisationName: row.organisationName };
}

/** Choices of the journal's filters: the entities recorded, and the organisations. */
export async function auditFilterChoices(ctx: Ctx): Promise<{ entities: string[]; organisations: { id: string; name: string }[] }> {
  authorize(ctx.actor, 'admin.audit.read');
  const entities = await ctx.db.selectDistinct({ entity: auditLog.entity }).from(auditLog).orderBy(auditLog.entity);
  const orgs = await ctx.db
    .select({ id: organisations.id, name: organisations.name })
    .from(organisations)
    .orderBy(asc(sql`f_unaccent(lower(${organisations.name}))`));
  return { entities: entities.map((e) => e.entity), organisations: orgs };
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
