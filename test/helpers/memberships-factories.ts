import type { Ctx } from '../../src/platform/context.ts';
import { deliberations } from '../../src/modules/members/schema.ts';
import { conventionOptions, conventions, syntecIndices, tariffGrids, tariffOptions } from '../../src/modules/memberships/schema.ts';
import type { PricingRule } from '../../src/modules/memberships/pricing.ts';
import { defaultPublicationDate } from '../../src/modules/memberships/syntec.ts';
import { generationOf } from '../../src/modules/memberships/lifecycle.ts';

export const MAINTENANCE_RULE: PricingRule = {
  kind: 'perUnit',
  unit: 'workstation',
  unitPrice: 57488,
  brackets: [
    { from: 1, to: 2, coefficient: 10000 },
    { from: 3, to: 5, coefficient: 9000 },
    { from: 6, to: 15, coefficient: 7000 },
    { from: 16, to: null, coefficient: 6500 },
  ],
};

/** The revised-series values known from the reference notes. */
export async function knownSyntec(ctx: Pick<Ctx, 'db'>) {
  for (const [month, value] of [['2024-01', 31050], ['2024-08', 31410], ['2025-01', 31520], ['2025-09', 32170], ['2025-10', 32220]] as const) {
    await ctx.db.insert(syntecIndices).values({ month, series: 'revised', value, publishedOn: defaultPublicationDate(month), source: 'manual', updatedAt: new Date() }).onConflictDoNothing();
  }
}

/** An adopted grid with the mandatory maintenance, a flat payroll connector and a DPO option (by amendment only). */
export async function adoptedGrid(ctx: Pick<Ctx, 'db'>, year: number, extra: { code: string; label: string; rule: PricingRule; requiresAmendment?: boolean }[] = []) {
  const [grid] = await ctx.db
    .insert(tariffGrids)
    .values({ year, effectiveOn: `${year}-01-01`, status: 'adopted', indexBaseMonth: '2024-01', decisionReference: `D-${year}`, decisionOn: `${year - 1}-12-01`, adoptedAt: new Date(), createdAt: new Date() })
    .returning();
  const options = [
    { code: 'maintenance', label: 'Maintenance', mandatory: true, rule: MAINTENANCE_RULE },
    { code: 'paie', label: 'Connecteur paie', rule: { kind: 'flat', amount: 18000 } as PricingRule },
    { code: 'dpo', label: 'DPO mutualisé', requiresAmendment: true, rule: { kind: 'flat', amount: 36600 } as PricingRule },
    ...extra,
  ];
  for (const [i, o] of options.entries()) await ctx.db.insert(tariffOptions).values({ gridId: grid!.id, position: i, ...o });
  return grid!;
}

export async function deliberationFor(ctx: Pick<Ctx, 'db'>, organisationId: string, adoptedOn = '2024-05-20') {
  const [d] = await ctx.db.insert(deliberations).values({ organisationId, adoptedOn, number: '2024-12', subject: 'Adhésion au service informatique', decision: 'convention', createdAt: new Date() }).returning();
  return d!;
}

/** A signed, active convention starting on `startsOn`, holding maintenance for `workstations` posts. */
export async function activeConvention(ctx: Pick<Ctx, 'db'>, organisationId: string, opts: { startsOn?: string; workstations?: number; population?: number; number?: string } = {}) {
  const startsOn = opts.startsOn ?? '2024-07-01';
  const d = await deliberationFor(ctx, organisationId);
  const gen = generationOf(startsOn);
  const [c] = await ctx.db
    .insert(conventions)
    .values({
      organisationId,
      number: opts.number ?? `CI-T-${organisationId.slice(0, 8)}`,
      status: 'active',
      generationStartsOn: gen.startsOn,
      generationEndsOn: gen.endsOn,
      startsOn,
      currentTermEndsOn: `${Number(startsOn.slice(0, 4)) + (startsOn.slice(5) >= '07-01' ? 1 : 0)}-06-30`,
      deliberationId: d.id,
      signedOn: '2024-06-10',
      population: opts.population ?? 800,
      createdAt: new Date(),
      updatedAt: new Date(),
    })
    .returning();
  await ctx.db.insert(conventionOptions).values({ conventionId: c!.id, optionCode: 'maintenance', workstations: opts.workstations ?? 3, startsOn });
  return c!;
}

/** A draft grid holding the maintenance option only, editable in the pricing-rule editor. */
export async function draftGrid(ctx: Pick<Ctx, 'db'>, year: number) {
  const [grid] = await ctx.db.insert(tariffGrids).values({ year, effectiveOn: `${year}-01-01`, indexBaseMonth: '2025-10', createdAt: new Date() }).returning();
  await ctx.db.insert(tariffOptions).values({ gridId: grid!.id, code: 'maintenance', label: 'Maintenance', mandatory: true, rule: MAINTENANCE_RULE });
  return grid!;
}

/** A minimal PDF (magic bytes and trailer): enough for type detection by content. */
export const PDF_BYTES = Buffer.from('%PDF-1.7\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n');
