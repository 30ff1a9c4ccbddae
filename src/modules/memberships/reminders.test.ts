import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { createTestApp, type TestApp } from '../../../test/helpers/app.ts';
import { createOrganisation, signedInStaff } from '../../../test/helpers/factories.ts';
import { activeConvention, adoptedGrid } from '../../../test/helpers/memberships-factories.ts';
import { outbox } from '../../platform/mail/schema.ts';
import { dailyMaintenance, reminders } from './reminders.ts';
import { conventions } from './schema.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
  await adoptedGrid(t.ctx, 2024);
});
afterAll(() => t.close());

describe('daily maintenance and reminders', () => {
  it('renews ended yearly terms tacitly, expires sixth years, lists reminders and mails on Mondays', async () => {
    const renewable = await activeConvention(t.ctx, (await createOrganisation(t.ctx)).id); // term ends 2025-06-30
    const old = await activeConvention(t.ctx, (await createOrganisation(t.ctx)).id);
    await t.ctx.db.update(conventions).set({ generationStartsOn: '2018-07-01', generationEndsOn: '2024-06-30', startsOn: '2018-07-01', currentTermEndsOn: '2024-06-30' }).where(eq(conventions.id, old.id));
    const waiting = await activeConvention(t.ctx, (await createOrganisation(t.ctx)).id);
    await t.ctx.db.update(conventions).set({ status: 'awaiting_deliberation', deliberationId: null, signedOn: null }).where(eq(conventions.id, waiting.id));
    const finance = await signedInStaff(t.ctx, ['finance']);
    t.clock.set('2026-03-02T05:00:00Z'); // a Monday
    const result = await dailyMaintenance(t.ctx);
    expect(result).toEqual({ renewed: 1, expired: 1, mailed: true });
    const [r] = await t.ctx.db.select().from(conventions).where(eq(conventions.id, renewable.id));
    expect(r!.currentTermEndsOn).toBe('2026-06-30');
    const [o] = await t.ctx.db.select().from(conventions).where(eq(conventions.id, old.id));
    expect(o!.status).toBe('expired');
    const list = await reminders(t.ctx, 60);
    expect(list.sixthYearEnding.map((i) => i.conventionId)).toContain(renewable.id); // ends 2030-06-30, within 60 months
    expect(list.missingDeliberation.map((i) => i.conventionId)).toEqual([waiting.id]);
    expect(list.unsigned.map((i) => i.conventionId)).toEqual([waiting.id]);
    expect((await reminders(t.ctx, 6)).sixthYearEnding).toEqual([]);
    const mails = await t.ctx.db.select().from(outbox).where(eq(outbox.to, finance.user.email));
    expect(mails.map((m) => m.subject)).toContain('Adhésions informatiques : rappels de la semaine');
  });
});
