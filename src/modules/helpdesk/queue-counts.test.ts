import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { sql } from 'drizzle-orm';
import type { TestApp } from '../../../test/helpers/app.ts';
import { createTestTicket, helpdeskTestApp, type HelpdeskWorld } from '../../../test/helpers/helpdesk-factories.ts';
import { parseListQuery } from '../../platform/ui/list.ts';
import { COUNTERS_TTL_MS, listTickets, TICKET_LIST, slaCounters } from './queue.ts';

let t: TestApp;
let w: HelpdeskWorld;
const staff = () => ({ ...t.ctx, actor: w.tech.actor });
beforeAll(async () => ({ t, w } = await helpdeskTestApp()));
afterAll(() => t.close());
afterEach(() => vi.restoreAllMocks());

describe('queue counts', () => {
  it('shows the SLA counters of the last five seconds, then counts again', async () => {
    await createTestTicket(t.ctx, w.tech, w.a.org.id);
    expect(await slaCounters(staff())).toEqual({ ok: 1, near: 0, breached: 0 });
    await createTestTicket(t.ctx, w.tech, w.b.org.id);
    expect(await slaCounters(staff())).toEqual({ ok: 1, near: 0, breached: 0 });
    const now = performance.now();
    vi.spyOn(performance, 'now').mockReturnValue(now + COUNTERS_TTL_MS + 1);
    expect(await slaCounters(staff())).toEqual({ ok: 2, near: 0, breached: 0 });
    await expect(slaCounters({ ...t.ctx, actor: w.a.actor })).rejects.toMatchObject({ code: 'forbidden' });
  });

  it('says « more than 10 000 » for the unfiltered queue of a table PostgreSQL estimates at 50 000 rows, and counts filtered lists', async () => {
    const all = parseListQuery({}, TICKET_LIST);
    expect((await listTickets(staff(), all)).total).toBe(2);
    await t.ctx.db.execute(sql`update pg_class set reltuples = 50000 where oid = to_regclass('tickets')`);
    const now = performance.now();
    vi.spyOn(performance, 'now').mockReturnValue(now + 60_000);
    expect((await listTickets(staff(), all)).total).toBeNull();
    expect((await listTickets(staff(), parseListQuery({ organisationId: w.a.org.id }, TICKET_LIST))).total).toBe(1);
    // A member's own list is always counted.
    expect((await listTickets({ ...t.ctx, actor: w.a.actor }, all)).total).toBe(1);
  });
});
