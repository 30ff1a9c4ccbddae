import { and, asc, count, desc, eq, inArray, lte, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Ctx } from '../../platform/context.ts';
import { audit } from '../../platform/audit/index.ts';
import { authorize } from '../../platform/auth/permissions.ts';
import { inTransaction } from '../../platform/db/tx.ts';
import { Conflict, Invalid, NotFound } from '../../platform/errors.ts';
import { toNumber } from '../../platform/db/types.ts';
import { orderBy, pageWindow, type ListQuery, type ListSpec } from '../../platform/list.ts';
import { mapAmounts, pricingRuleSchema } from './pricing.ts';
import { checkRule } from './rule-check.ts';
import { tariffGrids, tariffOptions } from './schema.ts';
import { fieldsOf, loadIndexValues, reviseWith } from './syntec-service.ts';
import type { RevisionTrail } from './syntec.ts';

export type Grid = typeof tariffGrids.$inferSelect;
export type TariffOption = typeof tariffOptions.$inferSelect;
export interface GridWithOptions extends Grid {
  options: TariffOption[];
}

const dateSchema = z.iso.date({ message: 'Date au format AAAA-MM-JJ.' });
const optDate = dateSchema.nullish().or(z.literal('').transform(() => null));

export const gridInput = z.object({
  year: z.coerce.number().int().min(2000, 'Année invalide.').max(2100, 'Année invalide.'),
  effectiveOn: dateSchema,
  indexBaseMonth: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'Mois au format AAAA-MM.'),
  commissionProposedOn: optDate,
  decisionReference: z.string().trim().max(200).nullish(),
  decisionOn: optDate,
});

export const optionInput = z.object({
  code: z.string().trim().regex(/^[a-z][a-z0-9_-]{1,40}$/, 'Code en minuscules sans espace (ex. sauvegarde).'),
  label: z.string().trim().min(2, 'Libellé obligatoire.').max(200),
  mandatory: z.boolean().default(false),
  requiresAmendment: z.boolean().default(false),
  fixedPart: z.number().int().min(0).max(10_000).default(0),
  rule: pricingRuleSchema,
  position: z.number().int().default(0),
});

export const gridListSpec = { sortable: ['year'], defaultSort: 'year', defaultDir: 'desc', filters: ['status'] } as const satisfies ListSpec;
export type GridListQuery = ListQuery<'year', 'status'>;
const ALL_GRIDS: GridListQuery = { q: '', page: 1, pageSize: 20, sort: 'year', dir: 'desc', filters: {}, all: true };

/** The grids, newest year first (one a year: the pages list them all). */
export async function listGrids(ctx: Ctx, q: GridListQuery = ALL_GRIDS): Promise<{ rows: Grid[]; total: number }> {
  authorize(ctx.actor, 'memberships.read');
  const where = q.filters.status === 'draft' || q.filters.status === 'adopted' ? eq(tariffGrids.status, q.filters.status) : undefined;
  const { limit, offset } = pageWindow(q);
  const [rows, [n]] = await Promise.all([
    ctx.db.select().from(tariffGrids).where(where).orderBy(...orderBy(q, { year: tariffGrids.year }, tariffGrids.id)).limit(limit).offset(offset),
    ctx.db.select({ n: count() }).from(tariffGrids).where(where),
  ]);
  return { rows, total: toNumber(n?.n) };
}

export async function getGrid(ctx: Ctx, id: string): Promise<GridWithOptions> {
  authorize(ctx.actor, 'memberships.read');
  return loadGrid(ctx, id);
}

/** A grid without its options (404 for an unknown or malformed id). */
export async function gridRow(ctx: Pick<Ctx, 'db'>, id: string): Promise<Grid> {
  const [grid] = z.uuid().safeParse(id).success ? await ctx.db.select().from(tariffGrids).where(eq(tariffGrids.id, id)) : [];
  if (!grid) throw new NotFound('Grille tarifaire introuvable.');
  return grid;
}

async function loadGrid(ctx: Pick<Ctx, 'db'>, id: string): Promise<GridWithOptions> {
  const grid = await gridRow(ctx, id);
  const options = await ctx.db.select().from(tariffOptions).where(eq(tariffOptions.gridId, id)).orderBy(asc(tariffOptions.position), asc(tariffOptions.code));
  return { ...grid, options };
}

/** The adopted grid in force on a date: the latest adopted one effective on or before it. */
export async function gridInForce(ctx: Pick<Ctx, 'db'>, on: string): Promise<GridWithOptions | null> {
  const [grid] = await ctx.db
    .select()
    .from(tariffGrids)
    .where(and(eq(tariffGrids.status, 'adopted'), lte(tariffGrids.effectiveOn, on)))
    .orderBy(desc(tariffGrids.effectiveOn))
    .limit(1);
  return grid ? loadGrid(ctx, grid.id) : null;
}

