import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { eq } from 'drizzle-orm';
import type { TestApp } from '../../../test/helpers/app.ts';
import { signedInStaff } from '../../../test/helpers/factories.ts';
import { createTestTicket, helpdeskTestApp, type HelpdeskWorld } from '../../../test/helpers/helpdesk-factories.ts';
import { technicianOptions } from './technicians.ts';
import { REFERENCE_TTL_MS } from './reference-cache.ts';
import { helpdeskDomains, helpdeskSettings } from './schema.ts';
import { addDomain, listDomains, loadSettings, updateDomain, updateSettings } from './settings.ts';

let t: TestApp;
let w: HelpdeskWorld;
const as = (who: { actor: TestApp['ctx']['actor'] }) => ({ ...t.ctx, actor: who.actor });
beforeAll(async () => ({ t, w } = await helpdeskTestApp()));
afterAll(() => t.close());
afterEach(() => vi.restoreAllMocks());

/** Moves this instance's clock for the cache past its TTL. */
function later(ms: number) {
  const now = performance.now();
  vi.spyOn(performance, 'now').mockReturnValue(now + ms);
}

describe('helpdesk reference data kept in memory', () => {
  it('shows a domain added through this instance at once, and one added by another instance within the TTL', async () => {
    await listDomains(t.ctx);
    await addDomain(as(w.tech), { label: 'Téléphonie' });
    expect((await listDomains(t.ctx)).map((d) => d.code)).toContain('telephonie');
    // Another instance writes straight to the table: this one keeps its copy until the TTL runs out.
    await t.ctx.db.insert(helpdeskDomains).values({ code: 'cartographie', label: 'Cartographie' });
    expect((await listDomains(t.ctx)).map((d) => d.code)).not.toContain('cartographie');
    later(REFERENCE_TTL_MS + 1);
    expect((await listDomains(t.ctx)).map((d) => d.code)).toContain('cartographie');
  });

  it('refuses a ticket in a domain deactivated through this instance at once', async () => {
    await createTestTicket(t.ctx, w.a, w.a.org.id, { domain: 'telephonie' });
    await updateDomain(as(w.tech), 'telephonie', { label: 'Téléphonie', active: false, coveredBy: [] });
    await expect(createTestTicket(t.ctx, w.a, w.a.org.id, { domain: 'telephonie' })).rejects.toMatchObject({ code: 'invalid' });
    expect((await listDomains(t.ctx, { activeOnly: true })).some((d) => d.code === 'telephonie')).toBe(false);
  });

  it('computes due dates with SLA targets changed a moment before', async () => {
    const before = await loadSettings(t.ctx);
    // Monday 2 March 2026, 10:00 in Paris: 60 minutes of business time → 11:00 Paris (10:00 UTC).
    const first = await createTestTicket(t.ctx, w.a, w.a.org.id, { priority: 'high' });
    const target = before.slaTargets.high!;
    expect(first.firstResponseDueAt?.getTime()).toBe(new Date('2026-03-02T09:00:00Z').getTime() + target.firstResponse * 60_000);
    await updateSettings(as(w.tech), { ...before, slaTargets: { ...before.slaTargets, high: { firstResponse: 30, resolution: 120 } } });
    const second = await createTestTicket(t.ctx, w.a, w.a.org.id, { priority: 'high' });
    expect(second.firstResponseDueAt).toEqual(new Date('2026-03-02T09:30:00Z'));
    expect(second.resolutionDueAt).toEqual(new Date('2026-03-02T11:00:00Z'));
  });

  it('lists a technician whose account was created elsewhere once the TTL has run out', async () => {
    const before = await technicianOptions(as(w.tech));
    expect(before.map((o) => o.value)).toContain(w.tech.user.id);
    const added = await signedInStaff(t.ctx, ['technician']);
    expect((await technicianOptions(as(w.tech))).map((o) => o.value)).not.toContain(added.user.id);
    later(REFERENCE_TTL_MS + 1);
    expect((await technicianOptions(as(w.tech))).map((o) => o.value)).toContain(added.user.id);
    await expect(technicianOptions(as(w.a))).rejects.toMatchObject({ code: 'forbidden' });
  });

  it('reads the settings again inside a transaction that changed them, and after the TTL when another instance did', async () => {
    await t.ctx.db.update(helpdeskSettings).set({ nearBreachRatio: 42 }).where(eq(helpdeskSettings.id, 1));
    expect((await loadSettings(t.ctx)).nearBreachRatio).not.toBe(42);
    await t.ctx.db.transaction(async (tx) => {
      await tx.update(helpdeskSettings).set({ nearBreachRatio: 43 }).where(eq(helpdeskSettings.id, 1));
      expect((await loadSettings({ db: tx as unknown as TestApp['ctx']['db'] })).nearBreachRatio).toBe(43);
    });
    later(REFERENCE_TTL_MS + 1);
    expect((await loadSettings(t.ctx)).nearBreachRatio).toBe(43);
  });
});
