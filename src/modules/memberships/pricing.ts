import { z } from 'zod';
import { formatEuros } from '../../platform/format.ts';
import { divRound, formatRatio, RATIO_SCALE } from './money.ts';

/**
 * The pricing engine: pure functions from a pricing rule and a member's quantities to a price in cents with
 * its breakdown. Rounding: each priced component is rounded once to the cent, half away from zero; a sum of
 * parts adds the rounded parts.
 */
export const UNITS = ['workstation', 'gigabyte', 'inhabitant'] as const;
export type Unit = (typeof UNITS)[number];
export const UNIT_LABELS: Record<Unit, string> = { workstation: 'poste', gigabyte: 'Go', inhabitant: 'habitant' };
/** « Go » stays invariable. */
export const UNIT_PLURALS: Record<Unit, string> = { workstation: 'postes', gigabyte: 'Go', inhabitant: 'habitants' };

export interface Quantities {
  workstations: number;
  gigabytes: number;
  population: number;
}
const QUANTITY_OF: Record<Unit, keyof Quantities> = { workstation: 'workstations', gigabyte: 'gigabytes', inhabitant: 'population' };

const cents = z.number().int().min(0);
/** A band of quantities, bounds included; `to: null` means "and more". */
const band = z.object({ from: z.number().int().min(0), to: z.number().int().min(0).nullable() });

const flat = z.object({ kind: z.literal('flat'), amount: cents });
const perUnit = z.object({
  kind: z.literal('perUnit'),
  unit: z.enum(UNITS),
  unitPrice: cents,
  /** The coefficient (ten-thousandths) chosen by the bracket the total quantity falls in. */
  brackets: z.array(band.extend({ coefficient: z.number().int().min(0) })).min(1),
});
const progressive = z.object({
  kind: z.literal('progressive'),
  unit: z.enum(UNITS),
  bands: z.array(band.extend({ unitPrice: cents })).min(1),
});
const banded = z.object({
  kind: z.literal('banded'),
  unit: z.enum(UNITS),
  bands: z.array(band.extend({ amount: cents })).min(1),
});
const matrix = z.object({
  kind: z.literal('matrix'),
  rowUnit: z.enum(UNITS),
  columnUnit: z.enum(UNITS),
  rows: z.array(band).min(1),
  columns: z.array(band).min(1),
  /** amounts[row][column] in cents. */
  amounts: z.array(z.array(cents)),
});
type Simple = z.infer<typeof flat> | z.infer<typeof perUnit> | z.infer<typeof progressive> | z.infer<typeof banded> | z.infer<typeof matrix>;
const simple = z.discriminatedUnion('kind', [flat, perUnit, progressive, banded, matrix]);
const sum = z.object({ kind: z.literal('sum'), parts: z.array(z.object({ label: z.string().min(1), rule: simple })).min(1) });

export const pricingRuleSchema = z.discriminatedUnion('kind', [flat, perUnit, progressive, banded, matrix, sum]);
export type PricingRule = z.infer<typeof pricingRuleSchema>;

export interface PriceLine {
  label: string;
  amount: number;
}
export interface Price {
  amount: number;
  lines: PriceLine[];
}

export class PricingError extends Error {}

function inBand(q: number, b: { from: number; to: number | null }): boolean {
  return q >= b.from && (b.to === null || q <= b.to);
}
function bandLabel(b: { from: number; to: number | null }, unit: Unit): string {
  return b.to === null ? `${b.from} ${UNIT_PLURALS[unit]} et plus` : `${b.from} à ${b.to} ${UNIT_PLURALS[unit]}`;
}
function findBand<B extends { from: number; to: number | null }>(bands: B[], q: number, unit: Unit): B {
  const found = bands.find((b) => inBand(q, b));
  if (!found) throw new PricingError(`Aucune tranche du tarif ne couvre ${q} ${UNIT_LABELS[unit]}(s).`);
  return found;
}

function priceSimple(rule: Simple, q: Quantities): Price {
  switch (rule.kind) {
    case 'flat':
      return { amount: rule.amount, lines: [{ label: `Forfait ${formatEuros(rule.amount)}`, amount: rule.amount }] };
    case 'perUnit': {
      const n = q[QUANTITY_OF[rule.unit]];
      const bracket = findBand(rule.brackets, n, rule.unit);
      const amount = divRound(BigInt(rule.unitPrice) * BigInt(n) * BigInt(bracket.coefficient), BigInt(RATIO_SCALE));
      const label = `${formatEuros(rule.unitPrice)} × ${n} ${UNIT_LABELS[rule.unit]}(s) × coefficient ${formatRatio(bracket.coefficient)} (tranche ${bandLabel(bracket, rule.unit)})`;
      return { amount, lines: [{ label, amount }] };
    }
    case 'progressive': {
      const n = q[QUANTITY_OF[rule.unit]];
      const lines: PriceLine[] = [];
      for (const b of rule.bands) {
        const upper = b.to === null ? n : Math.min(n, b.to);
        const units = upper - Math.max(b.from, 1) + 1;
        if (units <= 0) continue;
        lines.push({ label: `${units} ${UNIT_LABELS[rule.unit]}(s) × ${formatEuros(b.unitPrice)} (tranche ${bandLabel(b, rule.unit)})`, amount: units * b.unitPrice });
      }
      const covered = rule.bands.some((b) => b.to === null) ? n : Math.max(0, ...rule.bands.map((b) => b.to ?? 0));
      if (covered < n) throw new PricingError(`Aucune tranche du tarif ne couvre ${n} ${UNIT_LABELS[rule.unit]}(s).`);
      return { amount: lines.reduce((s, l) => s + l.amount, 0), lines };
    }
    case 'banded': {
      const n = q[QUANTITY_OF[rule.unit]];
      const b = findBand(rule.bands, n, rule.unit);
      return { amount: b.amount, lines: [{ label: `Tranche ${bandLabel(b, rule.unit)} (${n})`, amount: b.amount }] };
    }
    case 'matrix': {
      const r = q[QUANTITY_OF[rule.rowUnit]];
      const c = q[QUANTITY_OF[rule.columnUnit]];
      const ri = rule.rows.indexOf(findBand(rule.rows, r, rule.rowUnit));
      const ci = rule.columns.indexOf(findBand(rule.columns, c, rule.columnUnit));
      const amount = rule.amounts[ri]?.[ci];
      if (amount === undefined) throw new PricingError('La grille du tarif est incomplète.');
      const label = `Tranche ${bandLabel(rule.rows[ri]!, rule.rowUnit)} (${r}) et ${bandLabel(rule.columns[ci]!, rule.columnUnit)} (${c})`;
      return { amount, lines: [{ label, amount }] };
    }
  }
}

