/** French formatting of the report's figures (shared by the pages, the exports and the PDF). */
const integer = new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 0 });
const decimal = new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 1 });
const euros = new Intl.NumberFormat('fr-FR', { style: 'currency', currency: 'EUR' });

export const formatInt = (n: number) => integer.format(n);
export const formatDecimal = (n: number) => decimal.format(n);
export const formatEuros = (cents: number) => euros.format(cents / 100);

/** 95 → "1 h 35", 40 → "40 min"; null → "—". */
export function formatDuration(minutes: number | null): string {
  if (minutes === null) return '—';
  const m = Math.round(minutes);
  if (m < 60) return `${m} min`;
  const h = Math.floor(m / 60);
  const rest = m % 60;
  if (h >= 48 && rest === 0) return `${integer.format(h)} h`;
  return rest === 0 ? `${integer.format(h)} h` : `${integer.format(h)} h ${String(rest).padStart(2, '0')}`;
}

export const formatHours = (minutes: number) => `${integer.format(Math.round(minutes / 60))} h`;

export function formatRate(rate: number | null): string {
  return rate === null ? '—' : `${decimal.format(rate * 100)} %`;
}

export function formatRating(avg: number | null): string {
  return avg === null ? '—' : `${decimal.format(avg)} / 5`;
}
