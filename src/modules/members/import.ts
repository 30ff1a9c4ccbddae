import { and, eq, inArray, or } from 'drizzle-orm';
import { audit } from '../../platform/audit/index.ts';
import { authorize } from '../../platform/auth/permissions.ts';
import type { Ctx } from '../../platform/context.ts';
import { inTransaction } from '../../platform/db/tx.ts';
import type { Db } from '../../platform/db/types.ts';
import { Invalid } from '../../platform/errors.ts';
import { departementProblem, officialDepartement, OFFICIAL_SOURCE, POPULATION_YEAR, type OfficialDepartement } from './official.ts';
import { organisations } from './schema.ts';

export interface ImportResult {
  departement: string;
  communesCreated: number;
  epcisCreated: number;
  /** Organisations already in the registry whose data differ from the official data (left as they are). */
  differences: number;
  total: number;
}

export type DifferenceField = 'name' | 'population' | 'epci';
export interface Difference {
  /** `<organisationId>:<field>`: what the admin ticks to accept it. */
  key: string;
  organisationId: string;
  organisationName: string;
  inseeCode: string | null;
  field: DifferenceField;
  current: string | null;
  official: string | null;
}

function checkDepartement(departement: string): OfficialDepartement {
  const problem = departementProblem(departement);
  if (problem) throw new Invalid(problem, { departement: problem });
  const data = officialDepartement(departement);
  if (data.communes.length === 0) {
    throw new Invalid(`Aucune commune dans les données officielles pour le département ${departement}.`, { departement: 'Département inconnu.' });
  }
  return data;
}

/**
 * Adds the communes and EPCI of a département that are not in the registry yet, in bulk. Organisations
 * already present are never changed here: their differences go through the reviewed update
 * (`officialDifferences` / `applyOfficialDifferences`), so running the import twice changes nothing.
 */
export async function importCommunes(
  ctx: Ctx,
  input: { departement: string; progress?: (message: string) => void },
): Promise<ImportResult> {
  authorize(ctx.actor, 'members.manage');
  const data = checkDepartement(input.departement.toUpperCase());
  return inTransaction(ctx, async (tx) => {
    const result = await addMissing(tx, data, input.progress ?? (() => {}));
    result.differences = (await diffOfficial(tx.db, data)).length;
    if (result.communesCreated + result.epcisCreated > 0) {
      await audit(tx, {
        action: 'members.import',
        entity: 'organisation',
        after: { source: OFFICIAL_SOURCE, ...result },
      });
    }
    return result;
  });
}

/** The bulk insert itself, without permission check: also used by the demo data set. */
export async function addMissing(ctx: Pick<Ctx, 'db' | 'clock'>, data: OfficialDepartement, progress: (message: string) => void): Promise<ImportResult> {
  const { db } = ctx;
  const now = ctx.clock.now();
  progress(`Département ${data.departement} : ${data.communes.length} communes, ${data.epcis.length} EPCI dans ${OFFICIAL_SOURCE}.`);
  const epcisCreated = data.epcis.length
    ? await db
        .insert(organisations)
        .values(
          data.epcis.map((e) => ({
            kind: 'epci' as const,
            name: e.name,
            siren: e.siren,
            epciType: e.epciType,
            departement: data.departement,
            population: e.population,
            populationYear: e.population === null ? null : POPULATION_YEAR,
            createdAt: now,
            updatedAt: now,
          })),
        )
        .onConflictDoNothing()
        .returning({ id: organisations.id })
    : [];
  const epciIds = await epciIdsBySiren(db, data.epcis.map((e) => e.siren));
  const communesCreated = !data.communes.length
    ? []
    : await db
        .insert(organisations)
        .values(
          data.communes.map((c) => ({
            kind: 'commune' as const,
            name: c.name,
            inseeCode: c.inseeCode,
            siren: c.siren,
            departement: c.departement,
            postcodes: c.postcodes,
            population: c.population,
            populationYear: c.population === null ? null : POPULATION_YEAR,
            parentEpciId: c.epciSiren ? (epciIds.get(c.epciSiren) ?? null) : null,
            createdAt: now,
            updatedAt: now,
          })),
        )
        .onConflictDoNothing()
        .returning({ id: organisations.id });
  progress(`${communesCreated.length} communes et ${epcisCreated.length} EPCI ajoutés.`);
  return {
    departement: data.departement,
    communesCreated: communesCreated.length,
    epcisCreated: epcisCreated.length,
    differences: 0,
    total: data.communes.length + data.epcis.length,
  };
}

