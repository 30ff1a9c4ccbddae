import { z } from 'zod';
import { Invalid } from '../../platform/errors.ts';
import { frDate } from '../../platform/format.ts';

/** A reporting period: whole days, both ends included, in Europe/Paris. */
export interface Period {
  from: string; // YYYY-MM-DD
  to: string; // YYYY-MM-DD
}

const isoDate = z.iso.date({ message: 'Date attendue au format AAAA-MM-JJ.' });
/** Longer periods are not a report any more: they would only make the page slow. */
const MAX_DAYS = 366 * 10;

const periodSchema = z
  .object({ from: isoDate, to: isoDate })
  .refine((p) => p.from <= p.to, { message: 'La date de fin doit suivre la date de début.', path: ['to'] })
  .refine((p) => (Date.parse(p.to) - Date.parse(p.from)) / 86_400_000 < MAX_DAYS, { message: 'La période ne peut dépasser dix ans.', path: ['to'] });

/**
 * Checks a period's two days; French field errors when they are wrong, named as the caller's parameters
 * (`from`/`to` in the API, `du`/`au` on the pages).
 */
export function parsePeriod(input: { from?: string; to?: string }, names: { from: string; to: string } = { from: 'from', to: 'to' }): Period {
  const parsed = periodSchema.safeParse({ from: input.from ?? '', to: input.to ?? '' });
  if (!parsed.success) {
    const fields = Object.fromEntries(parsed.error.issues.map((i) => [i.path[0] === 'from' ? names.from : names.to, i.message]));
    throw new Invalid('La période demandée n’est pas valide.', fields);
  }
  return parsed.data;
}

export function yearPeriod(year: number): Period {
  return { from: `${year}-01-01`, to: `${year}-12-31` };
}

/** The months of the period, as YYYY-MM, in order. */
export function monthsOf(p: Period): string[] {
  const out: string[] = [];
  let [y, m] = p.from.slice(0, 7).split('-').map(Number) as [number, number];
  const end = p.to.slice(0, 7);
  for (;;) {
    const key = `${y}-${String(m).padStart(2, '0')}`;
    out.push(key);
    if (key >= end) return out;
    m += 1;
    if (m > 12) {
      m = 1;
      y += 1;
    }
  }
}

const MONTHS = ['janv.', 'févr.', 'mars', 'avr.', 'mai', 'juin', 'juil.', 'août', 'sept.', 'oct.', 'nov.', 'déc.'];
export function monthLabel(key: string, withYear = false): string {
  const [y, m] = key.split('-');
  const name = MONTHS[Number(m) - 1] ?? key;
  return withYear ? `${name} ${y}` : name;
}

export function periodLabel(p: Period): string {
  if (p.from.endsWith('-01-01') && p.to.endsWith('-12-31') && p.from.slice(0, 4) === p.to.slice(0, 4)) return `année ${p.from.slice(0, 4)}`;
  return `du ${frDate(p.from)} au ${frDate(p.to)}`;
}
