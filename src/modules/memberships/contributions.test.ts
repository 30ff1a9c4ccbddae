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
type Line = { organisationId: string; optionCode: string; days: number; periodDays: number; annualCents: number; amountCents: number; fromOn: string; toOn: string; breakdown: { lines: { label: string }[] } };
type Run = { id: string; totalCents: number };
type RunView = { run: Run; totals: { code: string; amountCents: number; previousCents: number | null }[]; previous: Run | null };
type Page<T> = { items: T[]; total: number; page: number; pageSize: number };
const linesOf = async (runId: string, who: SignedIn) => ((await send('GET', `/api/v1/contribution-runs/${runId}/lines?pageSize=100`, who)).body as unknown as Page<Line>).items;

describe('contribution runs', () => {
  it('prorates by days over a leap year, freezes the figures and compares with the previous period', async () => {
    const a = await signedInMember(t.ctx, ['manager']);
    const b = await signedInMember(t.ctx, ['manager']);
    const ca = await activeConvention(t.ctx, a.org.id, { startsOn: '2024-07-01', workstations: 3 });
    const cb = await activeConvention(t.ctx, b.org.id, { startsOn: '2024-07-01', workstations: 16 });
    await t.ctx.db.update(conventions).set({ terminatedOn: '2024-12-30', status: 'terminated' }).where(eq(conventions.id, cb.id));
    await t.ctx.db.update(conventionOptions).set({ endsOn: '2024-12-29' }).where(eq(conventionOptions.conventionId, cb.id));

    const previous = await send('POST', '/api/v1/contribution-runs', finance, { periodStart: '2023-01-01', periodEnd: '2023-12-31', label: '2023' });
    expect(previous.body.totalCents).toBe(0);
    const created = await send('POST', '/api/v1/contribution-runs', finance, { periodStart: '2024-01-01', periodEnd: '2024-12-31', label: 'Contributions 2024' });
    expect(created.status).toBe(201);
    const runId = created.body.id as string;
    const run = (await send('GET', `/api/v1/contribution-runs/${runId}`, finance)).body as unknown as RunView;
    const lines = await linesOf(runId, finance);
    const la = lines.find((l) => l.organisationId === a.org.id)!;
    // 3 posts: 574.88 × 3 × 0.9 = 1552.18 € a year; 1 July → 31 December 2024 = 184 of 366 days:
    // 155218 × 184 / 366 = 78033.09 → 78033 cents
    expect(la).toMatchObject({ optionCode: 'maintenance', fromOn: '2024-07-01', toOn: '2024-12-31', days: 184, periodDays: 366, annualCents: 155218, amountCents: 78033 });
    expect(la.breakdown.lines[0]!.label).toContain('coefficient 0,9');
    const lb = lines.find((l) => l.organisationId === b.org.id)!;
    // 16 posts: 574.88 × 16 × 0.65 = 5978.75 €; terminated from 30 December: 1 July → 29 December = 182 days:
    // 597875 × 182 / 366 = 297303.96 → 297304 cents
    expect(lb).toMatchObject({ days: 182, annualCents: 597875, amountCents: 297304 });
    expect(run.run.totalCents).toBe(78033 + 297304);
    expect(run.previous?.totalCents).toBe(0);
    expect(run.totals).toEqual([{ code: 'maintenance', label: 'Maintenance', amountCents: 78033 + 297304, previousCents: 0 }]);

    // Later changes do not alter a frozen run.
    await t.ctx.db.update(conventionOptions).set({ workstations: 1 }).where(eq(conventionOptions.conventionId, ca.id));
    expect((await linesOf(runId, finance)).find((l) => l.organisationId === a.org.id)!.amountCents).toBe(78033);

    // A member's manager sees only its own lines, and its own total: never the run-wide one.
    expect((await linesOf(runId, a)).map((l) => l.organisationId)).toEqual([a.org.id]);
    const ownRes = await t.app.request(`/api/v1/contribution-runs/${runId}`, { headers: a.headers });
    const ownText = await ownRes.text();
    const own = JSON.parse(ownText) as RunView;
    expect(own.run.totalCents).toBe(78033);
    expect(own.totals).toEqual([{ code: 'maintenance', label: 'Maintenance', amountCents: 78033, previousCents: 0 }]);
    expect(ownText).not.toContain(String(78033 + 297304));
    const ownList = (await send('GET', '/api/v1/contribution-runs', a)).body as unknown as Page<Run>;
    expect(ownList.items.find((r) => r.id === runId)?.totalCents).toBe(78033);
    // Its own notice, never another member's.
    expect((await t.app.request(`/api/v1/contribution-runs/${runId}/notices/${a.org.id}`, { headers: a.headers })).headers.get('content-type')).toBe('application/pdf');
    expect((await t.app.request(`/api/v1/contribution-runs/${runId}/notices/${b.org.id}`, { headers: a.headers })).status).toBe(403);
    expect((await send('POST', '/api/v1/contribution-runs', a, { periodStart: '2024-01-01', periodEnd: '2024-12-31' })).status).toBe(403);
  });

  it('a member without lines in a run does not see it', async () => {
    const c = await signedInMember(t.ctx, ['manager']);
    await activeConvention(t.ctx, (await createOrganisation(t.ctx)).id);
    const id = (await send('POST', '/api/v1/contribution-runs', finance, { periodStart: '2025-01-01', periodEnd: '2025-12-31' })).body.id as string;
    expect((await send('GET', `/api/v1/contribution-runs/${id}`, c)).status).toBe(404);
    expect((await send('GET', '/api/v1/contribution-runs', c)).body).toEqual({ items: [], total: 0, page: 1, pageSize: 20 });
    expect((await send('GET', `/api/v1/contribution-runs/${id}/lines`, c)).status).toBe(404);
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
    const lines = await linesOf(created.body.id as string, finance);
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.some((l) => l.organisationId === org.id)).toBe(false);
  });
});
