import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { loadIsolation } from './registry.ts';

/**
 * Every route of the app (pages and API) must be covered by an isolation case, or exempted with a reason.
 * A module adding a route without either fails here: see docs/identity.md, "Isolation des collectivités".
 */
const registry = await loadIsolation();

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

function appRoutes(): string[] {
  // `ALL` entries are middleware (app.use), not routes.
  return [...new Set(t.app.routes.filter((r) => r.method !== 'ALL').map((r) => `${r.method} ${r.path}`))].sort();
}

describe('couverture du harnais d’isolation', () => {
  it('every route is covered by a case or exempted with a reason', () => {
    const covered = new Map<string, string>();
    for (const spec of registry) {
      for (const c of spec.cases) for (const r of c.routes) covered.set(r, `${spec.module} : ${c.name}`);
      for (const e of spec.exemptions) {
        expect(e.reason.trim().length, `raison de l’exemption ${e.route}`).toBeGreaterThanOrEqual(10);
        covered.set(e.route, `${spec.module} : exemptée`);
      }
    }
    const missing = appRoutes().filter((r) => !covered.has(r));
    expect(missing, 'routes sans cas d’isolation ni exemption : ajoutez-les dans test/isolation/cases/<module>.ts').toEqual([]);
  });

  it('declares no route that does not exist', () => {
    const routes = new Set(appRoutes());
    const declared = registry.flatMap((s) => [...s.cases.flatMap((c) => c.routes), ...s.exemptions.map((e) => e.route)]);
    expect(declared.filter((r) => !routes.has(r)), 'routes déclarées mais absentes de l’application').toEqual([]);
  });
});
