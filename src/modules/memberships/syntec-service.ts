import { count, eq } from 'drizzle-orm';
import { parse } from 'csv-parse/sync';
import { z } from 'zod';
import type { Ctx } from '../../platform/context.ts';
import { audit } from '../../platform/audit/index.ts';
import { authorize } from '../../platform/auth/permissions.ts';
import { inTransaction } from '../../platform/db/tx.ts';
import { Invalid } from '../../platform/errors.ts';
import { toNumber } from '../../platform/db/types.ts';
import { orderBy, pageWindow, type ListQuery, type ListSpec } from '../../platform/list.ts';
import { RATIO_SCALE } from './money.ts';
import { syntecIndices } from './schema.ts';
import { defaultPublicationDate, MissingIndex, parseIndexValue, REVISED_SERIES_START, revise, type IndexValue, type RevisionInput, type RevisionTrail, type Series } from './syntec.ts';

export type SyntecRow = typeof syntecIndices.$inferSelect;

const monthSchema = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'Mois au format AAAA-MM.');
const dateSchema = z.iso.date({ message: 'Date au format AAAA-MM-JJ.' });

export const indexInput = z.object({
  month: monthSchema,
  series: z.enum(['legacy', 'revised']).optional(),
  value: z.string().trim().refine((v) => parseIndexValue(v) !== null, 'Valeur d’indice invalide (ex. 322,2).'),
  publishedOn: dateSchema.optional().or(z.literal('').transform(() => undefined)),
});
export type IndexInput = z.input<typeof indexInput>;

function toValues(input: z.output<typeof indexInput>, source: SyntecRow['source']) {
  const series: Series = input.series ?? (input.month >= REVISED_SERIES_START ? 'revised' : 'legacy');
  if (series === 'revised' && input.month < REVISED_SERIES_START) {
    throw new Invalid('La série révisée commence en août 2022.', { series: 'La série révisée commence en août 2022.' });
  }
  const publishedOn = input.publishedOn ?? defaultPublicationDate(input.month);
  if (publishedOn <= `${input.month}-31`) throw new Invalid('La publication suit le mois mesuré.', { publishedOn: 'La date de publication doit suivre le mois mesuré.' });
  return { month: input.month, series, value: parseIndexValue(input.value)!, publishedOn, source, demo: source === 'demo' };
}

export const indexListSpec = { sortable: ['month'], defaultSort: 'month', defaultDir: 'desc', filters: ['series'], defaultPageSize: 100 } as const satisfies ListSpec;
export type IndexListQuery = ListQuery<'month', 'series'>;
/** Every value at once, newest month first (the page lists them all). */
export const ALL_INDICES: IndexListQuery = { q: '', page: 1, pageSize: 100, sort: 'month', dir: 'desc', filters: {}, all: true };

export async function listIndices(ctx: Ctx, q: IndexListQuery = ALL_INDICES): Promise<{ rows: SyntecRow[]; total: number }> {
  authorize(ctx.actor, 'memberships.read');
  const where = q.filters.series === 'legacy' || q.filters.series === 'revised' ? eq(syntecIndices.series, q.filters.series) : undefined;
  const { limit, offset } = pageWindow(q);
  const [rows, [n]] = await Promise.all([
    ctx.db.select().from(syntecIndices).where(where).orderBy(...orderBy(q, { month: syntecIndices.month }, syntecIndices.series)).limit(limit).offset(offset),
    ctx.db.select({ n: count() }).from(syntecIndices).where(where),
  ]);
  return { rows, total: toNumber(n?.n) };
}

/** Reads every index (a few hundred rows at most): the revision is computed in memory. */
export async function loadIndexValues(ctx: Pick<Ctx, 'db'>): Promise<IndexValue[]> {
  const rows = await ctx.db.select().from(syntecIndices);
  return rows.map((r) => ({ month: r.month, series: r.series, value: r.value, publishedOn: r.publishedOn }));
}

async function upsert(ctx: Ctx, values: ReturnType<typeof toValues>): Promise<SyntecRow> {
  const [row] = await ctx.db
    .insert(syntecIndices)
    .values({ ...values, updatedAt: ctx.clock.now() })
    .onConflictDoUpdate({
      target: [syntecIndices.month, syntecIndices.series],
      set: { value: values.value, publishedOn: values.publishedOn, source: values.source, demo: values.demo, updatedAt: ctx.clock.now() },
    })
    .returning();
  return row!;
}