export async function createGrid(ctx: Ctx, raw: z.input<typeof gridInput>): Promise<Grid> {
  authorize(ctx.actor, 'tariffs.manage');
  const parsed = gridInput.safeParse(raw);
  if (!parsed.success) throw new Invalid('La grille n’est pas valide.', fieldsOf(parsed.error));
  return inTransaction(ctx, async (tx) => {
    const [exists] = await tx.db.select({ id: tariffGrids.id }).from(tariffGrids).where(eq(tariffGrids.year, parsed.data.year));
    if (exists) throw new Conflict(`Une grille existe déjà pour ${parsed.data.year}.`);
    const [grid] = await tx.db.insert(tariffGrids).values({ ...parsed.data, createdAt: tx.clock.now() }).returning();
    await audit(tx, { action: 'tariffs.grid.create', entity: 'tariff_grid', entityId: grid!.id, after: grid });
    return grid!;
  });
}

function assertDraft(grid: Grid) {
  if (grid.status === 'adopted') throw new Conflict(`La grille ${grid.year} est adoptée : elle ne peut plus être modifiée.`);
}

export async function updateGrid(ctx: Ctx, id: string, raw: Partial<z.input<typeof gridInput>>): Promise<Grid> {
  authorize(ctx.actor, 'tariffs.manage');
  const parsed = gridInput.partial().omit({ year: true }).safeParse(raw);
  if (!parsed.success) throw new Invalid('La grille n’est pas valide.', fieldsOf(parsed.error));
  return inTransaction(ctx, async (tx) => {
    const before = await loadGrid(tx, id);
    assertDraft(before);
    const [grid] = await tx.db.update(tariffGrids).set(parsed.data).where(eq(tariffGrids.id, id)).returning();
    await audit(tx, { action: 'tariffs.grid.update', entity: 'tariff_grid', entityId: id, before, after: grid });
    return grid!;
  });
}

/** A draft grid its options can be edited in (the pricing-rule editor opens on it). */
export async function editableGrid(ctx: Ctx, id: string): Promise<GridWithOptions> {
  authorize(ctx.actor, 'tariffs.manage');
  const grid = await loadGrid(ctx, id);
  assertDraft(grid);
  return grid;
}

/** Adds or replaces an option of a draft grid (by code). The rule's bands must be ordered and contiguous. */
export async function saveOption(ctx: Ctx, gridId: string, raw: z.input<typeof optionInput>): Promise<TariffOption> {
  authorize(ctx.actor, 'tariffs.manage');
  const parsed = optionInput.safeParse(raw);
  if (!parsed.success) throw new Invalid('L’option n’est pas valide.', fieldsOf(parsed.error));
  const ruleErrors = checkRule(parsed.data.rule);
  if (Object.keys(ruleErrors).length > 0) throw new Invalid('La règle de prix n’est pas valide.', ruleErrors);
  return inTransaction(ctx, async (tx) => {
    const grid = await loadGrid(tx, gridId);
    assertDraft(grid);
    const before = grid.options.find((o) => o.code === parsed.data.code) ?? null;
    const [row] = await tx.db
      .insert(tariffOptions)
      .values({ ...parsed.data, gridId, revisionTrail: null })
      .onConflictDoUpdate({ target: [tariffOptions.gridId, tariffOptions.code], set: { ...parsed.data, revisionTrail: null } })
      .returning();
    await audit(tx, { action: 'tariffs.option.save', entity: 'tariff_option', entityId: row!.id, before, after: row });
    return row!;
  });
}

export async function removeOption(ctx: Ctx, gridId: string, code: string): Promise<void> {
  authorize(ctx.actor, 'tariffs.manage');
  await inTransaction(ctx, async (tx) => {
    const grid = await loadGrid(tx, gridId);
    assertDraft(grid);
    const option = grid.options.find((o) => o.code === code);
    if (!option) throw new NotFound('Option introuvable.');
    await tx.db.delete(tariffOptions).where(eq(tariffOptions.id, option.id));
    await audit(tx, { action: 'tariffs.option.remove', entity: 'tariff_option', entityId: option.id, before: option });
  });
}

/**
 * Proposes next year's grid from an adopted one: every amount revised with the Syntec index published at
 * `revisedAt`, each with its trail. The new grid is a draft (editable), expressed in the month of S.
 */