async function epciIdsBySiren(db: Db, sirens: string[]): Promise<Map<string, string>> {
  if (sirens.length === 0) return new Map();
  const rows = await db.select({ id: organisations.id, siren: organisations.siren }).from(organisations).where(inArray(organisations.siren, sirens));
  return new Map(rows.map((r) => [r.siren!, r.id]));
}

async function diffOfficial(db: Db, data: OfficialDepartement): Promise<Difference[]> {
  const codes = data.communes.map((c) => c.inseeCode);
  const sirens = data.epcis.map((e) => e.siren);
  const rows = await db
    .select()
    .from(organisations)
    .where(or(inArray(organisations.inseeCode, codes), and(eq(organisations.kind, 'epci'), inArray(organisations.siren, sirens))));
  const byId = new Map(rows.map((r) => [r.id, r]));
  const epciNames = new Map(data.epcis.map((e) => [e.siren, e.name]));
  const out: Difference[] = [];
  const push = (org: (typeof rows)[number], field: DifferenceField, current: string | null, official: string | null) => {
    if (current !== official) out.push({ key: `${org.id}:${field}`, organisationId: org.id, organisationName: org.name, inseeCode: org.inseeCode, field, current, official });
  };
  const pop = (p: number | null, y: number | null) => (p === null ? null : `${p} (${y ?? '?'})`);
  const communes = new Map(data.communes.map((c) => [c.inseeCode, c]));
  const epcis = new Map(data.epcis.map((e) => [e.siren, e]));
  for (const org of rows) {
    const c = org.inseeCode ? communes.get(org.inseeCode) : undefined;
    const e = !c && org.siren ? epcis.get(org.siren) : undefined;
    const official = c ?? e;
    if (!official) continue;
    push(org, 'name', org.name, official.name);
    push(org, 'population', pop(org.population, org.populationYear), pop(official.population, official.population === null ? null : POPULATION_YEAR));
    if (c) {
      const parent = org.parentEpciId ? byId.get(org.parentEpciId) : undefined;
      const currentEpci = org.parentEpciId ? (parent ? `${parent.name} (${parent.siren})` : 'autre') : null;
      push(org, 'epci', currentEpci, c.epciSiren ? `${epciNames.get(c.epciSiren)} (${c.epciSiren})` : null);
    }
  }
  return out.sort((a, b) => a.organisationName.localeCompare(b.organisationName, 'fr') || a.field.localeCompare(b.field));
}

/** What would change if the registry took the official data: shown to the admin before anything is applied. */
export async function officialDifferences(ctx: Ctx, input: { departement: string }): Promise<Difference[]> {
  authorize(ctx.actor, 'members.manage');
  return diffOfficial(ctx.db, checkDepartement(input.departement.toUpperCase()));
}

/**
 * Applies only the accepted differences, recomputed inside the transaction (what was accepted must still be
 * a difference), each one audited with its before and after values.
 */
export async function applyOfficialDifferences(ctx: Ctx, input: { departement: string; accepted: string[] }): Promise<number> {
  authorize(ctx.actor, 'members.manage');
  const data = checkDepartement(input.departement.toUpperCase());
  const accepted = new Set(input.accepted);
  return inTransaction(ctx, async (tx) => {
    const diffs = (await diffOfficial(tx.db, data)).filter((d) => accepted.has(d.key));
    if (diffs.some((d) => d.field === 'epci')) await addMissing(tx, { ...data, communes: [] }, () => {});
    const epciIds = await epciIdsBySiren(tx.db, data.epcis.map((e) => e.siren));
    const communes = new Map(data.communes.map((c) => [c.inseeCode, c]));
    const epcis = new Map(data.epcis.map((e) => [e.siren, e]));
    for (const d of diffs) {
      const [org] = await tx.db.select().from(organisations).where(eq(organisations.id, d.organisationId));
      const official = (org!.inseeCode ? communes.get(org!.inseeCode) : undefined) ?? epcis.get(org!.siren ?? '')!;
      const change =
        d.field === 'name'
          ? { name: official.name }
          : d.field === 'population'
            ? { population: official.population, populationYear: official.population === null ? null : POPULATION_YEAR }
            : { parentEpciId: 'epciSiren' in official && official.epciSiren ? (epciIds.get(official.epciSiren) ?? null) : null };
      await tx.db.update(organisations).set({ ...change, updatedAt: tx.clock.now() }).where(eq(organisations.id, d.organisationId));
      await audit(tx, {
        action: 'members.official_update',
        entity: 'organisation',
        entityId: d.organisationId,
        organisationId: d.organisationId,
        before: { [d.field]: d.current },
        after: { [d.field]: d.official, source: OFFICIAL_SOURCE },
      });
    }
    return diffs.length;
  });
}
