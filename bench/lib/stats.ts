/** Figures of a series of timings, and the benchmark's targets. Pure functions (unit-tested). */
export interface Summary {
  count: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

const nearestRank = (sorted: readonly number[], p: number) => sorted[Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length))) - 1]!;

/** Nearest-rank percentile (p in 0–100) of unsorted values; 0 for an empty series. */
export function percentile(values: readonly number[], p: number): number {
  return values.length === 0 ? 0 : nearestRank([...values].sort((a, b) => a - b), p);
}

/** Sorts once; no spread into Math.max, whose arguments overflow the stack past ~100,000 timings. */
export function summarize(values: readonly number[]): Summary {
  if (values.length === 0) return { count: 0, p50: 0, p95: 0, p99: 0, max: 0 };
  const s = Array.from(Float64Array.from(values).sort());
  return { count: s.length, p50: nearestRank(s, 50), p95: nearestRank(s, 95), p99: nearestRank(s, 99), max: s[s.length - 1]! };
}

/** Milliseconds as shown in the tables: one decimal under 10 ms, whole numbers above. */
export function fmtMs(ms: number): string {
  return ms < 10 ? ms.toFixed(1) : String(Math.round(ms));
}

/** A ratio app / bare to two decimals, e.g. 0.42. */
export function fmtRatio(app: number, bare: number): string {
  return bare > 0 ? (app / bare).toFixed(2) : '—';
}

export interface Target {
  label: string;
  /** Measured value, in the target's unit. */
  value: number;
  limit: number;
  /** `max`: the value must stay under the limit; `min`: reach it. */
  kind: 'max' | 'min';
  unit: string;
}

export function passes(t: Target): boolean {
  return t.kind === 'max' ? t.value < t.limit : t.value >= t.limit;
}

/** « atteint » or « manqué », with the measured value over the limit (e.g. 1.8 × the limit). */
export function verdict(t: Target): string {
  const factor = t.limit > 0 ? t.value / t.limit : 0;
  const measured = `${t.unit === 'ratio' ? t.value.toFixed(2) : Math.round(t.value * 10) / 10} ${t.unit === 'ratio' ? '' : t.unit}`.trim();
  return `${passes(t) ? 'atteint' : 'MANQUÉ'} — ${measured} pour ${t.kind === 'max' ? '<' : '≥'} ${t.limit} ${t.unit === 'ratio' ? '' : t.unit}`.trim() + ` (${factor.toFixed(2)} × l’objectif)`;
}
