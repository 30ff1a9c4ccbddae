import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createRng } from '../../bench/lib/prng.ts';
import { helpdeskTables } from '../../bench/lib/data-helpdesk.ts';
import { publicationTables } from '../../bench/lib/data-publications.ts';
import { volumes } from '../../bench/lib/volumes.ts';

function digest(seed: number) {
  const rng = createRng(seed);
  const world = { syndicateId: rng.uuid(), adminId: rng.uuid(), memberIds: Array.from({ length: 101 }, () => rng.uuid()), technicianIds: Array.from({ length: 6 }, () => rng.uuid()) };
  const tables = [...publicationTables(rng, volumes(1)), ...helpdeskTables(rng, volumes(1), world)];
  const counts: Record<string, number> = {};
  const hash = createHash('sha256');
  for (const t of tables) {
    counts[t.name] = 0;
    for (const line of t.lines()) {
      hash.update(line);
      counts[t.name]!++;
    }
    // The row count announced for the progress bar is the one written.
    expect(counts[t.name]).toBe(t.rows);
  }
  return { sha: hash.digest('hex'), counts };
}

describe('benchmark data set', () => {
  it('is the same for the same seed, and the size of scale 1', () => {
    const a = digest(20190101);
    expect(digest(20190101).sha).toBe(a.sha);
    expect(digest(7).sha).not.toBe(a.sha);
    expect(a.counts.tickets).toBe(10_000);
    // One to nine interventions per ticket (five on average), none for a ticket still « new ».
    expect(a.counts.interventions).toBeGreaterThan(48_000);
    expect(a.counts.interventions).toBeLessThan(51_000);
    expect(a.counts.articles).toBe(250);
  });
});
