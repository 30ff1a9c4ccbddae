import { eq, sql } from 'drizzle-orm';
import type { Ctx } from '../../platform/context.ts';
import { authorize } from '../../platform/auth/permissions.ts';
import { NotFound } from '../../platform/errors.ts';
import { contributionsOver, conventionsHeldOver, type HeldConvention, type RunContribution } from '../memberships/index.ts';
import { organisations } from '../members/index.ts';
import { computeActivity, type ActivityReport } from './activity.ts';
import type { Period } from './period.ts';

export type MemberConvention = HeldConvention;

export interface MemberContribution extends RunContribution {
  /** The share of it that falls within the report's period (pro rata of days), in cents. */
  inPeriod: number;
}

export interface MemberReport {
  organisation: { id: string; name: string; population: number | null };
  activity: ActivityReport;
  conventions: MemberConvention[];
  contributions: MemberContribution[];
  /** Contribution attributable to the period (cents), and what it bought. */
  contributionInPeriod: number;
  costPerIntervention: number | null;
  costPerHour: number | null;
}

const DAY = 86_400_000;
const days = (from: string, to: string) => Math.round((Date.parse(to) - Date.parse(from)) / DAY) + 1;

/** Days shared by two inclusive date ranges. */
export function overlapDays(a: { from: string; to: string }, b: { from: string; to: string }): number {
  const from = a.from > b.from ? a.from : b.from;
  const to = a.to < b.to ? a.to : b.to;
  return from > to ? 0 : days(from, to);
}

async function contributionsOf(ctx: Pick<Ctx, 'db'>, organisationId: string, p: Period): Promise<MemberContribution[]> {
  const runs = await contributionsOver(ctx, organisationId, p);
  return runs.map((r) => {
    const run = { from: r.periodStart, to: r.periodEnd };
    return { ...r, inPeriod: Math.round((r.amount * overlapDays(run, p)) / days(run.from, run.to)) };
  });
}

/** A member's usage of the IT service over a period, against its convention and contribution. */
export async function memberReport(ctx: Ctx, organisationId: string, period: Period): Promise<MemberReport> {
  authorize(ctx.actor, 'reports.read', organisationId);
  const [org] = await ctx.db
    .select({ id: organisations.id, name: organisations.name, population: organisations.population, kind: organisations.kind })
    .from(organisations)
    .where(eq(organisations.id, organisationId));
  if (!org || org.kind === 'syndicate') throw new NotFound('Collectivité introuvable.');
  const [activity, conventions, contributions] = await Promise.all([
    computeActivity(ctx, period, org.id),
    conventionsHeldOver(ctx, org.id, period),
    contributionsOf(ctx, org.id, period),
  ]);
  const contributionInPeriod = contributions.reduce((s, c) => s + c.inPeriod, 0);
  const hours = activity.totalMinutes / 60;
  return {
    organisation: { id: org.id, name: org.name, population: org.population },
    activity,
    conventions,
    contributions,
    contributionInPeriod,
    costPerIntervention: activity.total > 0 && contributionInPeriod > 0 ? Math.round(contributionInPeriod / activity.total) : null,
    costPerHour: hours > 0 && contributionInPeriod > 0 ? Math.round(contributionInPeriod / hours) : null,
  };
}

/** Members a report can be asked for (staff pick one in /rapports). */
export async function reportableMembers(ctx: Ctx): Promise<{ id: string; name: string }[]> {
  const scope = authorize(ctx.actor, 'reports.read');
  const q = ctx.db.select({ id: organisations.id, name: organisations.name }).from(organisations);
  const rows = scope === 'all' ? await q.where(sql`${organisations.kind} <> 'syndicate'`).orderBy(organisations.name) : await q.where(eq(organisations.id, ctx.actor!.organisationId));
  return rows;
}
