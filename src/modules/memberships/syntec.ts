import { frDate, monthLabel } from '../../platform/format.ts';
import { divRound, formatRatio, RATIO_SCALE } from './money.ts';

/**
 * Syntec revision, pure. Index values are carried in hundredths of a point (310.5 → 31050) and every ratio
 * as integers, so the single rounding is the final one, to the cent, half away from zero.
 *
 * Series break: the revised index starts with August 2022. The Fédération Syntec defined the linking
 * coefficient as the revised August 2022 value over the former series' August 2022 value, 280.6 / 286.4 =
 * 0.97975; so an index of the former series is expressed in the revised series by multiplying it by
 * 0.97975 (S0 revised = S0 former × 0.97975), with no intermediate rounding.
 */
export const SERIES = ['legacy', 'revised'] as const;
export type Series = (typeof SERIES)[number];
export const SERIES_LABELS: Record<Series, string> = { legacy: 'ancienne série (jusqu’à juillet 2022)', revised: 'série révisée (depuis août 2022)' };
export const REVISED_SERIES_START = '2022-08';
export const LINKING_COEFFICIENT = { numerator: 97975n, denominator: 100000n, value: 0.97975, text: '0,97975' };

export interface IndexValue {
  month: string; // YYYY-MM
  series: Series;
  /** Hundredths of a point. */
  value: number;
  publishedOn: string; // YYYY-MM-DD
}

export class MissingIndex extends Error {}

export function formatIndex(hundredths: number): string {
  return (hundredths / 100).toLocaleString('fr-FR', { minimumFractionDigits: 1, maximumFractionDigits: 2 });
}
/** Points with up to four decimals, the French way (`280,6004`). */
export function formatPoints(points: number): string {
  return points.toLocaleString('fr-FR', { minimumFractionDigits: 1, maximumFractionDigits: 4 });
}
export function parseIndexValue(text: string): number | null {
  const m = /^(\d{1,4})(?:[.,](\d{1,2}))?$/.exec(text.trim());
  return m ? Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0')) : null;
}

export function addMonths(month: string, n: number): string {
  const [y, m] = month.split('-').map(Number);
  const d = new Date(Date.UTC(y!, m! - 1 + n, 1));
  return d.toISOString().slice(0, 7);
}
/** Default publication date: the last day of the following month. */
export function defaultPublicationDate(month: string): string {
  const [y, m] = addMonths(month, 2).split('-').map(Number);
  return new Date(Date.UTC(y!, m! - 1, 0)).toISOString().slice(0, 10);
}
export function seriesOfMonth(month: string): Series {
  return month >= REVISED_SERIES_START ? 'revised' : 'legacy';
}

export interface RevisionInput {
  /** P0 in cents. */
  amount: number;
  /** a, the fixed part, in ten-thousandths (0 for a pure index revision). */
  fixedPart: number;
  /** The base month of P0 (YYYY-MM). */
  baseMonth: string;
  /** The revision date (YYYY-MM-DD). */
  at: string;
}

/** Every figure a revised amount came from, as numbers (the pages format them); `formula` is the French text. */
export interface RevisionTrail {
  /** P0 in cents. */
  amount: number;
  /** a, in ten-thousandths. */
  fixedPart: number;
  baseMonth: string;
  s0: IndexValue;
  s: IndexValue;
  /** The coefficient S0 was multiplied by to express it in S's series (0.97975), or null for the same series. */
  linkingCoefficient: number | null;
  /** S0 expressed in S's series, in points (4 decimals, for display; the computation is exact). */
  s0InSeriesOfS: number;
  /** P in cents. */
  result: number;
  formula: string;
}

/**
 * S = the index of the latest month published on or before `at`. The month expected by the default
 * calendar must be present: when it is absent the revision fails naming it (no silent fallback); when it is
 * present but was actually published after `at`, the previous month is legitimately the latest published.
 */
export function latestPublished(indices: IndexValue[], at: string): IndexValue {
  const revisedFirst = (month: string) =>
    indices.find((i) => i.month === month && i.series === 'revised') ?? indices.find((i) => i.month === month);
  let month = at.slice(0, 7);
  while (defaultPublicationDate(month) > at) month = addMonths(month, -1);
  const early = indices.filter((i) => i.month > month && i.publishedOn <= at).sort((x, y) => y.month.localeCompare(x.month))[0];
  if (early) return revisedFirst(early.month)!;
  for (let guard = 0; guard < 24; guard++, month = addMonths(month, -1)) {
    const found = revisedFirst(month);
    if (!found) {
      throw new MissingIndex(`L’indice Syntec de ${monthLabel(month)} (publication attendue le ${frDate(defaultPublicationDate(month))}) n’est pas saisi : impossible de calculer la révision au ${frDate(at)}.`);
    }
    if (found.publishedOn <= at) return found;
  }
  throw new MissingIndex(`Aucun indice Syntec publié au ${frDate(at)}.`);
}

export function revise(input: RevisionInput, indices: IndexValue[]): RevisionTrail {
  if (input.fixedPart < 0 || input.fixedPart > RATIO_SCALE) throw new RangeError('fixed part out of [0, 1]');
  const s = latestPublished(indices, input.at);
  const s0 = indices.find((i) => i.month === input.baseMonth && i.series === s.series) ?? indices.find((i) => i.month === input.baseMonth);
  if (!s0) throw new MissingIndex(`L’indice Syntec de ${monthLabel(input.baseMonth)} (mois de base) n’est pas saisi.`);
  if (s0.series === 'revised' && s.series === 'legacy') throw new MissingIndex(`L’indice Syntec de ${monthLabel(s.month)} manque dans la série révisée.`);
  const converted = s0.series !== s.series;
  const cn = converted ? LINKING_COEFFICIENT.numerator : 1n;
  const cd = converted ? LINKING_COEFFICIENT.denominator : 1n;
  const a = BigInt(input.fixedPart);
  const scale = BigInt(RATIO_SCALE);
  const s0v = BigInt(s0.value);
  const sv = BigInt(s.value);
  // P0 × (a + (1 − a) × S / (S0 × c)) over one common denominator.
  const numerator = BigInt(input.amount) * (a * s0v * cn + (scale - a) * sv * cd);
  const denominator = scale * s0v * cn;
  const result = divRound(numerator, denominator);
  const s0InS = Number((s0v * cn * 10000n) / cd) / 1_000_000;
  const view = (i: IndexValue) => ({ month: i.month, series: i.series, value: i.value, publishedOn: i.publishedOn });
  const a2 = formatRatio(input.fixedPart);
  return {
    amount: input.amount,
    fixedPart: input.fixedPart,
    baseMonth: input.baseMonth,
    s0: view(s0),
    s: view(s),
    linkingCoefficient: converted ? LINKING_COEFFICIENT.value : null,
    s0InSeriesOfS: s0InS,
    result,
    formula: `${(input.amount / 100).toFixed(2).replace('.', ',')} € × (${a2} + (1 − ${a2}) × ${formatIndex(s.value)} / ${converted ? `(${formatIndex(s0.value)} × ${LINKING_COEFFICIENT.text})` : formatIndex(s0.value)}) = ${(result / 100).toFixed(2).replace('.', ',')} €`,
  };
}
