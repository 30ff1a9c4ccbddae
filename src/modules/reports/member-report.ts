import { eq, sql } from 'drizzle-orm';
import type { Ctx } from '../../platform/context.ts';
import { authorize } from '../../platform/auth/permissions.ts';
import { rowsOf, toNumber } from '../../platform/db/index.ts';
import { NotFound } from '../../platform/errors.ts';
import { contributionLines, contributionRuns, conventionOptions, conventions, tariffGrids, tariffOptions } from '../memberships/index.ts';
import { organisations } from '../members/index.ts';
import { computeActivity, type ActivityReport } from './activity.ts';
import type { Period } from './period.ts';

export interface MemberConvention {
  id: string;
  number: string;
  status: string;
  startsOn: string;
  endsOn: string;
  options: { code: string; label: string; workstations: number; gigabytes: number }[];
}

export interface MemberContribution {
  runLabel: string;
  periodStart: string;
  periodEnd: string;
  /** The whole contribution of the run, in cents. */
  amount: number;
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

async function conventionsOf(ctx: Pick<Ctx, 'db'>, organisationId: string, p: Period): Promise<MemberConvention[]> {
  const rows = rowsOf<{ id: string; number: string; status: string; starts_on: string; ends_on: string }>(
    await ctx.db.execute(sql`
      select id::text, number, status, starts_on::text, coalesce(terminated_on, generation_ends_on)::text as ends_on
      from ${conventions}
      where organisation_id = ${organisationId}::uuid and status not in ('draft', 'abandoned')
        and starts_on <= ${p.to}::date and coalesce(terminated_on, generation_ends_on) >= ${p.from}::date
      order by starts_on`),
  );
  if (rows.length === 0) return [];
  // Options held at some point of the period; labels from the newest grid that names the option.
  const options = rowsOf<{ convention_id: string; code: string; label: string | null; workstations: number; gigabytes: number }>(
    await ctx.db.execute(sql`
      select o.convention_id::text, o.option_code as code, l.label, o.workstations, o.gigabytes
      from ${conventionOptions} o
      left join lateral (
        select t.label from ${tariffOptions} t join ${tariffGrids} g on g.id = t.grid_id
        where t.code = o.option_code order by g.year desc limit 1
      ) l on true
      where o.convention_id in (${sql.join(rows.map((r) => sql`${r.id}::uuid`), sql`, `)})
        and o.starts_on <= ${p.to}::date and (o.ends_on is null or o.ends_on >= ${p.from}::date)
      order by o.option_code, o.starts_on`),
  );
  return rows.map((r) => ({
    id: r.id,
    number: r.number,
    status: r.status,
    startsOn: r.starts_on,
    endsOn: r.ends_on,
    options: options
      .filter((o) => o.convention_id === r.id)
      .map((o) => ({ code: o.code, label: o.label ?? o.code, workstations: toNumber(o.workstations), gigabytes: toNumber(o.gigabytes) })),
  }));
}

async function contributionsOf(ctx: Pick<Ctx, 'db'>, organisationId: string, p: Period): Promise<MemberContribution[]> {
  const rows = rowsOf<{ label: string; period_start: string; period_end: string; amount: unknown }>(
    await ctx.db.execute(sql`
      select r.label, r.period_start::text, r.period_end::text, sum(l.amount) as amount
      from ${contributionLines} l join ${contributionRuns} r on r.id = l.run_id
      where l.organisation_id = ${organisationId}::uuid
        and r.period_start <= ${p.to}::date and r.period_end >= ${p.from}::date
      group by r.id, r.label, r.period_start, r.period_end
      order by r.period_start`),
  );
  return rows.map((r) => {
    const amount = toNumber(r.amount);
    const run = { from: r.period_start, to: r.period_end };
    const inPeriod = Math.round((amount * overlapDays(run, p)) / days(run.from, run.to));
    return { runLabel: r.label, periodStart: r.period_start, periodEnd: r.period_end, amount, inPeriod };
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
    conventionsOf(ctx, org.id, period),
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
