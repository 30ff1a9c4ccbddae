/**
 * Business-hours arithmetic for SLA targets, in the syndicate's time zone (Europe/Paris).
 * Pure functions: no database, no clock.
 */

import { TIME_ZONE } from '../../platform/format.ts';

/** ISO weekday (1 = Monday … 7 = Sunday) → opening intervals as local "HH:MM" pairs. */
export type OpeningHours = Partial<Record<'1' | '2' | '3' | '4' | '5' | '6' | '7', [string, string][]>>;

export interface SlaTarget {
  /** Business minutes allowed before the first answer. */
  firstResponse: number;
  /** Business minutes allowed before resolution. */
  resolution: number;
}

const DAY_MS = 86_400_000;

/** Easter Sunday (Gregorian calendar, anonymous algorithm), as a UTC date at midnight. */
export function easterSunday(year: number): Date {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return new Date(Date.UTC(year, month - 1, day));
}

const iso = (d: Date) => d.toISOString().slice(0, 10);

/** The eleven French public holidays of a year (metropolitan France), as YYYY-MM-DD → name. */
export function frenchHolidays(year: number): Map<string, string> {
  const easter = easterSunday(year).getTime();
  const plus = (days: number) => iso(new Date(easter + days * DAY_MS));
  return new Map([
    [`${year}-01-01`, 'Jour de l’an'],
    [plus(1), 'Lundi de Pâques'],
    [`${year}-05-01`, 'Fête du travail'],
    [`${year}-05-08`, 'Victoire 1945'],
    [plus(39), 'Ascension'],
    [plus(50), 'Lundi de Pentecôte'],
    [`${year}-07-14`, 'Fête nationale'],
    [`${year}-08-15`, 'Assomption'],
    [`${year}-11-01`, 'Toussaint'],
    [`${year}-11-11`, 'Armistice 1918'],
    [`${year}-12-25`, 'Noël'],
  ]);
}

const holidayCache = new Map<number, Map<string, string>>();
export function isFrenchHoliday(day: string): boolean {
  const year = Number(day.slice(0, 4));
  let set = holidayCache.get(year);
  if (!set) holidayCache.set(year, (set = frenchHolidays(year)));
  return set.has(day);
}

const partsFormat = new Intl.DateTimeFormat('en-GB', {
  timeZone: TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});

/** The Paris wall-clock date (YYYY-MM-DD) of an instant. */
export function parisDay(at: Date): string {
  const p = Object.fromEntries(partsFormat.formatToParts(at).map((x) => [x.type, x.value]));
  return `${p.year}-${p.month}-${p.day}`;
}

function offsetMs(at: Date): number {
  const p = Object.fromEntries(partsFormat.formatToParts(at).map((x) => [x.type, x.value]));
  const wall = Date.UTC(Number(p.year), Number(p.month) - 1, Number(p.day), Number(p.hour), Number(p.minute), Number(p.second));
  return wall - Math.floor(at.getTime() / 1000) * 1000;
}

/** The instant of a Paris wall-clock time (day YYYY-MM-DD, time HH:MM); DST handled by a second pass. */
export function parisInstant(day: string, time: string): Date {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const [hh, mm] = time.split(':').map(Number) as [number, number];
  const wall = Date.UTC(y, m - 1, d, hh, mm);
  let guess = wall - offsetMs(new Date(wall));
  guess = wall - offsetMs(new Date(guess));
  return new Date(guess);
}

function nextDay(day: string): string {
  return iso(new Date(Date.parse(`${day}T00:00:00Z`) + DAY_MS));
}

function weekday(day: string): string {
  const w = new Date(`${day}T00:00:00Z`).getUTCDay();
  return String(w === 0 ? 7 : w);
}

/**
 * Days already converted to instants, per opening-hours object (the settings are shared by every request
 * until they change, see reference-cache.ts): time-zone conversion is the costly part of a due date.
 */
const intervalMemo = new WeakMap<OpeningHours, Map<string, [number, number][]>>();
const MEMO_DAYS = 4_000;

