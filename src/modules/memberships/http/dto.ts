import { z } from '@hono/zod-openapi';
import { cents, isoDate, isoInstant, uuid } from '../../../platform/http/api.ts';
import type { Amendment, OptionRequest } from '../amendments.ts';
import type { ContributionLine, OptionTotal, Run } from '../contributions.ts';
import type { Convention, OptionLine, PricedOption } from '../conventions.ts';
import { CONVENTION_STATES } from '../lifecycle.ts';
import type { ConventionRow } from '../list.ts';
import { RATIO_SCALE } from '../money.ts';
import { pricingRuleSchema, type Price } from '../pricing.ts';
import type { SyntecRow } from '../syntec-service.ts';
import { SERIES, type IndexValue, type RevisionTrail } from '../syntec.ts';
import type { Grid, GridWithOptions, TariffOption } from '../tariffs.ts';

/**
 * The memberships API's answers (ADR 0003): numbers as JSON numbers, money in cents (`…Cents`), Syntec index
 * values in points (310.5), the fixed part `a` of a revision as a ratio between 0 and 1 everywhere (0.15).
 */
const series = z.enum(SERIES);
const month = () => z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/).describe('Mois, AAAA-MM');
const ratio = () => z.number().min(0).max(1).describe('Partie fixe a de la révision Syntec, entre 0 et 1 (0.15)');
const points = (hundredths: number) => hundredths / 100;
export const toRatio = (tenThousandths: number) => tenThousandths / RATIO_SCALE;
export const fromRatio = (r: number) => Math.round(r * RATIO_SCALE);

export const SyntecIndexDto = z
  .object({ month: month(), series, value: z.number().describe('Valeur en points (310.5)'), publishedOn: isoDate(), source: z.enum(['manual', 'csv', 'demo']), demo: z.boolean(), updatedAt: isoInstant() })
  .openapi('SyntecIndex');
export const presentIndex = (r: SyntecRow): z.infer<typeof SyntecIndexDto> => ({
  month: r.month,
  series: r.series,
  value: points(r.value),
  publishedOn: r.publishedOn,
  source: r.source,
  demo: r.demo,
  updatedAt: r.updatedAt.toISOString(),
});

const IndexPointDto = z.object({ month: month(), series, value: z.number().describe('Points'), publishedOn: isoDate() }).openapi('SyntecIndexValue');
const presentPoint = (i: IndexValue) => ({ month: i.month, series: i.series, value: points(i.value), publishedOn: i.publishedOn });

export const RevisionTrailDto = z
  .object({
    amountCents: cents().describe('P0, en centimes'),
    fixedPart: ratio(),
    baseMonth: month(),
    s0: IndexPointDto,
    s: IndexPointDto,
    linkingCoefficient: z.number().nullable().describe('Coefficient de raccordement appliqué à S0 (0.97975), null dans la même série'),
    s0InSeriesOfS: z.number().describe('S0 exprimé dans la série de S, en points'),
    resultCents: cents().describe('P, arrondi au centime'),
    formula: z.string().describe('Le calcul, en français'),
  })
  .openapi('RevisionTrail');
export const presentTrail = (t: RevisionTrail): z.infer<typeof RevisionTrailDto> => ({
  amountCents: t.amount,
  fixedPart: toRatio(t.fixedPart),
  baseMonth: t.baseMonth,
  s0: presentPoint(t.s0),
  s: presentPoint(t.s),
  linkingCoefficient: t.linkingCoefficient,
  s0InSeriesOfS: t.s0InSeriesOfS,
  resultCents: t.result,
  formula: t.formula,
});

export const TariffOptionDto = z
  .object({
    id: uuid(),
    code: z.string(),
    label: z.string(),
    mandatory: z.boolean(),
    requiresAmendment: z.boolean(),
    fixedPart: ratio(),
    rule: pricingRuleSchema.describe('Règle de prix ; montants en centimes'),
    position: z.number().int(),
    revisionTrail: z.array(RevisionTrailDto).nullable().describe('Trace de la révision de chaque montant, pour une grille proposée par révision'),
  })
  .openapi('TariffOption');
export const presentOption = (o: TariffOption): z.infer<typeof TariffOptionDto> => ({
  id: o.id,
  code: o.code,
  label: o.label,
  mandatory: o.mandatory,
  requiresAmendment: o.requiresAmendment,
  fixedPart: toRatio(o.fixedPart),
  rule: o.rule,
  position: o.position,
  revisionTrail: o.revisionTrail ? o.revisionTrail.map(presentTrail) : null,
});