export async function proposeNextGrid(ctx: Ctx, fromId: string, input: { revisedAt: string; effectiveOn: string }): Promise<GridWithOptions> {
  authorize(ctx.actor, 'tariffs.manage');
  const parsed = z.object({ revisedAt: dateSchema, effectiveOn: dateSchema }).safeParse(input);
  if (!parsed.success) throw new Invalid('Dates invalides.', fieldsOf(parsed.error));
  const indices = await loadIndexValues(ctx);
  return inTransaction(ctx, async (tx) => {
    const from = await loadGrid(tx, fromId);
    const year = from.year + 1;
    const [exists] = await tx.db.select({ id: tariffGrids.id }).from(tariffGrids).where(eq(tariffGrids.year, year));
    if (exists) throw new Conflict(`Une grille existe déjà pour ${year}.`);
    let sMonth = from.indexBaseMonth;
    const revised = from.options.map((o) => {
      const trails: RevisionTrail[] = [];
      const rule = mapAmounts(o.rule, (amount) => {
        const t = reviseWith(indices, { amount, fixedPart: o.fixedPart, baseMonth: from.indexBaseMonth, at: parsed.data.revisedAt });
        trails.push(t);
        sMonth = t.s.month;
        return t.result;
      });
      return { ...o, rule, trails };
    });
    const [grid] = await tx.db
      .insert(tariffGrids)
      .values({ year, effectiveOn: parsed.data.effectiveOn, indexBaseMonth: sMonth, revisedFromId: from.id, revisedAt: parsed.data.revisedAt, createdAt: tx.clock.now() })
      .returning();
    for (const o of revised) {
      await tx.db.insert(tariffOptions).values({
        gridId: grid!.id,
        code: o.code,
        label: o.label,
        mandatory: o.mandatory,
        requiresAmendment: o.requiresAmendment,
        fixedPart: o.fixedPart,
        rule: o.rule,
        revisionTrail: o.trails,
        position: o.position,
      });
    }
    await audit(tx, { action: 'tariffs.grid.propose', entity: 'tariff_grid', entityId: grid!.id, after: { from: from.year, year, revisedAt: parsed.data.revisedAt } });
    return loadGrid(tx, grid!.id);
  });
}

/** Adoption needs the president's decision (reference and date) and a mandatory base option; then frozen. */
export async function adoptGrid(ctx: Ctx, id: string): Promise<Grid> {
  authorize(ctx.actor, 'tariffs.manage');
  return inTransaction(ctx, async (tx) => {
    const grid = await loadGrid(tx, id);
    assertDraft(grid);
    const fields: Record<string, string> = {};
    if (!grid.decisionReference) fields.decisionReference = 'Référence de la décision du président obligatoire.';
    if (!grid.decisionOn) fields.decisionOn = 'Date de la décision du président obligatoire.';
    if (!grid.options.some((o) => o.mandatory)) fields.options = 'La grille doit comporter la maintenance de base obligatoire.';
    if (Object.keys(fields).length > 0) throw new Invalid('La grille ne peut pas encore être adoptée.', fields);
    const [adopted] = await tx.db.update(tariffGrids).set({ status: 'adopted', adoptedAt: tx.clock.now() }).where(eq(tariffGrids.id, id)).returning();
    await audit(tx, { action: 'tariffs.grid.adopt', entity: 'tariff_grid', entityId: id, after: adopted });
    return adopted!;
  });
}

/** The label of each option code, from the latest grid that has it (the code itself when none does). */
export async function optionLabels(ctx: Pick<Ctx, 'db'>, codes: string[]): Promise<Map<string, string>> {
  const labels = new Map(codes.map((c) => [c, c]));
  if (!codes.length) return labels;
  const rows = await ctx.db
    .select({ code: tariffOptions.code, label: tariffOptions.label })
    .from(tariffOptions)
    .innerJoin(tariffGrids, eq(tariffGrids.id, tariffOptions.gridId))
    .where(inArray(tariffOptions.code, codes))
    .orderBy(desc(tariffGrids.year));
  for (const r of rows.reverse()) labels.set(r.code, r.label);
  return labels;
}

/** Every option code of any grid, with its label from the latest grid that has it, ordered by code. */
export async function optionCatalogue(ctx: Pick<Ctx, 'db'>): Promise<{ value: string; label: string }[]> {
  const codes = (await ctx.db.selectDistinct({ code: tariffOptions.code }).from(tariffOptions).orderBy(sql`1`)).map((r) => r.code);
  const labels = await optionLabels(ctx, codes);
  return codes.map((c) => ({ value: c, label: labels.get(c)! }));
}