/** Opening intervals of one Paris day as instants; none on public holidays and closed days. */
function intervalsOf(day: string, hours: OpeningHours): [number, number][] {
  let days = intervalMemo.get(hours);
  if (!days) intervalMemo.set(hours, (days = new Map()));
  let intervals = days.get(day);
  if (intervals) return intervals;
  const slots = isFrenchHoliday(day) ? [] : (hours[weekday(day) as keyof OpeningHours] ?? []);
  intervals = slots.map(([open, close]) => [parisInstant(day, open).getTime(), parisInstant(day, close).getTime()]);
  if (days.size >= MEMO_DAYS) days.clear();
  days.set(day, intervals);
  return intervals;
}

/** Guard against opening hours with no open slot at all: never loop for ever. */
const MAX_DAYS = 3 * 366;

/** The instant `minutes` business minutes after `from`. */
export function addBusinessMinutes(from: Date, minutes: number, hours: OpeningHours): Date {
  let remaining = minutes * 60_000;
  let day = parisDay(from);
  const start = from.getTime();
  for (let i = 0; i < MAX_DAYS; i++, day = nextDay(day)) {
    for (const [open, close] of intervalsOf(day, hours)) {
      if (close <= start) continue;
      const begin = Math.max(open, start);
      if (remaining <= close - begin) return new Date(begin + remaining);
      remaining -= close - begin;
    }
  }
  throw new Error('Horaires d’ouverture vides : aucune échéance calculable.');
}

/** Business minutes between two instants (0 when `to` is before `from`). */
export function businessMinutesBetween(from: Date, to: Date, hours: OpeningHours): number {
  if (to <= from) return 0;
  let total = 0;
  let day = parisDay(from);
  const last = parisDay(to);
  for (let i = 0; i < MAX_DAYS; i++, day = nextDay(day)) {
    for (const [open, close] of intervalsOf(day, hours)) {
      const a = Math.max(open, from.getTime());
      const b = Math.min(close, to.getTime());
      if (b > a) total += b - a;
    }
    if (day === last) break;
  }
  return Math.round(total / 60_000);
}

export type SlaState = 'ok' | 'near' | 'breached';

export interface SlaClock {
  status: string;
  priority: string;
  firstResponseAt: Date | null;
  resolvedAt: Date | null;
  firstResponseDueAt: Date | null;
  resolutionDueAt: Date | null;
  pausedAt: Date | null;
}

/**
 * Where a ticket stands against its targets at `now`. While paused (waiting for the member) the clock is
 * read at the moment it stopped; the due dates are pushed back on resumption (see `resumeDueDates`).
 */
export function slaStateOf(t: SlaClock, now: Date, targets: Record<string, SlaTarget>, hours: OpeningHours, nearRatio: number): SlaState {
  const target = targets[t.priority];
  const at = t.pausedAt ?? now;
  const checks: [Date | null, Date | null, number][] = [
    [t.firstResponseDueAt, t.firstResponseAt, target?.firstResponse ?? 0],
    [t.resolutionDueAt, t.resolvedAt, target?.resolution ?? 0],
  ];
  let state: SlaState = 'ok';
  for (const [due, done, allowed] of checks) {
    if (!due) continue;
    if (done) {
      if (done > due) return 'breached';
      continue;
    }
    if (at > due) return 'breached';
    const left = businessMinutesBetween(at, due, hours);
    if (allowed > 0 && left <= allowed * (1 - nearRatio / 100)) state = 'near';
  }
  return state;
}

/** On leaving "waiting for the member": the pending due dates move by the business time spent paused. */
export function resumeDueDates(t: SlaClock, now: Date, hours: OpeningHours): { firstResponseDueAt: Date | null; resolutionDueAt: Date | null } {
  if (!t.pausedAt) return { firstResponseDueAt: t.firstResponseDueAt, resolutionDueAt: t.resolutionDueAt };
  const paused = businessMinutesBetween(t.pausedAt, now, hours);
  const shift = (due: Date | null, done: Date | null) => (due && !done ? addBusinessMinutes(due, paused, hours) : due);
  return {
    firstResponseDueAt: shift(t.firstResponseDueAt, t.firstResponseAt),
    resolutionDueAt: shift(t.resolutionDueAt, t.resolvedAt),
  };
}