const gridFields = {
  id: uuid(),
  year: z.number().int(),
  effectiveOn: isoDate(),
  status: z.enum(['draft', 'adopted']),
  indexBaseMonth: month(),
  commissionProposedOn: isoDate().nullable(),
  decisionReference: z.string().nullable(),
  decisionOn: isoDate().nullable(),
  decisionFileName: z.string().nullable().describe('Nom du PDF de la décision du président, s’il est joint'),
  revisedFromId: uuid().nullable(),
  revisedAt: isoDate().nullable(),
  adoptedAt: isoInstant().nullable(),
  createdAt: isoInstant(),
};
export const TariffGridDto = z.object(gridFields).openapi('TariffGrid');
export const TariffGridDetailDto = z.object({ ...gridFields, options: z.array(TariffOptionDto) }).openapi('TariffGridDetail');
export const presentGrid = (g: Grid): z.infer<typeof TariffGridDto> => ({
  id: g.id,
  year: g.year,
  effectiveOn: g.effectiveOn,
  status: g.status,
  indexBaseMonth: g.indexBaseMonth,
  commissionProposedOn: g.commissionProposedOn,
  decisionReference: g.decisionReference,
  decisionOn: g.decisionOn,
  decisionFileName: g.decisionFileName,
  revisedFromId: g.revisedFromId,
  revisedAt: g.revisedAt,
  adoptedAt: g.adoptedAt?.toISOString() ?? null,
  createdAt: g.createdAt.toISOString(),
});
export const presentGridDetail = (g: GridWithOptions): z.infer<typeof TariffGridDetailDto> => ({ ...presentGrid(g), options: g.options.map(presentOption) });

const status = z.enum(CONVENTION_STATES);
export const ConventionSummaryDto = z
  .object({
    id: uuid(),
    number: z.string(),
    organisationId: uuid(),
    organisationName: z.string(),
    status,
    startsOn: isoDate(),
    currentTermEndsOn: isoDate(),
    generationStartsOn: isoDate(),
    generationEndsOn: isoDate(),
    signedOn: isoDate().nullable(),
  })
  .openapi('ConventionSummary');
export const presentConventionRow = (r: ConventionRow): z.infer<typeof ConventionSummaryDto> => ({
  id: r.id,
  number: r.number,
  organisationId: r.organisationId,
  organisationName: r.organisationName,
  status: r.status,
  startsOn: r.startsOn,
  currentTermEndsOn: r.currentTermEndsOn,
  generationStartsOn: r.generationStartsOn,
  generationEndsOn: r.generationEndsOn,
  signedOn: r.signedOn,
});

export const ConventionDto = z
  .object({
    id: uuid(),
    organisationId: uuid(),
    number: z.string(),
    status,
    generationStartsOn: isoDate(),
    generationEndsOn: isoDate(),
    startsOn: isoDate(),
    currentTermEndsOn: isoDate(),
    deliberationId: uuid().nullable(),
    signedOn: isoDate().nullable(),
    population: z.number().int(),
    populationAsOf: isoDate().nullable(),
    terminatedOn: isoDate().nullable(),
    terminatedBy: z.enum(['member', 'syndicate']).nullable(),
    terminationReason: z.enum(['fault', 'free']).nullable(),
    terminationNote: z.string().nullable(),
    previousId: uuid().nullable(),
    nextId: uuid().nullable(),
    createdAt: isoInstant(),
    updatedAt: isoInstant(),
  })
  .openapi('Convention');
export const presentConvention = (c: Convention): z.infer<typeof ConventionDto> => ({
  id: c.id,
  organisationId: c.organisationId,
  number: c.number,
  status: c.status,
  generationStartsOn: c.generationStartsOn,
  generationEndsOn: c.generationEndsOn,
  startsOn: c.startsOn,
  currentTermEndsOn: c.currentTermEndsOn,
  deliberationId: c.deliberationId,
  signedOn: c.signedOn,
  population: c.population,
  populationAsOf: c.populationAsOf,
  terminatedOn: c.terminatedOn,
  terminatedBy: c.terminatedBy,
  terminationReason: c.terminationReason,
  terminationNote: c.terminationNote,
  previousId: c.previousId,
  nextId: c.nextId,
  createdAt: c.createdAt.toISOString(),
  updatedAt: c.updatedAt.toISOString(),
});

