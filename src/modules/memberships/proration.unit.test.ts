import { describe, expect, it } from 'vitest';
import { daysInclusive, prorate } from './proration.ts';

const year = (y: number) => ({ from: `${y}-01-01`, to: `${y}-12-31` });

describe('day proration (bounds included)', () => {
  it('counts calendar days, leap years included', () => {
    expect(daysInclusive('2024-01-01', '2024-12-31')).toBe(366);
    expect(daysInclusive('2025-01-01', '2025-12-31')).toBe(365);
    expect(daysInclusive('2024-07-01', '2024-12-31')).toBe(184);
    expect(daysInclusive('2024-02-29', '2024-02-29')).toBe(1);
  });
  it('whole period: the annual amount', () => {
    expect(prorate(57488, year(2024), { from: '2020-07-01', to: null })!.amount).toBe(57488);
  });
  it('option starting 1 July in a leap year: 57488 × 184 / 366 = 28901.07 → 28901', () => {
    expect(prorate(57488, year(2024), { from: '2024-07-01', to: null })).toEqual({ from: '2024-07-01', to: '2024-12-31', days: 184, periodDays: 366, amount: 28901 });
  });
  it('same in a common year: 57488 × 184 / 365 = 28980.25 → 28980', () => {
    expect(prorate(57488, year(2025), { from: '2025-07-01', to: null })!.amount).toBe(28980);
  });
  it('option ending within the period: 1 January → 29 February 2024 = 60 days: 57488 × 60 / 366 = 9424.26 → 9424', () => {
    expect(prorate(57488, year(2024), { from: '2023-01-01', to: '2024-02-29' })).toMatchObject({ days: 60, amount: 9424 });
  });
  it('a single day, 29 February 2024: 57488 / 366 = 157.07 → 157', () => {
    expect(prorate(57488, year(2024), { from: '2024-02-29', to: '2024-02-29' })!.amount).toBe(157);
  });
  it('outside the period: nothing', () => {
    expect(prorate(57488, year(2024), { from: '2025-01-01', to: null })).toBeNull();
  });
});
