import { divRound } from './money.ts';

/**
 * Day proration. Day-count convention: both bounds included, every calendar day counts (a leap year has
 * 366 days). amount = annual × days covered / days in the period, rounded to the cent half away from zero.
 */
export function daysInclusive(from: string, to: string): number {
  const ms = Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`);
  return ms < 0 ? 0 : ms / 86_400_000 + 1;
}

export function overlap(a: { from: string; to: string }, b: { from: string; to: string | null }): { from: string; to: string } | null {
  const from = a.from > b.from ? a.from : b.from;
  const to = b.to === null || a.to < b.to ? a.to : b.to;
  return from <= to ? { from, to } : null;
}

export interface Proration {
  from: string;
  to: string;
  days: number;
  periodDays: number;
  amount: number;
}

export function prorate(annual: number, period: { from: string; to: string }, active: { from: string; to: string | null }): Proration | null {
  const o = overlap(period, active);
  if (!o) return null;
  const days = daysInclusive(o.from, o.to);
  const periodDays = daysInclusive(period.from, period.to);
  const amount = days === periodDays ? annual : divRound(BigInt(annual) * BigInt(days), BigInt(periodDays));
  return { ...o, days, periodDays, amount };
}

export function dayBefore(date: string): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
}
