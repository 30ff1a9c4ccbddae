import { and, asc, count, desc, eq, inArray, isNotNull, lt, sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import type { Ctx } from '../../platform/context.ts';
import { audit } from '../../platform/audit/index.ts';
import { authorize } from '../../platform/auth/permissions.ts';
import { inTransaction } from '../../platform/db/tx.ts';
import { Invalid, NotFound } from '../../platform/errors.ts';
import { toNumber } from '../../platform/db/types.ts';
import { orderBy, pageWindow, type ListQuery, type ListSpec } from '../../platform/list.ts';
import { organisations } from '../members/index.ts';
import { priceLine } from './conventions.ts';
import { dayBefore, prorate } from './proration.ts';
import { contributionLines, contributionRuns, conventionOptions, conventions } from './schema.ts';
import { fieldsOf } from './syntec-service.ts';
import { gridInForce } from './tariffs.ts';

export type Run = typeof contributionRuns.$inferSelect;
export type ContributionLine = typeof contributionLines.$inferSelect;

export const runInput = z
  .object({
    periodStart: z.iso.date({ message: 'Date au format AAAA-MM-JJ.' }),
    periodEnd: z.iso.date({ message: 'Date au format AAAA-MM-JJ.' }),
    label: z.string().trim().max(200).optional(),
  })
  .refine((v) => v.periodStart <= v.periodEnd, { message: 'La fin de la période suit son début.', path: ['periodEnd'] });

/** Calendar year by default. */
export function calendarYear(year: number) {
  return { periodStart: `${year}-01-01`, periodEnd: `${year}-12-31`, label: `Contributions ${year}` };
}

/**
 * Computes every signed convention's contribution for the period and freezes it: each option line priced
 * with the grid in force at the period's start, prorated by days (bounds included) over the part of the
 * period it was held. The stored figures never change afterwards.
 */
export async function runContributions(ctx: Ctx, raw: z.input<typeof runInput>): Promise<Run> {
  authorize(ctx.actor, 'memberships.manage');
  const parsed = runInput.safeParse(raw);
  if (!parsed.success) throw new Invalid('La période n’est pas valide.', fieldsOf(parsed.error));
  const period = { from: parsed.data.periodStart, to: parsed.data.periodEnd };
  return inTransaction(ctx, async (tx) => {
    const grid = await gridInForce(tx, period.from);
    if (!grid) throw new Invalid(`Aucune grille tarifaire adoptée n’est en vigueur au ${period.from}.`, { periodStart: 'Aucune grille adoptée à cette date.' });
    const rows = await tx.db
      .select({ c: conventions, line: conventionOptions, orgName: organisations.name })
      .from(conventions)
      .innerJoin(conventionOptions, eq(conventionOptions.conventionId, conventions.id))
      .innerJoin(organisations, eq(organisations.id, conventions.organisationId))
      .where(and(inArray(conventions.status, ['active', 'expired', 'terminated']), isNotNull(conventions.signedOn)))
      .orderBy(asc(organisations.name), asc(conventionOptions.startsOn));
    const lines: (typeof contributionLines.$inferInsert)[] = [];
    for (const { c, line, orgName } of rows) {
      let end = c.generationEndsOn;
      if (c.terminatedOn && dayBefore(c.terminatedOn) < end) end = dayBefore(c.terminatedOn);
      if (line.endsOn !== null && line.endsOn < end) end = line.endsOn;
      const start = line.startsOn > c.startsOn ? line.startsOn : c.startsOn;
      if (start > end) continue;
      const { option, price } = priceLine(grid, line, c.population);
      const share = prorate(price.amount, period, { from: start, to: end });
      if (!share) continue;
      lines.push({
        runId: '',
        organisationId: c.organisationId,
        organisationName: orgName,
        conventionId: c.id,
        conventionNumber: c.number,
        optionCode: option.code,
        optionLabel: option.label,
        fromOn: share.from,
        toOn: share.to,
        days: share.days,
        periodDays: share.periodDays,
        annual: price.amount,
        amount: share.amount,
        breakdown: price,
      });
    }
    const total = lines.reduce((s, l) => s + l.amount, 0);
    const [run] = await tx.db
      .insert(contributionRuns)
      .values({ label: parsed.data.label || `Contributions du ${period.from} au ${period.to}`, periodStart: period.from, periodEnd: period.to, gridId: grid.id, gridYear: grid.year, total, createdBy: tx.actor!.userId, createdAt: tx.clock.now() })
      .returning();
    for (const l of lines) await tx.db.insert(contributionLines).values({ ...l, runId: run!.id });
    await audit(tx, { action: 'memberships.contributions.run', entity: 'it_contribution_run', entityId: run!.id, after: { ...run, lines: lines.length } });
    return run!;
  });
}

export const runListSpec = { sortable: ['periodStart', 'createdAt'], defaultSort: 'periodStart', defaultDir: 'desc' } as const satisfies ListSpec;
export type RunListQuery = ListQuery<(typeof runListSpec.sortable)[number], never>;
/** Every run at once, newest first (the pages list them all). */
export const ALL_RUNS: RunListQuery = { q: '', page: 1, pageSize: 20, sort: 'periodStart', dir: 'desc', filters: {}, all: true };

/** The runs the actor may see; a member's manager: those it has lines in, each with its own total only. */
export async function listRuns(ctx: Ctx, q: RunListQuery = ALL_RUNS): Promise<{ rows: Run[]; total: number }> {
  const scope = authorize(ctx.actor, 'memberships.read');
  const own = scope === 'own' ? ctx.actor!.organisationId : null;
  const where: SQL | undefined = own
    ? inArray(contributionRuns.id, ctx.db.selectDistinct({ runId: contributionLines.runId }).from(contributionLines).where(eq(contributionLines.organisationId, own)))
    : undefined;
  const { limit, offset } = pageWindow(q);
  const [runs, [n]] = await Promise.all([
    ctx.db
      .select()
      .from(contributionRuns)
      .where(where)
      .orderBy(...orderBy(q, { periodStart: contributionRuns.periodStart, createdAt: contributionRuns.createdAt }, contributionRuns.id))
      .limit(limit)
      .offset(offset),
    ctx.db.select({ n: count() }).from(contributionRuns).where(where),
  ]);
  if (!own || runs.length === 0) return { rows: runs, total: toNumber(n?.n) };
  // A member sees its own total, never the sum over all members.
  const totals = await ctx.db
    .select({ runId: contributionLines.runId, amount: sql<unknown>`sum(${contributionLines.amount})` })
    .from(contributionLines)
    .where(and(eq(contributionLines.organisationId, own), inArray(contributionLines.runId, runs.map((r) => r.id))))
    .groupBy(contributionLines.runId);
  const byRun = new Map(totals.map((t) => [t.runId, toNumber(t.amount)]));
  return { rows: runs.map((r) => ({ ...r, total: byRun.get(r.id) ?? 0 })), total: toNumber(n?.n) };
}

export const lineListSpec = { sortable: ['organisationName', 'optionCode', 'amount'], defaultSort: 'organisationName', filters: ['organisationId', 'optionCode'] } as const satisfies ListSpec;
export type LineListQuery = ListQuery<(typeof lineListSpec.sortable)[number], (typeof lineListSpec.filters)[number]>;

/** A run's lines, a page at a time (a member's manager: its own lines only). */
export async function listRunLines(ctx: Ctx, runId: string, q: LineListQuery): Promise<{ rows: ContributionLine[]; total: number }> {
  const scope = authorize(ctx.actor, 'memberships.read');
  const [run] = await ctx.db.select({ id: contributionRuns.id }).from(contributionRuns).where(eq(contributionRuns.id, runId));
  if (!run) throw new NotFound('Campagne de contributions introuvable.');
  const where: SQL[] = [eq(contributionLines.runId, runId)];
  if (scope === 'own') where.push(eq(contributionLines.organisationId, ctx.actor!.organisationId));
  if (q.filters.organisationId) where.push(eq(contributionLines.organisationId, q.filters.organisationId));
  if (q.filters.optionCode) where.push(eq(contributionLines.optionCode, q.filters.optionCode));
  const { limit, offset } = pageWindow(q);
  const [rows, [n]] = await Promise.all([
    ctx.db
      .select()
      .from(contributionLines)
      .where(and(...where))
      .orderBy(...orderBy(q, { organisationName: contributionLines.organisationName, optionCode: contributionLines.optionCode, amount: contributionLines.amount }, contributionLines.id))
      .limit(limit)
      .offset(offset),
    ctx.db.select({ n: count() }).from(contributionLines).where(and(...where)),
  ]);
  if (scope === 'own' && toNumber(n?.n) === 0) throw new NotFound('Campagne de contributions introuvable.');
  return { rows, total: toNumber(n?.n) };
}

export interface OptionTotal {
  code: string;
  label: string;
  amount: number;
  previous: number | null;
}

/** A run with its lines (a member's manager: its own lines only), totals per option and the previous period's. */
export async function getRun(ctx: Ctx, id: string, organisationId?: string) {
  const scope = authorize(ctx.actor, 'memberships.read', organisationId);
  if (!z.uuid().safeParse(id).success) throw new NotFound('Campagne de contributions introuvable.');
  const [run] = await ctx.db.select().from(contributionRuns).where(eq(contributionRuns.id, id));
  if (!run) throw new NotFound('Campagne de contributions introuvable.');
  const orgFilter = scope === 'own' ? ctx.actor!.organisationId : organisationId;
  const lines = await ctx.db
    .select()
    .from(contributionLines)
    .where(orgFilter ? and(eq(contributionLines.runId, id), eq(contributionLines.organisationId, orgFilter)) : eq(contributionLines.runId, id))
    .orderBy(asc(contributionLines.organisationName), asc(contributionLines.optionCode), asc(contributionLines.fromOn));
  if (scope === 'own' && lines.length === 0) throw new NotFound('Campagne de contributions introuvable.');
  const [previous] = await ctx.db.select().from(contributionRuns).where(lt(contributionRuns.periodEnd, run.periodStart)).orderBy(desc(contributionRuns.periodEnd), desc(contributionRuns.createdAt)).limit(1);
  const previousLines = previous
    ? await ctx.db.select().from(contributionLines).where(orgFilter ? and(eq(contributionLines.runId, previous.id), eq(contributionLines.organisationId, orgFilter)) : eq(contributionLines.runId, previous.id))
    : [];
  const totals = new Map<string, OptionTotal>();
  for (const l of lines) {
    const t = totals.get(l.optionCode) ?? { code: l.optionCode, label: l.optionLabel, amount: 0, previous: previous ? 0 : null };
    t.amount += l.amount;
    totals.set(l.optionCode, t);
  }
  for (const l of previousLines) {
    const t = totals.get(l.optionCode) ?? { code: l.optionCode, label: l.optionLabel, amount: 0, previous: 0 };
    t.previous = (t.previous ?? 0) + l.amount;
    totals.set(l.optionCode, t);
  }
  const total = lines.reduce((s, l) => s + l.amount, 0);
  const previousTotal = previous ? previousLines.reduce((s, l) => s + l.amount, 0) : null;
  // A member's manager sees its own figures only: no run-wide total, of this run or of the previous one.
  const own = scope === 'own';
  return {
    run: own ? { ...run, total } : run,
    lines,
    totals: [...totals.values()],
    total,
    previous: previous && own ? { ...previous, total: previousTotal! } : (previous ?? null),
    previousTotal,
  };
}

/** A member's contributions across runs (portal). */
export async function memberContributions(ctx: Ctx, organisationId: string) {
  authorize(ctx.actor, 'memberships.read', organisationId);
  return ctx.db
    .select({ run: contributionRuns, line: contributionLines })
    .from(contributionLines)
    .innerJoin(contributionRuns, eq(contributionRuns.id, contributionLines.runId))
    .where(eq(contributionLines.organisationId, organisationId))
    .orderBy(desc(contributionRuns.periodStart), asc(contributionLines.optionCode));
}
