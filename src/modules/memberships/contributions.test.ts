import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { createTestApp, type TestApp } from '../../../test/helpers/app.ts';
import { createOrganisation, signedInMember, signedInStaff, type SignedIn } from '../../../test/helpers/factories.ts';
import { activeConvention, adoptedGrid } from '../../../test/helpers/memberships-factories.ts';
import { conventionOptions, conventions } from './schema.ts';

let t: TestApp;
let finance: SignedIn;
beforeAll(async () => {
  t = await createTestApp();
  finance = await signedInStaff(t.ctx, ['finance']);
  await adoptedGrid(t.ctx, 2023);
  await adoptedGrid(t.ctx, 2024);
});
afterAll(() => t.close());

const send = async (method: string, path: string, who: SignedIn, body?: unknown) => {
  const res = await t.app.request(path, { method, headers: { ...who.headers, 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> & { message?: string } };
};
type Line = { organisationId: string; optionCode: string; days: number; periodDays: number; annual: number; amount: number; fromOn: string; toOn: string; breakdown: { lines: { label: string }[] } };
type RunView = { lines: Line[]; totals: { code: string; amount: number; previous: number | null }[]; total: number; previousTotal: number | null };

describe('contribution runs', () => {
  it('prorates by days over a leap year, freezes the figures and compares with the previous period', async () => {
    const a = await signedInMember(t.ctx, ['manager']);
    const b = await signedInMember(t.ctx, ['manager']);
    const ca = await activeConvention(t.ctx, a.org.id, { startsOn: '2024-07-01', workstations: 3 });
    const cb = await activeConvention(t.ctx, b.org.id, { startsOn: '2024-07-01', workstations: 16 });
    await t.ctx.db.update(conventions).set({ terminatedOn: '2024-12-30', status: 'terminated' }).where(eq(conventions.id, cb.id));
    await t.ctx.db.update(conventionOptions).set({ endsOn: '2024-12-29' }).where(eq(conventionOptions.conventionId, cb.id));

    const previous = await send('POST', '/api/v1/contribution-runs', finance, { periodStart: '2023-01-01', periodEnd: '2023-12-31', label: '2023' });
    expect(previous.body.total).toBe(0);
    const created = await send('POST', '/api/v1/contribution-runs', finance, { periodStart: '2024-01-01', periodEnd: '2024-12-31', label: 'Contributions 2024' });
    expect(created.status).toBe(201);
    const run = (await send('GET', `/api/v1/contribution-runs/${created.body.id as string}`, finance)).body as unknown as RunView;
    const la = run.lines.find((l) => l.organisationId === a.org.id)!;
    // 3 posts: 574.88 × 3 × 0.9 = 1552.18 € a year; 1 July → 31 December 2024 = 184 of 366 days:
    // 155218 × 184 / 366 = 78033.09 → 78033 cents
    expect(la).toMatchObject({ optionCode: 'maintenance', fromOn: '2024-07-01', toOn: '2024-12-31', days: 184, periodDays: 366, annual: 155218, amount: 78033 });
    expect(la.breakdown.lines[0]!.label).toContain('coefficient 0,9');
    const lb = run.lines.find((l) => l.organisationId === b.org.id)!;
    // 16 posts: 574.88 × 16 × 0.65 = 5978.75 €; terminated from 30 December: 1 July → 29 December = 182 days:
    // 597875 × 182 / 366 = 297303.96 → 297304 cents
    expect(lb).toMatchObject({ days: 182, annual: 597875, amount: 297304 });
    expect(run.total).toBe(78033 + 297304);
    expect(run.previousTotal).toBe(0);
    expect(run.totals).toEqual([{ code: 'maintenance', label: 'Maintenance', amount: 78033 + 297304, previous: 0 }]);

    // Later changes do not alter a frozen run.
    await t.ctx.db.update(conventionOptions).set({ workstations: 1 }).where(eq(conventionOptions.conventionId, ca.id));
    const again = (await send('GET', `/api/v1/contribution-runs/${created.body.id as string}`, finance)).body as unknown as RunView;
    expect(again.lines.find((l) => l.organisationId === a.org.id)!.amount).toBe(78033);

    // A member's manager sees only its own lines.
    const own = (await send('GET', `/api/v1/contribution-runs/${created.body.id as string}`, a)).body as unknown as RunView;
    expect(own.lines.map((l) => l.organisationId)).toEqual([a.org.id]);
    expect(own.total).toBe(78033);
    expect((await send('POST', '/api/v1/contribution-runs', a, { periodStart: '2024-01-01', periodEnd: '2024-12-31' })).status).toBe(403);
  });

  it('a member without lines in a run does not see it', async () => {
    const c = await signedInMember(t.ctx, ['manager']);
    await activeConvention(t.ctx, (await createOrganisation(t.ctx)).id);
    const id = (await send('POST', '/api/v1/contribution-runs', finance, { periodStart: '2025-01-01', periodEnd: '2025-12-31' })).body.id as string;
    expect((await send('GET', `/api/v1/contribution-runs/${id}`, c)).status).toBe(404);
    expect((await send('GET', '/api/v1/contribution-runs', c)).body).toEqual([]);
  });

  it('refuses a period without an adopted grid, and a reversed period', async () => {
    expect((await send('POST', '/api/v1/contribution-runs', finance, { periodStart: '2019-01-01', periodEnd: '2019-12-31' })).status).toBe(422);
    expect((await send('POST', '/api/v1/contribution-runs', finance, { periodStart: '2024-12-31', periodEnd: '2024-01-01' })).status).toBe(422);
  });

  it('does not bill drafts nor unsigned conventions', async () => {
    const org = await createOrganisation(t.ctx);
    const c = await activeConvention(t.ctx, org.id);
    await t.ctx.db.update(conventions).set({ status: 'awaiting_deliberation', signedOn: null }).where(eq(conventions.id, c.id));
    const created = await send('POST', '/api/v1/contribution-runs', finance, { periodStart: '2024-01-01', periodEnd: '2024-12-31' });
    const run = (await send('GET', `/api/v1/contribution-runs/${created.body.id as string}`, finance)).body as unknown as RunView;
    expect(run.lines.some((l) => l.organisationId === org.id)).toBe(false);
  });
});
