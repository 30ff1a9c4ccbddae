import { describe, expect, it } from 'vitest';
import { fmtMs, fmtRatio, passes, percentile, summarize, verdict } from '../../bench/lib/stats.ts';
import { formatDuration } from '../../bench/lib/progress.ts';

describe('benchmark figures', () => {
  it('percentiles by nearest rank', () => {
    const xs = [5, 1, 4, 2, 3, 10, 9, 8, 7, 6]; // 1..10
    expect(percentile(xs, 50)).toBe(5);
    expect(percentile(xs, 95)).toBe(10);
    expect(percentile(xs, 10)).toBe(1);
    expect(percentile([], 95)).toBe(0);
    expect(summarize(xs)).toEqual({ count: 10, p50: 5, p95: 10, p99: 10, max: 10 });
    // A fast server gives hundreds of thousands of timings in one measure.
    const many = Array.from({ length: 300_000 }, (_, i) => (i * 7919) % 300_000);
    expect(summarize(many)).toEqual({ count: 300_000, p50: 149_999, p95: 284_999, p99: 296_999, max: 299_999 });
  });

  it('formats milliseconds, ratios and durations', () => {
    expect(fmtMs(4.26)).toBe('4.3');
    expect(fmtMs(42.6)).toBe('43');
    expect(fmtRatio(300, 1200)).toBe('0.25');
    expect(fmtRatio(1, 0)).toBe('—');
    expect(formatDuration(125)).toBe('2 min 05 s');
    expect(formatDuration(9.4)).toBe('9 s');
  });

  it('says whether a target is reached, and by how much', () => {
    const queue = { label: 'file', value: 75, limit: 50, kind: 'max' as const, unit: 'ms' };
    expect(passes(queue)).toBe(false);
    expect(verdict(queue)).toBe('MANQUÉ — 75 ms pour < 50 ms (1.50 × l’objectif)');
    const ratio = { label: 'accueil', value: 0.62, limit: 0.5, kind: 'min' as const, unit: 'ratio' };
    expect(passes(ratio)).toBe(true);
    expect(verdict(ratio)).toBe('atteint — 0.62 pour ≥ 0.5 (1.24 × l’objectif)');
  });
});
