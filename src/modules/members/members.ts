import { and, count, eq, ne, or, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { audit } from '../../platform/audit/index.ts';
import { authorize } from '../../platform/auth/permissions.ts';
import type { Ctx } from '../../platform/context.ts';
import { inTransaction } from '../../platform/db/tx.ts';
import { toNumber } from '../../platform/db/types.ts';
import { Invalid, NotFound } from '../../platform/errors.ts';
import { parisDate } from '../../platform/format.ts';
import { UUID } from '../../platform/jobs/index.ts';
import { orderBy, pageWindow, type ListQuery, type ListSpec, containsPattern } from '../../platform/list.ts';
import { competences, organisations } from './schema.ts';
import { COMPETENCES, MEMBER_STATUSES, ORGANISATION_KINDS } from './vocabulary.ts';
import { memberInput, parseInput, type MemberInput } from './validation.ts';

export type Organisation = typeof organisations.$inferSelect;
export interface MemberRow extends Organisation {
  epciName: string | null;
}

export const MEMBER_SORTS = ['name', 'inseeCode', 'population', 'kind', 'status', 'epci'] as const;
export const MEMBER_FILTERS = ['kind', 'epci', 'competence', 'status'] as const;
export type MemberSort = (typeof MEMBER_SORTS)[number];
export type MemberFilter = (typeof MEMBER_FILTERS)[number];
export type MemberListQuery = ListQuery<MemberSort, MemberFilter>;
export const MEMBER_LIST: ListSpec<MemberSort, MemberFilter> = {
  sortable: MEMBER_SORTS,
  defaultSort: 'name',
  filters: MEMBER_FILTERS,
};

const epci = alias(organisations, 'epci');
/** The same expression as the trigram index organisations_name_search_index. */
const searchableName = sql`f_unaccent(lower(${organisations.name}))`;

/**
 * Name (accents, case, hyphens and apostrophes ignored), INSEE code or postcode. Separators in the query
 * become wildcards, so "saint germain" finds "Saint-Germain-le-Châtelet".
 */
function searchCondition(q: string): SQL | undefined {
  const term = q.trim();
  if (!term) return undefined;
  const pattern = containsPattern(term).replace(/[\s'’-]+/g, '%');
  const conditions: SQL[] = [sql`${searchableName} like f_unaccent(lower(${pattern}))`];
  const code = term.toUpperCase();
  if (/^[0-9AB]{2,5}$/.test(code)) conditions.push(sql`${organisations.inseeCode} like ${`${code}%`}`);
  if (/^\d{5}$/.test(term)) conditions.push(sql`${organisations.postcodes} @> array[${term}]::text[]`);
  return or(...conditions);
}

function memberConditions(ctx: Ctx, q: { q: string; filters: MemberListQuery['filters'] }): SQL[] {
  const scope = authorize(ctx.actor, 'members.read');
  const where: SQL[] = [ne(organisations.kind, 'syndicate')];
  if (scope === 'own') where.push(eq(organisations.id, ctx.actor!.organisationId));
  const search = searchCondition(q.q);
  if (search) where.push(search);
  const f = q.filters;
  if (f.kind && (ORGANISATION_KINDS as readonly string[]).includes(f.kind)) where.push(eq(organisations.kind, f.kind as Organisation['kind']));
  if (f.status && (MEMBER_STATUSES as readonly string[]).includes(f.status)) where.push(eq(organisations.status, f.status as Organisation['status']));
  if (f.epci && UUID.test(f.epci)) where.push(eq(organisations.parentEpciId, f.epci));
  if (f.competence && (COMPETENCES as readonly string[]).includes(f.competence)) {
    // A competence counts while it is transferred: started and not ended.
    const today = parisDate(ctx.clock.now());
    where.push(
      sql`exists (select 1 from ${competences} where ${competences.organisationId} = ${organisations.id}
        and ${competences.competence} = ${f.competence} and ${competences.startedOn} <= ${today}
        and (${competences.endedOn} is null or ${competences.endedOn} > ${today}))`,
    );
  }
  return where;
}

/** The members list: search, filters, server-side sort and pagination (or every row for an export). */
export async function listMembers(ctx: Ctx, q: MemberListQuery): Promise<{ rows: MemberRow[]; total: number }> {
  const where = and(...memberConditions(ctx, q));
  const sorts = {
    name: searchableName,
    inseeCode: organisations.inseeCode,
    population: sql`coalesce(${organisations.population}, -1)`,
    kind: organisations.kind,
    status: organisations.status,
    epci: sql`f_unaccent(lower(coalesce(${epci.name}, '')))`,
  };
  const { limit, offset } = pageWindow(q);
  const [rows, [total]] = await Promise.all([
    ctx.db
      .select({ org: organisations, epciName: epci.name })
      .from(organisations)
      .leftJoin(epci, eq(epci.id, organisations.parentEpciId))
      .where(where)
      .orderBy(...orderBy(q, sorts, organisations.id))
      .limit(limit)
      .offset(offset),
    ctx.db.select({ n: count() }).from(organisations).where(where),
  ]);
  return { rows: rows.map((r) => ({ ...r.org, epciName: r.epciName })), total: toNumber(total?.n) };
}

/** The members page: one page of the list (or every row, for an export) and the EPCI of the filter. */
export async function loadMemberList(ctx: Ctx, q: MemberListQuery): Promise<{ rows: MemberRow[]; total: number; epcis: { id: string; name: string }[] }> {
  const [list, epcis] = await Promise.all([listMembers(ctx, q), q.all ? [] : listEpcis(ctx)]);
  return { ...list, epcis };
}

export interface MemberHit {
  id: string;
  name: string;
  kind: Organisation['kind'];
  inseeCode: string | null;
  postcodes: string[];
}

/** Quick search for pickers and the helpdesk: by name, INSEE code or postcode, best matches first. */
export async function searchMembers(ctx: Ctx, input: { q: string; limit?: number }): Promise<MemberHit[]> {
  const where = and(...memberConditions(ctx, { q: input.q, filters: {} }));
  const term = input.q.trim().toLowerCase();
  return ctx.db
    .select({ id: organisations.id, name: organisations.name, kind: organisations.kind, inseeCode: organisations.inseeCode, postcodes: organisations.postcodes })
    .from(organisations)
    .where(where)
    // Names starting with the query first, then the shortest: "Belfort" before "Lachapelle-sous-Rougemont".
    .orderBy(sql`${searchableName} like f_unaccent(${`${term}%`}) desc`, sql`length(${organisations.name})`, searchableName)
    .limit(Math.min(Math.max(input.limit ?? 10, 1), 50));
}

/** One member, for its sheet. A member's user sees only their own collectivity. */
export async function getMember(ctx: Ctx, id: string): Promise<MemberRow> {
  authorize(ctx.actor, 'members.read', id);
  const row = await memberRow(ctx, id);
  if (!row) throw new NotFound('Cette collectivité n’existe pas.');
  return row;
}

async function memberRow(ctx: Pick<Ctx, 'db'>, id: string): Promise<MemberRow | null> {
  const [row] = await ctx.db
    .select({ org: organisations, epciName: epci.name })
    .from(organisations)
    .leftJoin(epci, eq(epci.id, organisations.parentEpciId))
    .where(eq(organisations.id, id));
  return row ? { ...row.org, epciName: row.epciName } : null;
}

/** Opening a form checks the right to submit it: nobody is shown a form they cannot use. */
export function checkCanEdit(ctx: Ctx, permission: 'members.manage' | 'members.contacts.manage', organisationId?: string): void {
  authorize(ctx.actor, permission, organisationId);
}

/** EPCI of the registry, for filters and the parent-EPCI field. */
export async function listEpcis(ctx: Ctx): Promise<{ id: string; name: string }[]> {
  authorize(ctx.actor, 'members.read');
  return ctx.db.select({ id: organisations.id, name: organisations.name }).from(organisations).where(eq(organisations.kind, 'epci')).orderBy(searchableName);
}

async function checkUnique(ctx: Ctx, m: MemberInput, exceptId?: string) {
  const fields: Record<string, string> = {};
  const others = (cond: SQL) => ctx.db.select({ name: organisations.name }).from(organisations).where(exceptId ? and(cond, ne(organisations.id, exceptId)) : cond).limit(1);
  if (m.inseeCode) {
    const [o] = await others(eq(organisations.inseeCode, m.inseeCode));
    if (o) fields.inseeCode = `Ce code INSEE est déjà celui de ${o.name}.`;
  }
  if (m.siren) {
    const [o] = await others(eq(organisations.siren, m.siren));
    if (o) fields.siren = `Ce SIREN est déjà celui de ${o.name}.`;
  }
  if (m.parentEpciId) {
    const [p] = await ctx.db.select({ kind: organisations.kind }).from(organisations).where(eq(organisations.id, m.parentEpciId));
    if (p?.kind !== 'epci' || m.parentEpciId === exceptId) fields.parentEpciId = 'Choisissez un EPCI du registre.';
  }
  if (Object.keys(fields).length) throw new Invalid('Le formulaire contient des erreurs.', fields);
}

function columns(m: MemberInput) {
  return {
    kind: m.kind,
    name: m.name,
    inseeCode: m.inseeCode ?? null,
    siren: m.siren ?? null,
    siret: m.siret ?? null,
    population: m.population ?? null,
    populationYear: m.population === undefined ? null : (m.populationYear ?? null),
    postcodes: m.postcodes,
    address: m.address ?? null,
    phone: m.phone ?? null,
    email: m.email ?? null,
    website: m.website ?? null,
    parentEpciId: m.parentEpciId ?? null,
    status: m.status,
    joinedOn: m.joinedOn ?? null,
    leftOn: m.leftOn ?? null,
  };
}

export async function createMember(ctx: Ctx, input: unknown): Promise<MemberRow> {
  authorize(ctx.actor, 'members.manage');
  const m = parseInput(memberInput, input);
  return inTransaction(ctx, async (tx) => {
    await checkUnique(tx, m);
    const now = tx.clock.now();
    const [org] = await tx.db.insert(organisations).values({ ...columns(m), createdAt: now, updatedAt: now }).returning();
    await audit(tx, { action: 'members.create', entity: 'organisation', entityId: org!.id, organisationId: org!.id, after: org });
    return (await memberRow(tx, org!.id))!;
  });
}

export async function updateMember(ctx: Ctx, id: string, input: unknown): Promise<MemberRow> {
  authorize(ctx.actor, 'members.manage', id);
  const m = parseInput(memberInput, input);
  return inTransaction(ctx, async (tx) => {
    const [before] = await tx.db.select().from(organisations).where(eq(organisations.id, id)).for('update');
    if (!before || before.kind === 'syndicate') throw new NotFound('Cette collectivité n’existe pas.');
    await checkUnique(tx, m, id);
    const [after] = await tx.db.update(organisations).set({ ...columns(m), updatedAt: tx.clock.now() }).where(eq(organisations.id, id)).returning();
    await audit(tx, { action: 'members.update', entity: 'organisation', entityId: id, organisationId: id, before, after });
    return (await memberRow(tx, id))!;
  });
}