const OptionLineDto = z
  .object({ id: uuid(), optionCode: z.string(), workstations: z.number().int(), gigabytes: z.number().int(), startsOn: isoDate(), endsOn: isoDate().nullable(), amendmentId: uuid().nullable() })
  .openapi('ConventionOptionLine');
const presentLine = (l: OptionLine): z.infer<typeof OptionLineDto> => ({ id: l.id, optionCode: l.optionCode, workstations: l.workstations, gigabytes: l.gigabytes, startsOn: l.startsOn, endsOn: l.endsOn, amendmentId: l.amendmentId });

const ChangeDto = z
  .object({ optionCode: z.string(), action: z.enum(['add', 'remove', 'change']), workstations: z.number().int().optional(), gigabytes: z.number().int().optional() })
  .openapi('OptionChange');
const presentChange = (c: z.infer<typeof ChangeDto>): z.infer<typeof ChangeDto> => ({
  optionCode: c.optionCode,
  action: c.action,
  ...(c.workstations === undefined ? {} : { workstations: c.workstations }),
  ...(c.gigabytes === undefined ? {} : { gigabytes: c.gigabytes }),
});

export const AmendmentDto = z
  .object({ id: uuid(), conventionId: uuid(), number: z.number().int(), effectiveOn: isoDate(), changes: z.array(ChangeDto), note: z.string().nullable(), requestId: uuid().nullable(), createdAt: isoInstant() })
  .openapi('Amendment');
export const presentAmendment = (a: Amendment): z.infer<typeof AmendmentDto> => ({
  id: a.id,
  conventionId: a.conventionId,
  number: a.number,
  effectiveOn: a.effectiveOn,
  changes: a.changes.map(presentChange),
  note: a.note,
  requestId: a.requestId,
  createdAt: a.createdAt.toISOString(),
});

export const OptionRequestDto = z
  .object({
    id: uuid(),
    conventionId: uuid(),
    organisationId: uuid(),
    changes: z.array(ChangeDto),
    wishedOn: isoDate(),
    message: z.string().nullable(),
    status: z.enum(['pending', 'accepted', 'refused']),
    decisionNote: z.string().nullable(),
    decidedAt: isoInstant().nullable(),
    amendmentId: uuid().nullable(),
    createdAt: isoInstant(),
  })
  .openapi('OptionRequest');
export const presentRequest = (r: OptionRequest): z.infer<typeof OptionRequestDto> => ({
  id: r.id,
  conventionId: r.conventionId,
  organisationId: r.organisationId,
  changes: r.changes.map(presentChange),
  wishedOn: r.wishedOn,
  message: r.message,
  status: r.status,
  decisionNote: r.decisionNote,
  decidedAt: r.decidedAt?.toISOString() ?? null,
  amendmentId: r.amendmentId,
  createdAt: r.createdAt.toISOString(),
});

export const ConventionDetailDto = z
  .object({
    convention: ConventionDto,
    organisation: z.object({ id: uuid(), name: z.string() }),
    lines: z.array(OptionLineDto),
    amendments: z.array(AmendmentDto),
    requests: z.array(OptionRequestDto),
    deliberation: z.object({ id: uuid(), number: z.string(), adoptedOn: isoDate(), subject: z.string() }).nullable(),
  })
  .openapi('ConventionDetail');
export function presentConventionDetail(d: {
  convention: Convention;
  organisation: { id: string; name: string };
  lines: OptionLine[];
  amendments: Amendment[];
  requests: (OptionRequest)[];
  deliberation: { id: string; number: string; adoptedOn: string; subject: string } | null;
}): z.infer<typeof ConventionDetailDto> {
  return {
    convention: presentConvention(d.convention),
    organisation: { id: d.organisation.id, name: d.organisation.name },
    lines: d.lines.map(presentLine),
    amendments: d.amendments.map(presentAmendment),
    requests: d.requests.map(presentRequest),
    deliberation: d.deliberation ? { id: d.deliberation.id, number: d.deliberation.number, adoptedOn: d.deliberation.adoptedOn, subject: d.deliberation.subject } : null,
  };
}

