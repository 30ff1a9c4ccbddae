import { sql, type SQL } from 'drizzle-orm';
import type { Ctx } from '../../platform/context.ts';
import { inTransaction, rowsOf, toNumber } from '../../platform/db/index.ts';
import { users } from '../identity/index.ts';
import { organisations } from '../members/index.ts';
import { interventions, tickets, visits, workshopItems } from './schema.ts';

/**
 * The helpdesk's activity over a period, aggregated for the activity reports: interventions by service and by
 * who, ticket delays and satisfaction, workshop and visits. No permission is checked here: the reports
 * authorise. A period is whole days in Europe/Paris, both ends included.
 */
export interface ActivityPeriod {
  from: string; // YYYY-MM-DD
  to: string; // YYYY-MM-DD
}

/** Which breakdown a row of the interventions' aggregates belongs to. */
export type InterventionBreakdown = 'channel' | 'domain' | 'monthChannel' | 'total' | 'org' | 'tech';

export interface InterventionGroup {
  set: InterventionBreakdown;
  channel: string | null;
  domain: string | null;
  org: string | null;
  tech: string | null;
  /** The member's or technician's name (members and technicians breakdowns). */
  name?: string | null;
  month: string | null;
  n: unknown;
  minutes: unknown;
  travel: unknown;
}

/** Instants bounding the period: local midnights in Europe/Paris, end excluded. */
function bounds(p: ActivityPeriod): { lo: SQL; hi: SQL } {
  return {
    lo: sql`((${p.from})::date::timestamp at time zone 'Europe/Paris')`,
    hi: sql`(((${p.to})::date + 1)::timestamp at time zone 'Europe/Paris')`,
  };
}

const orgFilter = (column: SQL, organisationId: string | null) => (organisationId ? sql` and ${column} = ${organisationId}::uuid` : sql``);

/**
 * Runs one of the report's aggregate queries in its own transaction with a larger work_mem (a year holds
 * ~100,000 interventions at a large syndicate, and the default 4 MB makes PostgreSQL sort them on disk) and
 * without JIT compilation (it costs more than it saves on a query of a few hundred milliseconds).
 */
async function aggregate<T>(ctx: Pick<Ctx, 'db'>, query: SQL): Promise<T[]> {
  return inTransaction(ctx, async (tx) => {
    await tx.db.execute(sql`set local work_mem = '64MB'`);
    await tx.db.execute(sql`set local jit = off`);
    return rowsOf<T>(await tx.db.execute(query));
  });
}

const sums = sql`count(*) as n, coalesce(sum(duration_minutes), 0) as minutes, coalesce(sum(travel_minutes), 0) as travel`;

/**
 * The period's interventions aggregated with GROUPING SETS, in two queries run at once (each on its own
 * connection, so on its own core): channels, domains, months and the total; then members and technicians.
 * The month comes from a join on the period's months (as Paris instants, clamped to the period), one index
 * range scan each, rather than from a time-zone conversion of every row, which cost more than the rest.
 */
export async function interventionGroups(ctx: Pick<Ctx, 'db'>, p: ActivityPeriod, organisationId: string | null): Promise<InterventionGroup[]> {
  const { lo, hi } = bounds(p);
  const [byService, byWho] = await Promise.all([
    aggregate<InterventionGroup>(ctx, sql`
      select case grouping(channel, domain, m) when 3 then 'channel' when 5 then 'domain' when 2 then 'monthChannel' else 'total' end as set,
             channel::text as channel, domain, to_char(m, 'YYYY-MM') as month, ${sums}
      from (
        select months.m, i.channel, i.domain, i.duration_minutes, i.travel_minutes
        from (
          select m, greatest(m at time zone 'Europe/Paris', ${lo}) as lo, least((m + interval '1 month') at time zone 'Europe/Paris', ${hi}) as hi
          from generate_series(date_trunc('month', (${p.from})::date::timestamp), (${p.to})::date::timestamp, interval '1 month') m
        ) months
        join ${interventions} i on i.started_at >= months.lo and i.started_at < months.hi${orgFilter(sql`i.organisation_id`, organisationId)}
      ) i
      group by grouping sets ((channel), (domain), (m, channel), ())`),
    // Names joined to the aggregates (10,000 members at national scale: no second query with their ids).
    aggregate<InterventionGroup>(ctx, sql`
      select g.set, g.org, g.tech, coalesce(o.name, u.name) as name, g.n, g.minutes, g.travel
      from (
        select case grouping(organisation_id) when 0 then 'org' else 'tech' end as set,
               organisation_id as org, technician_id as tech, ${sums}
        from ${interventions}
        where started_at >= ${lo} and started_at < ${hi}${orgFilter(sql`organisation_id`, organisationId)}
        group by grouping sets ((organisation_id), (technician_id))
      ) g
      left join ${organisations} o on g.set = 'org' and o.id = g.org
      left join ${users} u on g.set = 'tech' and u.id = g.tech`),
  ]);
  return [...byService, ...byWho];
}