export function price(rule: PricingRule, q: Quantities): Price {
  if (rule.kind !== 'sum') return priceSimple(rule, q);
  const lines: PriceLine[] = [];
  let amount = 0;
  for (const part of rule.parts) {
    const p = priceSimple(part.rule, q);
    amount += p.amount;
    for (const l of p.lines) lines.push({ label: `${part.label} : ${l.label}`, amount: l.amount });
  }
  return { amount, lines };
}

/** A copy of the rule with every amount passed through `fn` (used by the yearly Syntec revision). */
export function mapAmounts(rule: PricingRule, fn: (cents: number) => number): PricingRule {
  const mapSimple = (r: Simple): Simple => {
    switch (r.kind) {
      case 'flat':
        return { ...r, amount: fn(r.amount) };
      case 'perUnit':
        return { ...r, unitPrice: fn(r.unitPrice) };
      case 'progressive':
        return { ...r, bands: r.bands.map((b) => ({ ...b, unitPrice: fn(b.unitPrice) })) };
      case 'banded':
        return { ...r, bands: r.bands.map((b) => ({ ...b, amount: fn(b.amount) })) };
      case 'matrix':
        return { ...r, amounts: r.amounts.map((row) => row.map(fn)) };
    }
  };
  return rule.kind === 'sum' ? { ...rule, parts: rule.parts.map((p) => ({ ...p, rule: mapSimple(p.rule) })) } : mapSimple(rule);
}

/** Every amount of a rule, in order (for displaying a revision's trail). */
export function amountsOf(rule: PricingRule): number[] {
  const out: number[] = [];
  mapAmounts(rule, (c) => (out.push(c), c));
  return out;
}

/** The quantities a rule needs, so forms only ask for those. */
export function unitsOf(rule: PricingRule): Unit[] {
  const s = (r: Simple): Unit[] => (r.kind === 'flat' ? [] : r.kind === 'matrix' ? [r.rowUnit, r.columnUnit] : [r.unit]);
  return [...new Set(rule.kind === 'sum' ? rule.parts.flatMap((p) => s(p.rule)) : s(rule))];
}

const bandText = (b: { from: number; to: number | null }) => (b.to === null ? `${b.from} et plus` : `${b.from} à ${b.to}`);

/** A simple rule in words, so a grid can be checked (and printed) without reading JSON. */
export function describeRule(rule: Simple): string {
  switch (rule.kind) {
    case 'flat':
      return `Forfait ${formatEuros(rule.amount)}`;
    case 'perUnit':
      return `${formatEuros(rule.unitPrice)} par ${UNIT_LABELS[rule.unit]} × coefficient selon le total : ${rule.brackets.map((b) => `${bandText(b)} → ${formatRatio(b.coefficient)}`).join(' ; ')}`;
    case 'progressive':
      return `Par ${UNIT_LABELS[rule.unit]}, chaque unité au prix de sa tranche : ${rule.bands.map((b) => `${bandText(b)} → ${formatEuros(b.unitPrice)}`).join(' ; ')}`;
    case 'banded':
      return `Selon la tranche (${UNIT_PLURALS[rule.unit]}) : ${rule.bands.map((b) => `${bandText(b)} → ${formatEuros(b.amount)}`).join(' ; ')}`;
    case 'matrix':
      return `Selon la tranche de ${UNIT_PLURALS[rule.rowUnit]} et de ${UNIT_PLURALS[rule.columnUnit]} : ${rule.rows
        .map((r, i) => `${bandText(r)} → ${rule.columns.map((col, j) => `${bandText(col)} ${UNIT_LABELS[rule.columnUnit]} : ${formatEuros(rule.amounts[i]?.[j] ?? 0)}`).join(', ')}`)
        .join(' ; ')}`;
  }
}

/** A whole rule in words, parts of a sum joined by « + ». */
export function describeWholeRule(rule: PricingRule): string {
  return rule.kind === 'sum' ? rule.parts.map((p) => `${p.label} : ${describeRule(p.rule)}`).join(' + ') : describeRule(rule);
}

