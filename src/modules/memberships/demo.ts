import { and, asc, eq } from 'drizzle-orm';
import type { Actor, Ctx } from '../../platform/context.ts';
import type { DemoStep } from '../../platform/module.ts';
import { addDeliberation, organisations, syndicateOrganisation } from '../members/index.ts';
import { storeFile } from '../../platform/files/index.ts';
import { runContributions, calendarYear } from './contributions.ts';
import { DECISION_MAX_BYTES } from './decision.ts';
import { decisionPdf } from './pdf.ts';
import { describeWholeRule, type PricingRule } from './pricing.ts';
import { amendments, conventionOptions, conventions, syntecIndices, tariffGrids, tariffOptions } from './schema.ts';
import { defaultPublicationDate } from './syntec.ts';

/** The revised-series values given by the syndicate's reference notes; no other index value is loaded. */
export const KNOWN_SYNTEC: [string, number][] = [
  ['2024-01', 31050],
  ['2024-08', 31410],
  ['2025-01', 31520],
  ['2025-09', 32170],
  ['2025-10', 32220],
];

const perWorkstation: PricingRule = {
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
const popBands = [
  { from: 0, to: 499 },
  { from: 500, to: 1999 },
  { from: 2000, to: null },
];

/** The demonstration grid: the maintenance price of the reference notes, other amounts are illustrative. */
export const DEMO_OPTIONS: { code: string; label: string; mandatory?: boolean; requiresAmendment?: boolean; fixedPart?: number; rule: PricingRule }[] = [
  { code: 'maintenance', label: 'Maintenance des logiciels métiers', mandatory: true, rule: perWorkstation },
  {
    code: 'sauvegarde',
    label: 'Sauvegarde des données',
    fixedPart: 1500,
    rule: {
      kind: 'matrix',
      rowUnit: 'inhabitant',
      columnUnit: 'gigabyte',
      rows: popBands,
      columns: [
        { from: 0, to: 50 },
        { from: 51, to: 200 },
        { from: 201, to: null },
      ],
      amounts: [
        [12000, 18000, 30000],
        [15000, 22000, 35000],
        [20000, 28000, 45000],
      ],
    },
  },
  { code: 'paie', label: 'Connecteur de déclarations de paie', rule: { kind: 'flat', amount: 18000 } },
  { code: 'dematerialisation', label: 'Pack dématérialisation', rule: { kind: 'banded', unit: 'inhabitant', bands: popBands.map((b, i) => ({ ...b, amount: [9000, 15000, 24000][i]! })) } },
  {
    code: 'dpo',
    label: 'Délégué à la protection des données mutualisé',
    requiresAmendment: true,
    rule: {
      kind: 'sum',
      parts: [
        { label: 'Forfait', rule: { kind: 'flat', amount: 25000 } },
        { label: 'Habitants', rule: { kind: 'progressive', unit: 'inhabitant', bands: [{ from: 1, to: 1000, unitPrice: 20 }, { from: 1001, to: null, unitPrice: 10 }] } },
      ],
    },
  },
  {
    code: 'transfert',
    label: 'Transfert de la compétence informatique (matériel compris)',
    rule: { kind: 'sum', parts: [{ label: 'Forfait', rule: { kind: 'flat', amount: 150000 } }, { label: 'Postes', rule: { ...perWorkstation, unitPrice: 95000 } }] },
  },
];

const system = (organisationId: string): Actor => ({ userId: '00000000-0000-0000-0000-000000000000', email: 'demo@mutualis', name: 'Démonstration', organisationId, side: 'syndicate', roles: ['admin'] });

/** The grid's decision as a PDF, marked as a demonstration document, in the file store like an upload. */
async function attachDemoDecision(ctx: Ctx, grid: typeof tariffGrids.$inferSelect) {
  const syndicate = await syndicateOrganisation(ctx);
  const bytes = await decisionPdf({
    syndicateName: syndicate?.name ?? 'le syndicat',
    reference: grid.decisionReference!,
    decisionOn: grid.decisionOn!,
    commissionProposedOn: grid.commissionProposedOn,
    year: grid.year,
    effectiveOn: grid.effectiveOn,
    options: DEMO_OPTIONS.map((o) => ({ label: o.label, prices: describeWholeRule(o.rule) })),
    demo: true,
  });
  const file = await storeFile(ctx, { name: `decision-tarifs-${grid.year}-demonstration.pdf`, bytes, allowedTypes: ['application/pdf'], maxBytes: DECISION_MAX_BYTES, organisationId: null, createdBy: null });
  await ctx.db.update(tariffGrids).set({ decisionFileId: file.id, decisionFileName: file.name }).where(eq(tariffGrids.id, grid.id));
}

export const demoMemberships: DemoStep = {
  name: 'adhésions informatiques',
  order: 30,
  async run(ctx: Ctx, progress: (m: string) => void) {
    for (const [month, value] of KNOWN_SYNTEC) {
      await ctx.db.insert(syntecIndices).values({ month, series: 'revised', value, publishedOn: defaultPublicationDate(month), source: 'manual', demo: false, updatedAt: ctx.clock.now() }).onConflictDoNothing();
    }
    const year = ctx.clock.now().getUTCFullYear();
    const [grid] = await ctx.db
      .insert(tariffGrids)
      .values({
        year,
        effectiveOn: `${year}-01-01`,
        status: 'adopted',
        indexBaseMonth: '2025-10',
        commissionProposedOn: `${year - 1}-11-11`,
        decisionReference: `Décision de démonstration n° ${year}-INFO-01`,
        decisionOn: `${year - 1}-12-02`,
        adoptedAt: ctx.clock.now(),
        createdAt: ctx.clock.now(),
      })
      .returning();
    for (const [i, o] of DEMO_OPTIONS.entries()) {
      await ctx.db.insert(tariffOptions).values({ gridId: grid!.id, code: o.code, label: o.label, mandatory: o.mandatory ?? false, requiresAmendment: o.requiresAmendment ?? false, fixedPart: o.fixedPart ?? 0, rule: o.rule, position: i });
    }
    await attachDemoDecision(ctx, grid!);
    const syndicate = await syndicateOrganisation(ctx);
    const communes = await ctx.db.select().from(organisations).where(and(eq(organisations.kind, 'commune'), eq(organisations.status, 'active'))).orderBy(asc(organisations.name));
    progress(`Conventions informatiques : ${communes.length} communes`);
    const staff = { ...ctx, actor: system(syndicate?.id ?? communes[0]?.id ?? '') };
    for (const [i, org] of communes.entries()) {
      const pop = org.population ?? 300;
      // Most communes signed for the 2024–2030 generation; a few are still in progress, for the reminders.
      const status = i % 17 === 5 ? 'awaiting_deliberation' : i % 23 === 7 ? 'draft' : 'active';
      let deliberationId: string | null = null;
      if (status === 'active') {
        const d = await addDeliberation(staff, org.id, { adoptedOn: '2024-05-23', number: `2024-${String(20 + (i % 30)).padStart(3, '0')}`, subject: 'Adhésion au service informatique mutualisé 2024-2030', decision: 'convention' });
        deliberationId = d.id;
      }
      const [c] = await ctx.db
        .insert(conventions)
        .values({
          organisationId: org.id,
          number: `CI-2024-${String(i + 1).padStart(4, '0')}`,
          status,
          generationStartsOn: '2024-07-01',
          generationEndsOn: '2030-06-30',
          startsOn: '2024-07-01',
          currentTermEndsOn: year >= 2026 && ctx.clock.now().toISOString().slice(5, 10) > '06-30' ? `${year + 1}-06-30` : `${year}-06-30`,
          deliberationId,
          signedOn: status === 'active' ? '2024-06-12' : null,
          population: pop,
          populationAsOf: org.populationYear ? `${org.populationYear}-01-01` : '2024-01-01',
          createdAt: ctx.clock.now(),
          updatedAt: ctx.clock.now(),
        })
        .returning();
      const ws = Math.min(25, Math.max(1, Math.round(pop / 400) + 1));
      const opts = [{ code: 'maintenance', workstations: ws, gigabytes: 0 }];
      if (i % 3 === 0) opts.push({ code: 'sauvegarde', workstations: 0, gigabytes: [50, 100, 250][i % 3 === 0 ? (i / 3) % 3 : 0]! });
      if (pop >= 500) opts.push({ code: 'paie', workstations: 0, gigabytes: 0 });
      if (i % 2 === 1) opts.push({ code: 'dematerialisation', workstations: 0, gigabytes: 0 });
      for (const o of opts) await ctx.db.insert(conventionOptions).values({ conventionId: c!.id, optionCode: o.code, workstations: o.workstations, gigabytes: o.gigabytes, startsOn: '2024-07-01' });
      if (status === 'active' && i % 5 === 0) {
        // The DPO option is only ever taken by amendment.
        const [a] = await ctx.db.insert(amendments).values({ conventionId: c!.id, number: 1, effectiveOn: `${year}-04-01`, changes: [{ optionCode: 'dpo', action: 'add' }], note: 'Adhésion au DPO mutualisé', createdAt: ctx.clock.now() }).returning();
        await ctx.db.insert(conventionOptions).values({ conventionId: c!.id, optionCode: 'dpo', startsOn: `${year}-04-01`, amendmentId: a!.id });
      }
    }
    if (communes.length > 0) await runContributions(staff, calendarYear(year));
  },
};