const PriceDto = z.object({ amountCents: cents(), lines: z.array(z.object({ label: z.string(), amountCents: cents() })) }).openapi('Price');
const presentPrice = (p: Price): z.infer<typeof PriceDto> => ({ amountCents: p.amount, lines: p.lines.map((l) => ({ label: l.label, amountCents: l.amount })) });

export const ConventionPricesDto = z
  .object({
    grid: z.object({ id: uuid(), year: z.number().int() }).nullable().describe('La grille en vigueur à la date, null s’il n’y en a pas'),
    options: z.array(
      z.object({
        code: z.string(),
        label: z.string(),
        workstations: z.number().int(),
        gigabytes: z.number().int(),
        population: z.number().int(),
        startsOn: isoDate(),
        endsOn: isoDate().nullable(),
        price: PriceDto.describe('Prix annuel et son détail'),
      }),
    ),
  })
  .openapi('ConventionPrices');
export const presentPrices = (p: { grid: Grid | null; options: PricedOption[] }): z.infer<typeof ConventionPricesDto> => ({
  grid: p.grid ? { id: p.grid.id, year: p.grid.year } : null,
  options: p.options.map((o) => ({ code: o.code, label: o.label, workstations: o.workstations, gigabytes: o.gigabytes, population: o.population, startsOn: o.startsOn, endsOn: o.endsOn, price: presentPrice(o.price) })),
});

export const ContributionRunDto = z
  .object({
    id: uuid(),
    label: z.string(),
    periodStart: isoDate(),
    periodEnd: isoDate(),
    gridId: uuid(),
    gridYear: z.number().int(),
    totalCents: cents().describe('Total de la campagne ; pour une collectivité, son seul total'),
    createdAt: isoInstant(),
  })
  .openapi('ContributionRun');
export const presentRun = (r: Run): z.infer<typeof ContributionRunDto> => ({
  id: r.id,
  label: r.label,
  periodStart: r.periodStart,
  periodEnd: r.periodEnd,
  gridId: r.gridId,
  gridYear: r.gridYear,
  totalCents: r.total,
  createdAt: r.createdAt.toISOString(),
});

export const ContributionRunDetailDto = z
  .object({
    run: ContributionRunDto,
    totals: z.array(z.object({ code: z.string(), label: z.string(), amountCents: cents(), previousCents: cents().nullable() })).describe('Totaux par option, et ceux de la période précédente'),
    previous: ContributionRunDto.nullable(),
  })
  .openapi('ContributionRunDetail');
export const presentRunDetail = (d: { run: Run; totals: OptionTotal[]; previous: Run | null }): z.infer<typeof ContributionRunDetailDto> => ({
  run: presentRun(d.run),
  totals: d.totals.map((t) => ({ code: t.code, label: t.label, amountCents: t.amount, previousCents: t.previous })),
  previous: d.previous ? presentRun(d.previous) : null,
});

export const ContributionLineDto = z
  .object({
    id: uuid(),
    runId: uuid(),
    organisationId: uuid(),
    organisationName: z.string(),
    conventionId: uuid(),
    conventionNumber: z.string(),
    optionCode: z.string(),
    optionLabel: z.string(),
    fromOn: isoDate(),
    toOn: isoDate(),
    days: z.number().int(),
    periodDays: z.number().int(),
    annualCents: cents(),
    amountCents: cents(),
    breakdown: PriceDto,
  })
  .openapi('ContributionLine');
export const presentContributionLine = (l: ContributionLine): z.infer<typeof ContributionLineDto> => ({
  id: l.id,
  runId: l.runId,
  organisationId: l.organisationId,
  organisationName: l.organisationName,
  conventionId: l.conventionId,
  conventionNumber: l.conventionNumber,
  optionCode: l.optionCode,
  optionLabel: l.optionLabel,
  fromOn: l.fromOn,
  toOn: l.toOn,
  days: l.days,
  periodDays: l.periodDays,
  annualCents: l.annual,
  amountCents: l.amount,
  breakdown: presentPrice(l.breakdown),
});

export const ReminderItemDto = z.object({ conventionId: uuid(), number: z.string(), organisationName: z.string(), date: isoDate() }).openapi('ConventionReminder');
export const RemindersDto = z
  .object({ sixthYearEnding: z.array(ReminderItemDto), missingDeliberation: z.array(ReminderItemDto), unsigned: z.array(ReminderItemDto) })
  .openapi('ConventionReminders');
