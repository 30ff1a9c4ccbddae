import { describe, expect, it } from 'vitest';
import { defaultPublicationDate, latestPublished, MissingIndex, revise, type IndexValue } from './syntec.ts';

const v = (month: string, value: number, series: IndexValue['series'] = 'revised', publishedOn = defaultPublicationDate(month)): IndexValue => ({
  month,
  value,
  series,
  publishedOn,
});
// The values of the revised series given in DOMAIN.md.
const known = [v('2024-01', 31050), v('2024-08', 31410), v('2025-01', 31520), v('2025-09', 32170), v('2025-10', 32220)];

describe('publication calendar', () => {
  it('defaults to the last day of the following month', () => {
    expect(defaultPublicationDate('2025-10')).toBe('2025-11-30');
    expect(defaultPublicationDate('2024-01')).toBe('2024-02-29');
    expect(defaultPublicationDate('2025-12')).toBe('2026-01-31');
  });
  it('takes the latest index published on or before the date', () => {
    expect(latestPublished(known, '2025-12-01').month).toBe('2025-10');
    expect(latestPublished(known, '2025-11-30').month).toBe('2025-10');
    expect(latestPublished(known, '2025-11-29').month).toBe('2025-09');
  });
  it('uses an index published earlier than the default date', () => {
    expect(latestPublished([...known.slice(0, 4), v('2025-10', 32220, 'revised', '2025-11-20')], '2025-11-25').month).toBe('2025-10');
  });
  it('steps back when the expected index was actually published late', () => {
    expect(latestPublished([...known.slice(0, 4), v('2025-10', 32220, 'revised', '2025-12-03')], '2025-12-01').month).toBe('2025-09');
  });
  it('names the missing month instead of falling back silently', () => {
    const withoutOctober = known.slice(0, 4);
    expect(() => latestPublished(withoutOctober, '2025-12-01')).toThrow(MissingIndex);
    expect(() => latestPublished(withoutOctober, '2025-12-01')).toThrow(/octobre 2025/);
  });
});

describe('revision P = P0 × (a + (1 − a) × S / S0)', () => {
  it('pure index revision (a = 0): 574,88 € from January 2024 to 1 December 2025', () => {
    // 57488 × 322.2 / 310.5 = 59654.214… → 59654 cents
    const t = revise({ amount: 57488, fixedPart: 0, baseMonth: '2024-01', at: '2025-12-01' }, known);
    expect(t.result).toBe(59654);
    expect(t.s0).toMatchObject({ month: '2024-01', value: 31050 });
    expect(t.s).toMatchObject({ month: '2025-10', value: 32220, publishedOn: '2025-11-30' });
    expect(t.linkingCoefficient).toBeNull();
    expect(t.formula).toBe('574,88 € × (0 + (1 − 0) × 322,2 / 310,5) = 596,54 €');
  });
  it('with a fixed part of 0.2 on 15 November 2025 (S = September 2025)', () => {
    // 57488 × (0.2 + 0.8 × 321.7 / 310.5) = 59146.912… → 59147 cents
    const t = revise({ amount: 57488, fixedPart: 2000, baseMonth: '2024-01', at: '2025-11-15' }, known);
    expect(t.s.month).toBe('2025-09');
    expect(t.result).toBe(59147);
  });
  it('across the August 2022 break, S0 is converted with 0.97975', () => {
    // Test index of the former series (not an official value): January 2022 = 300.0.
    // 1000 € × (0.15 + 0.85 × 310.5 / (300 × 0.97975)) = 1047.933146… € → 104793 cents
    const t = revise({ amount: 100000, fixedPart: 1500, baseMonth: '2022-01', at: '2024-03-01' }, [v('2022-01', 30000, 'legacy'), ...known]);
    expect(t.s.month).toBe('2024-01');
    expect(t.linkingCoefficient).toBe(0.97975);
    expect(t.s0InSeriesOfS).toBe(293.925);
    expect(t.result).toBe(104793);
  });
  it('converts the former series into the revised one by multiplying by 0.97975 (280.6 / 286.4)', () => {
    // The coefficient is the revised August 2022 value over the former series' August 2022 value
    // (280.6 / 286.4), so an index of the former series times 0.97975 is its revised-series equivalent:
    // 286.4 × 0.97975 = 280.6004 ≈ 280.6. Dividing instead would give 292.32 and overstate every price.
    // 1000 € × 310.5 / (286.4 × 0.97975) = 1000 € × 310.5 / 280.6004 = 1106.555799… € → 110656 cents
    const indices = [v('2022-08', 28640, 'legacy'), ...known];
    const t = revise({ amount: 100000, fixedPart: 0, baseMonth: '2022-08', at: '2024-03-01' }, indices);
    expect(t.s0).toMatchObject({ month: '2022-08', series: 'legacy', value: 28640 });
    expect(t.s).toMatchObject({ month: '2024-01', series: 'revised', value: 31050 });
    expect(t.s0InSeriesOfS).toBe(280.6004);
    expect(t.result).toBe(110656);
    expect(t.formula).toBe('1000,00 € × (0 + (1 − 0) × 310,5 / (286,4 × 0,97975)) = 1106,56 €');
    // With a fixed part of 0.2 on 1 December 2025 (S = October 2025, 322.2):
    // 1000 € × (0.2 + 0.8 × 322.2 / 280.6004) = 1118.601684… € → 111860 cents
    expect(revise({ amount: 100000, fixedPart: 2000, baseMonth: '2022-08', at: '2025-12-01' }, indices).result).toBe(111860);
  });
  it('fails naming the base month when its index is missing', () => {
    expect(() => revise({ amount: 100, fixedPart: 0, baseMonth: '2023-05', at: '2025-12-01' }, known)).toThrow(/mai 2023/);
  });
  it('no revision when S = S0', () => {
    expect(revise({ amount: 57488, fixedPart: 0, baseMonth: '2025-10', at: '2025-12-01' }, known).result).toBe(57488);
  });
});
