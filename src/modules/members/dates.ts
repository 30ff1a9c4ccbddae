const parisDay = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Paris', year: 'numeric', month: '2-digit', day: '2-digit' });

/** The calendar date (YYYY-MM-DD) of an instant in Europe/Paris: what "today" means for the syndicate. */
export function parisDate(instant: Date): string {
  return parisDay.format(instant);
}

/** "2026-03-02" → "02/03/2026". */
export function frenchDate(iso: string | null | undefined): string {
  if (!iso) return '—';
  const [y, m, d] = iso.split('-');
  return `${d}/${m}/${y}`;
}
