import { and, asc, eq, inArray, isNull, lt, lte, ne } from 'drizzle-orm';
import type { Ctx } from '../../platform/context.ts';
import { audit } from '../../platform/audit/index.ts';
import { authorize } from '../../platform/auth/permissions.ts';
import type { JobDefinition } from '../../platform/jobs/index.ts';
import { sendMail } from '../../platform/mail/index.ts';
import { organisations } from '../members/index.ts';
import { staffEmails } from './amendments.ts';
import { conventions } from './schema.ts';

export const REMINDER_MONTHS = 6;
const JOB = 'memberships.daily';

function addMonths(date: string, months: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCMonth(d.getUTCMonth() + months);
  return d.toISOString().slice(0, 10);
}

export interface ReminderItem {
  conventionId: string;
  number: string;
  organisationName: string;
  date: string;
}
export interface Reminders {
  sixthYearEnding: ReminderItem[];
  missingDeliberation: ReminderItem[];
  unsigned: ReminderItem[];
}

/**
 * What needs attention: conventions ending their sixth year within `months` months without an express
 * renewal, conventions waiting for the member's deliberation, drafts never sent for signature.
 */
export async function reminders(ctx: Pick<Ctx, 'db' | 'clock'>, months = REMINDER_MONTHS): Promise<Reminders> {
  const today = ctx.clock.now().toISOString().slice(0, 10);
  const cols = { conventionId: conventions.id, number: conventions.number, organisationName: organisations.name };
  const base = ctx.db.select({ ...cols, date: conventions.generationEndsOn }).from(conventions).innerJoin(organisations, eq(organisations.id, conventions.organisationId));
  const sixthYearEnding = await base
    .where(and(eq(conventions.status, 'active'), isNull(conventions.nextId), lte(conventions.generationEndsOn, addMonths(today, months))))
    .orderBy(asc(conventions.generationEndsOn));
  const missingDeliberation = await ctx.db
    .select({ ...cols, date: conventions.startsOn })
    .from(conventions)
    .innerJoin(organisations, eq(organisations.id, conventions.organisationId))
    .where(and(eq(conventions.status, 'awaiting_deliberation'), isNull(conventions.deliberationId)))
    .orderBy(asc(conventions.startsOn));
  const unsigned = await ctx.db
    .select({ ...cols, date: conventions.startsOn })
    .from(conventions)
    .innerJoin(organisations, eq(organisations.id, conventions.organisationId))
    .where(and(inArray(conventions.status, ['draft', 'awaiting_deliberation']), isNull(conventions.signedOn), lte(conventions.startsOn, today)))
    .orderBy(asc(conventions.startsOn));
  return { sixthYearEnding, missingDeliberation, unsigned };
}

export async function remindersFor(ctx: Ctx, months = REMINDER_MONTHS): Promise<Reminders> {
  authorize(ctx.actor, 'memberships.manage');
  return reminders(ctx, months);
}

/**
 * The daily job: tacit renewal of yearly terms that ended, expiry at the end of the sixth year, then one
 * summary mail to the finance and admin staff when something needs attention.
 */
export async function dailyMaintenance(ctx: Ctx): Promise<{ renewed: number; expired: number; mailed: boolean }> {
  const today = ctx.clock.now().toISOString().slice(0, 10);
  let renewed = 0;
  let expired = 0;
  const due = await ctx.db
    .select()
    .from(conventions)
    .where(and(eq(conventions.status, 'active'), lt(conventions.currentTermEndsOn, today)));
  for (const c of due) {
    if (c.currentTermEndsOn < c.generationEndsOn) {
      let end = c.currentTermEndsOn;
      while (end < today && end < c.generationEndsOn) {
        const next = `${Number(end.slice(0, 4)) + 1}${end.slice(4)}`;
        end = next < c.generationEndsOn ? next : c.generationEndsOn;
      }
      await ctx.db.update(conventions).set({ currentTermEndsOn: end, updatedAt: ctx.clock.now() }).where(eq(conventions.id, c.id));
      await audit(ctx, { action: 'memberships.convention.renew_tacitly', entity: 'it_convention', entityId: c.id, organisationId: c.organisationId, before: { currentTermEndsOn: c.currentTermEndsOn }, after: { currentTermEndsOn: end } });
      renewed++;
    }
    if (c.generationEndsOn < today) {
      await ctx.db.update(conventions).set({ status: 'expired', currentTermEndsOn: c.generationEndsOn, updatedAt: ctx.clock.now() }).where(and(eq(conventions.id, c.id), ne(conventions.status, 'expired')));
      await audit(ctx, { action: 'memberships.convention.expire', entity: 'it_convention', entityId: c.id, organisationId: c.organisationId });
      expired++;
    }
  }
  const r = await reminders(ctx);
  const count = r.sixthYearEnding.length + r.missingDeliberation.length + r.unsigned.length;
  let mailed = false;
  if (count > 0 && ctx.clock.now().getUTCDay() === 1) {
    // A weekly summary (Mondays) rather than the same list every day.
    const lines = [
      `Conventions atteignant leur sixième année dans les ${REMINDER_MONTHS} mois : ${r.sixthYearEnding.length}`,
      ...r.sixthYearEnding.map((i) => `- ${i.organisationName} (${i.number}), échéance ${i.date}`),
      `Délibérations manquantes : ${r.missingDeliberation.length}`,
      ...r.missingDeliberation.map((i) => `- ${i.organisationName} (${i.number})`),
      `Conventions non signées : ${r.unsigned.length}`,
      ...r.unsigned.map((i) => `- ${i.organisationName} (${i.number}), début prévu ${i.date}`),
    ];
    for (const to of await staffEmails(ctx)) {
      await sendMail(ctx, { to, subject: 'Adhésions informatiques : rappels de la semaine', text: `${lines.join('\n')}\n\n${ctx.config.PUBLIC_URL}/adhesions/rappels` });
      mailed = true;
    }
  }
  return { renewed, expired, mailed };
}

export const maintenanceJob: JobDefinition = { name: JOB, handler: async (_job, tools) => dailyMaintenance(tools.ctx), cron: '0 6 * * *' };
