/**
 * The one place that writes dates, numbers and words the French way, for pages, exports, PDFs and mails alike.
 * Instants are shown in the syndicate's time zone. Numbers use the narrow no-break space Intl gives
 * (PDF fonts that lack it go through the platform's PDF helper, which substitutes it).
 */
export const TIME_ZONE = 'Europe/Paris';

const isoDay = new Intl.DateTimeFormat('sv-SE', { timeZone: TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit' });
const longDay = new Intl.DateTimeFormat('fr-FR', { dateStyle: 'long', timeZone: TIME_ZONE });
const monthYear = new Intl.DateTimeFormat('fr-FR', { month: 'long', year: 'numeric', timeZone: TIME_ZONE });
const shortDateTime = new Intl.DateTimeFormat('fr-FR', { dateStyle: 'short', timeStyle: 'short', timeZone: TIME_ZONE });
const secondsDateTime = new Intl.DateTimeFormat('fr-FR', { dateStyle: 'short', timeStyle: 'medium', timeZone: TIME_ZONE });
const integer = new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 0 });
const decimal = new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 1 });
const euros = new Intl.NumberFormat('fr-FR', { style: 'currency', currency: 'EUR' });

/** The calendar date (`YYYY-MM-DD`) of an instant in Europe/Paris: what "today" means for the syndicate. */
export const parisDate = (instant: Date): string => isoDay.format(instant);

/** A calendar day (`YYYY-MM-DD`) as French readers write it, `31/12/2025`; `—` when there is none. */
export const frDate = (iso: string | null | undefined): string => (iso ? `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}` : '—');

/** An instant as « 2 mars 2026 ». */
export const longDate = (instant: Date): string => longDay.format(instant);

const weekdayDay = new Intl.DateTimeFormat('fr-FR', { weekday: 'long', day: 'numeric', month: 'long', timeZone: 'UTC' });
/** A calendar day (`YYYY-MM-DD`) as « lundi 2 mars ». */
export const weekdayDate = (iso: string): string => weekdayDay.format(new Date(`${iso}T12:00:00Z`));

/** `2026-03` → « mars 2026 ». */
export const monthLabel = (month: string): string => monthYear.format(new Date(`${month}-15T12:00:00Z`));

/** An instant as « 02/03/2026 10:00 »; `—` when there is none. */
export const dateTime = (instant: Date | string | null | undefined): string => (instant ? shortDateTime.format(new Date(instant)) : '—');

/** An instant to the second, « 02/03/2026 10:00:05 » (journals, job timings); `—` when there is none. */
export const dateTimeSeconds = (instant: Date | string | null | undefined): string => (instant ? secondsDateTime.format(new Date(instant)) : '—');

export const formatInt = (n: number): string => integer.format(n);
export const formatDecimal = (n: number): string => decimal.format(n);
/** 57488 → « 574,88 € ». */
export const formatEuros = (cents: number): string => euros.format(cents / 100);

/** 95 → « 1 h 35 », 40 → « 40 min »; null → « — ». */
export function formatDuration(minutes: number | null): string {
  if (minutes === null) return '—';
  const m = Math.round(minutes);
  if (m < 60) return `${m} min`;
  const h = Math.floor(m / 60);
  const rest = m % 60;
  return rest === 0 ? `${integer.format(h)} h` : `${integer.format(h)} h ${String(rest).padStart(2, '0')}`;
}

/** A size in bytes as « 12,5 Ko ». */
export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} o`;
  if (bytes < 1024 * 1024) return `${decimal.format(bytes / 1024)} Ko`;
  return `${decimal.format(bytes / 1024 / 1024)} Mo`;
}

/** Whether a French word elides the article before it (« l’école », « d’Essert »): a vowel or a mute h. */
export function elides(word: string): boolean {
  return /^[aeiouyhàâäéèêëîïôöùûüœ]/i.test(word.trim());
}

/** « de » or « d’ » before `word`: « de Belfort », « d’Essert ». */
export const de = (word: string): string => (elides(word) ? `d’${word.trim()}` : `de ${word.trim()}`);

/** « le »/« la » or « l’ » before `word`. */
export const article = (word: string, feminine = false): string => (elides(word) ? `l’${word.trim()}` : `${feminine ? 'la' : 'le'} ${word.trim()}`);
