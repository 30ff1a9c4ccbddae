import { describe, expect, it } from 'vitest';
import { createRng } from '../../bench/lib/prng.ts';
import { copyLine } from '../../bench/lib/copy-text.ts';

describe('seeded generator of the benchmark data', () => {
  it('gives the same sequence for the same seed, another for another seed', () => {
    const a = createRng(42);
    const b = createRng(42);
    const c = createRng(43);
    const seq = (r: ReturnType<typeof createRng>) => [r.next(), r.int(1, 9), r.uuid()];
    const first = seq(a);
    expect(seq(b)).toEqual(first);
    expect(seq(c)).not.toEqual(first);
  });

  it('draws integers within bounds and UUIDs of version 4', () => {
    const r = createRng(7);
    for (let i = 0; i < 1000; i++) {
      const n = r.int(3, 5);
      expect(n).toBeGreaterThanOrEqual(3);
      expect(n).toBeLessThanOrEqual(5);
    }
    expect(r.uuid()).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('follows the weights: 2019’s channel mix within 2 points over 50,000 draws', () => {
    const r = createRng(1);
    const mix = { phone: 2056, remote: 1891, email: 171, onsite: 497, workshop: 514 };
    const counts: Record<string, number> = { phone: 0, remote: 0, email: 0, onsite: 0, workshop: 0 };
    for (let i = 0; i < 50_000; i++) counts[r.weighted(mix)]!++;
    // phone: 2056 / 5129 = 40.1 %
    expect(Math.abs(counts.phone! / 50_000 - 0.401)).toBeLessThan(0.02);
    expect(Math.abs(counts.email! / 50_000 - 0.0333)).toBeLessThan(0.02);
  });
});

describe('COPY text lines', () => {
  it('escapes tabs, newlines and backslashes, writes \\N for null and quoted arrays', () => {
    expect(copyLine(['a\tb', 'x\ny', 'c:\\d', null, 3, true, ['un', 'deux, trois']])).toBe('a\\tb\tx\\ny\tc:\\\\d\t\\N\t3\tt\t{"un","deux, trois"}\n');
  });
});