export async function saveIndex(ctx: Ctx, raw: IndexInput, source: 'manual' | 'demo' = 'manual'): Promise<SyntecRow> {
  authorize(ctx.actor, 'syntec.manage');
  const parsed = indexInput.safeParse(raw);
  if (!parsed.success) throw new Invalid('L’indice n’est pas valide.', fieldsOf(parsed.error));
  const values = toValues(parsed.data, source);
  return inTransaction(ctx, async (tx) => {
    const row = await upsert(tx, values);
    await audit(tx, { action: 'syntec.save', entity: 'syntec_index', entityId: `${values.month}/${values.series}`, after: values });
    return row;
  });
}

/**
 * CSV import: columns `mois;valeur[;publication[;serie]]` (header line required; `;` or `,` separated).
 * All or nothing: one bad line and nothing is imported, the error names the line.
 */
export async function importIndicesCsv(ctx: Ctx, csv: string): Promise<{ imported: number }> {
  authorize(ctx.actor, 'syntec.manage');
  let records: Record<string, string>[];
  const text = csv.replace(/^\ufeff/, '');
  // French spreadsheets write `;` (decimal commas); otherwise `,`.
  const delimiter = (text.split('\n', 1)[0] ?? '').includes(';') ? ';' : ',';
  try {
    records = parse(text, { columns: (h: string[]) => h.map((x) => x.trim().toLowerCase()), delimiter, skip_empty_lines: true, trim: true });
  } catch (e) {
    throw new Invalid(`Fichier CSV illisible : ${(e as Error).message}`);
  }
  if (records.length === 0) throw new Invalid('Le fichier ne contient aucune ligne.');
  const values = records.map((r, i) => {
    const series = r['serie'] || r['série'] || undefined;
    const parsed = indexInput.safeParse({
      month: r['mois'],
      value: r['valeur'],
      publishedOn: r['publication'] || undefined,
      series: series === 'ancienne' ? 'legacy' : series === 'revisee' || series === 'révisée' ? 'revised' : series,
    });
    if (!parsed.success) throw new Invalid(`Ligne ${i + 2} : ${Object.values(fieldsOf(parsed.error)).join(' ')}`);
    try {
      return toValues(parsed.data, 'csv');
    } catch (e) {
      throw new Invalid(`Ligne ${i + 2} : ${(e as Error).message}`);
    }
  });
  await inTransaction(ctx, async (tx) => {
    for (const v of values) await upsert(tx, v);
    await audit(tx, { action: 'syntec.import', entity: 'syntec_index', after: { count: values.length, months: values.map((v) => v.month) } });
  });
  return { imported: values.length };
}

/** The simulator's question: P0 in cents, its base month, the revision date and `a` as a ratio (0.15). */
export const revisionQuery = z.object({
  amountCents: z.coerce.number().int('Montant en centimes entiers.').min(0, 'Montant positif.'),
  baseMonth: monthSchema,
  at: dateSchema,
  fixedPart: z.coerce.number().min(0, 'Partie fixe entre 0 et 1.').max(1, 'Partie fixe entre 0 et 1.').default(0),
});

/** The simulator: one revised amount with its full trail. */
export async function simulateRevision(ctx: Ctx, input: z.output<typeof revisionQuery>): Promise<RevisionTrail> {
  authorize(ctx.actor, 'memberships.read');
  return reviseWith(await loadIndexValues(ctx), { amount: input.amountCents, baseMonth: input.baseMonth, at: input.at, fixedPart: Math.round(input.fixedPart * RATIO_SCALE) });
}

/** Runs a revision, turning a missing index into the product's French 422 error. */
export function reviseWith(indices: IndexValue[], input: RevisionInput): RevisionTrail {
  try {
    return revise(input, indices);
  } catch (e) {
    if (e instanceof MissingIndex) throw new Invalid(e.message, {}, 'syntec_index_missing');
    throw e;
  }
}

export function fieldsOf(error: z.ZodError): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const i of error.issues) fields[i.path.join('.') || '_'] = i.message;
  return fields;
}
