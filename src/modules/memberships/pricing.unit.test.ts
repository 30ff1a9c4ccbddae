import { describe, expect, it } from 'vitest';
import { divRound, parseEuros, parseRatio } from './money.ts';
import { mapAmounts, price, PricingError, type PricingRule, type Quantities } from './pricing.ts';

const q = (over: Partial<Quantities> = {}): Quantities => ({ workstations: 0, gigabytes: 0, population: 0, ...over });

/** DOMAIN example: 574,88 € per workstation, coefficient by the bracket the total number of workstations is in. */
const maintenance: PricingRule = {
  kind: 'perUnit',
  unit: 'workstation',
  unitPrice: 57488,
  brackets: [
    { from: 1, to: 2, coefficient: 10000 },
    { from: 3, to: 5, coefficient: 9000 },
    { from: 6, to: 15, coefficient: 7000 },
    { from: 16, to: null, coefficient: 6500 },
  ],
};

describe('rounding', () => {
  it('rounds half away from zero, to the cent', () => {
    expect(divRound(5n, 10n)).toBe(1);
    expect(divRound(14n, 10n)).toBe(1);
    expect(divRound(15n, 10n)).toBe(2);
    expect(divRound(-5n, 10n)).toBe(-1);
    expect(divRound(-14n, 10n)).toBe(-1);
  });
  it('parses French amounts and ratios', () => {
    expect(parseEuros('574,88')).toBe(57488);
    expect(parseEuros('1 234,5 €')).toBe(123450);
    expect(parseEuros('12,345')).toBeNull();
    expect(parseRatio('0,9')).toBe(9000);
    expect(parseRatio('0,15')).toBe(1500);
    expect(() => parseRatio('0.979751')).toThrow();
  });
});

describe('per unit with a coefficient chosen by the total quantity', () => {
  // Hand-computed: 574.88 × n × coefficient, rounded to the cent.
  it.each([
    [1, 57488], // 574.88 × 1 × 1
    [2, 114976], // 574.88 × 2 × 1
    [3, 155218], // 574.88 × 3 × 0.9 = 1552.176
    [5, 258696], // 574.88 × 5 × 0.9 = 2586.96
    [6, 241450], // 574.88 × 6 × 0.7 = 2414.496
    [15, 603624], // 574.88 × 15 × 0.7 = 6036.24
    [16, 597875], // 574.88 × 16 × 0.65 = 5978.752
  ])('%i workstations → %i cents', (n, expected) => {
    const p = price(maintenance, q({ workstations: n }));
    expect(p.amount).toBe(expected);
    expect(p.lines).toHaveLength(1);
    expect(p.lines[0]!.label).toContain(`× ${n} poste(s)`);
  });
  it('names the bracket in the breakdown', () => {
    expect(price(maintenance, q({ workstations: 16 })).lines[0]!.label).toContain('0,65 (tranche 16 postes et plus)');
  });
  it('refuses a quantity no bracket covers', () => {
    expect(() => price(maintenance, q({ workstations: 0 }))).toThrow(PricingError);
  });
});

describe('progressive bands: each unit priced by its own band', () => {
  const rule: PricingRule = {
    kind: 'progressive',
    unit: 'inhabitant',
    bands: [
      { from: 1, to: 10, unitPrice: 1000 },
      { from: 11, to: 50, unitPrice: 800 },
      { from: 51, to: null, unitPrice: 500 },
    ],
  };
  it.each([
    [1, 1000],
    [10, 10000],
    [11, 10800], // 10 × 10 € + 1 × 8 €
    [50, 42000], // 10 × 10 € + 40 × 8 €
    [51, 42500], // 10 × 10 € + 40 × 8 € + 1 × 5 €
    [60, 47000], // 10 × 10 € + 40 × 8 € + 10 × 5 €
  ])('%i inhabitants → %i cents', (n, expected) => {
    expect(price(rule, q({ population: n })).amount).toBe(expected);
  });
  it('gives one breakdown line per band used', () => {
    expect(price(rule, q({ population: 60 })).lines.map((l) => l.amount)).toEqual([10000, 32000, 5000]);
  });
});

describe('price by band', () => {
  const rule: PricingRule = {
    kind: 'banded',
    unit: 'inhabitant',
    bands: [
      { from: 0, to: 499, amount: 20000 },
      { from: 500, to: 1999, amount: 35000 },
      { from: 2000, to: null, amount: 60000 },
    ],
  };
  it.each([
    [499, 20000],
    [500, 35000],
    [1999, 35000],
    [2000, 60000],
  ])('population %i → %i cents', (n, expected) => {
    expect(price(rule, q({ population: n })).amount).toBe(expected);
  });
  it.each([
    [0, 6000],
    [50, 6000],
    [51, 9000],
    [200, 9000],
    [201, 14000],
  ])('GB quota band: %i GB → %i cents', (gb, expected) => {
    const quota: PricingRule = { kind: 'banded', unit: 'gigabyte', bands: [{ from: 0, to: 50, amount: 6000 }, { from: 51, to: 200, amount: 9000 }, { from: 201, to: null, amount: 14000 }] };
    expect(price(quota, q({ gigabytes: gb })).amount).toBe(expected);
  });
});

describe('two-dimensional: backup by population band and GB quota', () => {
  const rule: PricingRule = {
    kind: 'matrix',
    rowUnit: 'inhabitant',
    columnUnit: 'gigabyte',
    rows: [
      { from: 0, to: 499 },
      { from: 500, to: 1999 },
      { from: 2000, to: null },
    ],
    columns: [
      { from: 0, to: 50 },
      { from: 51, to: 200 },
      { from: 201, to: null },
    ],
    amounts: [
      [12000, 18000, 30000],
      [15000, 22000, 35000],
      [20000, 28000, 45000],
    ],
  };
  it.each([
    [499, 50, 12000],
    [499, 51, 18000],
    [500, 50, 15000],
    [2000, 201, 45000],
    [1999, 200, 22000],
  ])('population %i, %i GB → %i cents', (pop, gb, expected) => {
    expect(price(rule, q({ population: pop, gigabytes: gb })).amount).toBe(expected);
  });
});

describe('sum of parts', () => {
  const rule: PricingRule = {
    kind: 'sum',
    parts: [
      { label: 'Forfait', rule: { kind: 'flat', amount: 10000 } },
      { label: 'Postes', rule: maintenance },
    ],
  };
  it('adds the rounded parts and keeps each part in the breakdown', () => {
    const p = price(rule, q({ workstations: 3 }));
    expect(p.amount).toBe(10000 + 155218);
    expect(p.lines.map((l) => l.label.split(' : ')[0])).toEqual(['Forfait', 'Postes']);
  });
  it('maps every amount (revision)', () => {
    const doubled = mapAmounts(rule, (c) => c * 2);
    expect(price(doubled, q({ workstations: 1 })).amount).toBe(20000 + 114976);
  });
});
