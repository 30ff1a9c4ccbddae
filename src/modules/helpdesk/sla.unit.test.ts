import { describe, expect, it } from 'vitest';
import { addBusinessMinutes, businessMinutesBetween, easterSunday, frenchHolidays, resumeDueDates, slaStateOf, type OpeningHours } from './sla.ts';

const day: [string, string][] = [
  ['08:30', '12:00'],
  ['13:30', '17:30'],
];
const HOURS: OpeningHours = { '1': day, '2': day, '3': day, '4': day, '5': [['08:30', '12:00'], ['13:30', '17:00']] };
const TARGETS = { normal: { firstResponse: 240, resolution: 2400 }, urgent: { firstResponse: 60, resolution: 480 } };

describe('French public holidays', () => {
  it('computes Easter and the Easter-based holidays', () => {
    expect(easterSunday(2026).toISOString().slice(0, 10)).toBe('2026-04-05');
    expect(easterSunday(2019).toISOString().slice(0, 10)).toBe('2019-04-21');
    const h = frenchHolidays(2026);
    expect(h.get('2026-04-06')).toBe('Lundi de Pâques');
    expect(h.get('2026-05-14')).toBe('Ascension');
    expect(h.get('2026-05-25')).toBe('Lundi de Pentecôte');
    expect(h.get('2026-07-14')).toBe('Fête nationale');
    expect(h.size).toBe(11);
    expect(frenchHolidays(2019).get('2019-06-10')).toBe('Lundi de Pentecôte');
  });
});

describe('business-hours arithmetic', () => {
  it('carries over a weekend', () => {
    // Friday 6 March 2026 16:30 in Paris (UTC+1): 30 minutes left on Friday, 90 on Monday from 08:30.
    const due = addBusinessMinutes(new Date('2026-03-06T15:30:00Z'), 120, HOURS);
    expect(due.toISOString()).toBe('2026-03-09T09:00:00.000Z');
    expect(businessMinutesBetween(new Date('2026-03-06T15:30:00Z'), due, HOURS)).toBe(120);
  });

  it('skips the lunch break and a public holiday (Ascension 2026)', () => {
    // Wednesday 13 May 17:00 (UTC+2): 30 minutes on Wednesday, Thursday 14 is Ascension, then Friday 08:30.
    const due = addBusinessMinutes(new Date('2026-05-13T15:00:00Z'), 60, HOURS);
    expect(due.toISOString()).toBe('2026-05-15T07:00:00.000Z');
    // 11:30 + 60 min → 30 before lunch, 30 after 13:30.
    expect(addBusinessMinutes(new Date('2026-05-12T09:30:00Z'), 60, HOURS).toISOString()).toBe('2026-05-12T12:00:00.000Z');
  });

  it('starts at the next opening when created outside hours', () => {
    // Saturday 7 March → Monday 9 March 08:30 + 60 min.
    expect(addBusinessMinutes(new Date('2026-03-07T10:00:00Z'), 60, HOURS).toISOString()).toBe('2026-03-09T08:30:00.000Z');
  });

  it('handles the switch to summer time', () => {
    // Friday 27 March 2026 16:00 UTC+1 → 60 min on Friday; Monday 30 March is UTC+2: 08:30 + 60 = 07:30Z.
    expect(addBusinessMinutes(new Date('2026-03-27T15:00:00Z'), 120, HOURS).toISOString()).toBe('2026-03-30T07:30:00.000Z');
  });
});

describe('SLA clock', () => {
  const created = new Date('2026-03-06T08:00:00Z'); // Friday 09:00
  const base = {
    status: 'waiting_member',
    priority: 'urgent',
    firstResponseAt: new Date('2026-03-06T08:10:00Z'),
    resolvedAt: null,
    firstResponseDueAt: addBusinessMinutes(created, 60, HOURS),
    resolutionDueAt: addBusinessMinutes(created, 480, HOURS),
    pausedAt: null as Date | null,
  };

  it('flags near-breach and breach', () => {
    expect(slaStateOf(base, new Date('2026-03-06T09:00:00Z'), TARGETS, HOURS, 80)).toBe('ok');
    // Friday 09:00 + 480: 390 minutes on Friday, 90 on Monday → due Monday 10:00 Paris.
    expect(base.resolutionDueAt.toISOString()).toBe('2026-03-09T09:00:00.000Z');
    // Monday 09:15 Paris: 45 of 480 minutes left (< 20 %): near.
    expect(slaStateOf(base, new Date('2026-03-09T08:15:00Z'), TARGETS, HOURS, 80)).toBe('near');
    expect(slaStateOf(base, new Date('2026-03-09T09:01:00Z'), TARGETS, HOURS, 80)).toBe('breached');
  });

  it('pauses while waiting for the member and pushes the due date back on resumption', () => {
    const paused = { ...base, pausedAt: new Date('2026-03-06T15:00:00Z') }; // Friday 16:00
    // Monday long after the original due date: still the state at the pause.
    expect(slaStateOf(paused, new Date('2026-03-09T12:00:00Z'), TARGETS, HOURS, 80)).toBe('ok');
    // Resumed Monday 10:00 Paris: Friday 16:00–17:00 + Monday 08:30–10:00 = 150 business minutes.
    const resumed = resumeDueDates(paused, new Date('2026-03-09T09:00:00Z'), HOURS);
    expect(resumed.firstResponseDueAt).toEqual(base.firstResponseDueAt); // already answered
    expect(businessMinutesBetween(base.resolutionDueAt, resumed.resolutionDueAt!, HOURS)).toBe(150);
    // Monday 10:00 + 150: 120 before lunch, 30 after 13:30 → 14:00 Paris.
    expect(resumed.resolutionDueAt!.toISOString()).toBe('2026-03-09T13:00:00.000Z');
  });
});