/** Tickets opened and resolved in the period: counts, median delays (minutes), SLA compliance, ratings. */
export async function ticketFigures(ctx: Pick<Ctx, 'db'>, p: ActivityPeriod, organisationId: string | null): Promise<Record<string, unknown>> {
  const { lo, hi } = bounds(p);
  const opened = sql`created_at >= ${lo} and created_at < ${hi}`;
  const resolved = sql`resolved_at >= ${lo} and resolved_at < ${hi}`;
  const org = orgFilter(sql`organisation_id`, organisationId);
  // Two branches rather than one OR: each can use its own index on the tickets table.
  const [row] = await aggregate<Record<string, unknown>>(ctx, sql`
    with o as (
      select count(*) as opened,
        percentile_cont(0.5) within group (order by extract(epoch from first_response_at - created_at) / 60)
          filter (where first_response_at is not null) as median_first,
        count(*) filter (where first_response_due_at is not null and first_response_at is not null) as fr_measured,
        count(*) filter (where first_response_at <= first_response_due_at) as fr_met
      from ${tickets} where ${opened}${org}
    ), r as (
      select count(*) as resolved,
        percentile_cont(0.5) within group (order by extract(epoch from resolved_at - created_at) / 60) as median_resolution,
        count(*) filter (where resolution_due_at is not null) as res_measured,
        count(*) filter (where resolved_at <= resolution_due_at) as res_met,
        avg(rating) as rating_avg, count(rating) as rating_count
      from ${tickets} where ${resolved}${org}
    )
    select * from o, r`);
  return row ?? {};
}

/** Workshop items received and returned, and visits planned (not cancelled), in the period. */
export async function workshopAndVisits(ctx: Pick<Ctx, 'db'>, p: ActivityPeriod, organisationId: string | null): Promise<Record<string, unknown>> {
  const { lo, hi } = bounds(p);
  const result = await ctx.db.execute(sql`
    select
      (select count(*) from ${workshopItems} where received_on between ${p.from}::date and ${p.to}::date${orgFilter(sql`organisation_id`, organisationId)}) as received,
      (select count(*) from ${workshopItems} where returned_on between ${p.from}::date and ${p.to}::date${orgFilter(sql`organisation_id`, organisationId)}) as returned,
      (select count(*) from ${visits} where not cancelled and starts_at >= ${lo} and starts_at < ${hi}${orgFilter(sql`organisation_id`, organisationId)}) as visits`);
  return rowsOf<Record<string, unknown>>(result)[0] ?? {};
}

/** How many interventions started in a calendar year (the demonstration never doubles a year). */
export async function interventionsInYear(ctx: Pick<Ctx, 'db'>, year: number): Promise<number> {
  const res = await ctx.db.execute(sql`select count(*) as n from ${interventions} where started_at >= (${`${year}-01-01`})::date::timestamptz and started_at < ((${`${year}-12-31`})::date + 1)::timestamptz`);
  return toNumber(rowsOf<{ n: unknown }>(res)[0]?.n);
}
