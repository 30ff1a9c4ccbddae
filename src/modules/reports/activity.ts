import { sql, type SQL } from 'drizzle-orm';
import type { Ctx } from '../../platform/context.ts';
import { authorize } from '../../platform/auth/permissions.ts';
import { Forbidden } from '../../platform/errors.ts';
import { inTransaction, rowsOf, toNumber } from '../../platform/db/index.ts';
import { organisations } from '../members/index.ts';
import { interventions, listDomains, tickets, visits, workshopItems } from '../helpdesk/index.ts';
import { users } from '../identity/index.ts';
import { CHANNEL_REPORT_LABELS, CHANNELS, isChannel, type Channel } from './channels.ts';
import { monthLabel, monthsOf, type Period } from './period.ts';

export interface Compliance {
  measured: number;
  met: number;
  /** Share met, 0..1; null when nothing was measured. */
  rate: number | null;
}

export interface ActivityReport {
  period: Period;
  organisationId: string | null;
  total: number;
  totalMinutes: number;
  channels: { channel: Channel; label: string; count: number; minutes: number }[];
  domains: { code: string; label: string; count: number }[];
  members: { organisationId: string; name: string; count: number; minutes: number }[];
  technicians: { userId: string | null; name: string; count: number; minutes: number }[];
  months: { month: string; label: string; total: number; byChannel: Record<Channel, number> }[];
  tickets: {
    opened: number;
    resolved: number;
    medianFirstResponseMinutes: number | null;
    medianResolutionMinutes: number | null;
    firstResponseSla: Compliance;
    resolutionSla: Compliance;
  };
  satisfaction: { average: number | null; count: number };
  workshop: { interventions: number; itemsReceived: number; itemsReturned: number };
  visits: { onsiteInterventions: number; planned: number; travelMinutes: number };
}

/** Instants bounding the period: local midnights in Europe/Paris, end excluded. */
function bounds(p: Period): { lo: SQL; hi: SQL } {
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

/** Which breakdown a row of the interventions' aggregates belongs to. */
type Breakdown = 'channel' | 'domain' | 'monthChannel' | 'total' | 'org' | 'tech';

interface GroupRow {
  set: Breakdown;
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

const sums = sql`count(*) as n, coalesce(sum(duration_minutes), 0) as minutes, coalesce(sum(travel_minutes), 0) as travel`;

/**
 * The period's interventions aggregated with GROUPING SETS, in two queries run at once (each on its own
 * connection, so on its own core): channels, domains, months and the total; then members and technicians.
 * The month comes from a join on the period's months (as Paris instants, clamped to the period), one index
 * range scan each, rather than from a time-zone conversion of every row, which cost more than the rest.
 */
async function interventionGroups(ctx: Pick<Ctx, 'db'>, p: Period, organisationId: string | null): Promise<GroupRow[]> {
  const { lo, hi } = bounds(p);
  const [byService, byWho] = await Promise.all([
    aggregate<GroupRow>(ctx, sql`
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
    aggregate<GroupRow>(ctx, sql`
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

async function ticketFigures(ctx: Pick<Ctx, 'db'>, p: Period, organisationId: string | null) {
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

async function workshopAndVisits(ctx: Pick<Ctx, 'db'>, p: Period, organisationId: string | null) {
  const { lo, hi } = bounds(p);
  const result = await ctx.db.execute(sql`
    select
      (select count(*) from ${workshopItems} where received_on between ${p.from}::date and ${p.to}::date${orgFilter(sql`organisation_id`, organisationId)}) as received,
      (select count(*) from ${workshopItems} where returned_on between ${p.from}::date and ${p.to}::date${orgFilter(sql`organisation_id`, organisationId)}) as returned,
      (select count(*) from ${visits} where not cancelled and starts_at >= ${lo} and starts_at < ${hi}${orgFilter(sql`organisation_id`, organisationId)}) as visits`);
  return rowsOf<Record<string, unknown>>(result)[0] ?? {};
}

const nullableNumber = (v: unknown) => (v === null || v === undefined ? null : Number(v));
const compliance = (measured: unknown, met: unknown): Compliance => {
  const m = toNumber(measured);
  const ok = toNumber(met);
  return { measured: m, met: ok, rate: m === 0 ? null : ok / m };
};

/** Computes the report without checking permissions: callers authorise (see activityReport, memberReport). */
export async function computeActivity(ctx: Pick<Ctx, 'db'>, period: Period, organisationId: string | null = null): Promise<ActivityReport> {
  const [groups, t, wv, domainRows] = await Promise.all([
    interventionGroups(ctx, period, organisationId),
    ticketFigures(ctx, period, organisationId),
    workshopAndVisits(ctx, period, organisationId),
    listDomains(ctx),
  ]);
  const domainLabels = new Map(domainRows.map((d) => [d.code, d.label]));
  const of = (set: Breakdown) => groups.filter((r) => r.set === set);
  const byCount = <T extends { count: number }>(a: T, b: T) => b.count - a.count;

  const channelRows = new Map(of('channel').map((r) => [r.channel, r]));
  const channels = CHANNELS.map((c) => ({ channel: c, label: CHANNEL_REPORT_LABELS[c], count: toNumber(channelRows.get(c)?.n), minutes: toNumber(channelRows.get(c)?.minutes) }));
  const totalRow = of('total')[0];


  const months = monthsOf(period).map((month) => {
    const byChannel = Object.fromEntries(CHANNELS.map((c) => [c, 0])) as Record<Channel, number>;
    for (const r of of('monthChannel')) if (r.month === month && r.channel && isChannel(r.channel)) byChannel[r.channel] = toNumber(r.n);
    return { month, label: monthLabel(month), total: CHANNELS.reduce((s, c) => s + byChannel[c], 0), byChannel };
  });

  return {
    period,
    organisationId,
    total: toNumber(totalRow?.n),
    totalMinutes: toNumber(totalRow?.minutes),
    channels,
    domains: of('domain')
      .map((r) => ({ code: r.domain!, label: domainLabels.get(r.domain!) ?? r.domain!, count: toNumber(r.n) }))
      .sort((a, b) => byCount(a, b) || a.label.localeCompare(b.label, 'fr')),
    members: of('org')
      .map((r) => ({ organisationId: r.org!, name: r.name ?? 'Collectivité supprimée', count: toNumber(r.n), minutes: toNumber(r.minutes) }))
      .sort((a, b) => b.count - a.count || a.name.localeCompare(b.name, 'fr')),
    technicians: of('tech')
      .map((r) => ({ userId: r.tech, name: r.tech ? (r.name ?? 'Compte supprimé') : 'Non renseigné', count: toNumber(r.n), minutes: toNumber(r.minutes) }))
      .sort((a, b) => byCount(a, b) || a.name.localeCompare(b.name, 'fr')),
    months,
    tickets: {
      opened: toNumber(t.opened),
      resolved: toNumber(t.resolved),
      medianFirstResponseMinutes: nullableNumber(t.median_first),
      medianResolutionMinutes: nullableNumber(t.median_resolution),
      firstResponseSla: compliance(t.fr_measured, t.fr_met),
      resolutionSla: compliance(t.res_measured, t.res_met),
    },
    satisfaction: { average: nullableNumber(t.rating_avg), count: toNumber(t.rating_count) },
    workshop: { interventions: channels.find((c) => c.channel === 'workshop')!.count, itemsReceived: toNumber(wv.received), itemsReturned: toNumber(wv.returned) },
    visits: { onsiteInterventions: channels.find((c) => c.channel === 'onsite')!.count, planned: toNumber(wv.visits), travelMinutes: toNumber(totalRow?.travel) },
  };
}

/** Reports being computed, per database and period: concurrent requests for the same report share one computation. */
const inFlight = new WeakMap<object, Map<string, Promise<ActivityReport>>>();

/**
 * The service's report, computed once for every request asking for it at the same time (ten people opening the
 * yearly report at national scale would otherwise run ten half-second aggregates on the same rows). Nothing is
 * kept once computed: the next request computes again, so there is no staleness.
 */
function sharedActivity(ctx: Pick<Ctx, 'db'>, period: Period): Promise<ActivityReport> {
  let running = inFlight.get(ctx.db);
  if (!running) inFlight.set(ctx.db, (running = new Map()));
  const key = `${period.from}|${period.to}`;
  const existing = running.get(key);
  if (existing) return existing;
  const computing = computeActivity(ctx, period, null).finally(() => running.delete(key));
  running.set(key, computing);
  return computing;
}

/** The IT service's activity over a period, all members together (syndicate staff). */
export async function activityReport(ctx: Ctx, period: Period): Promise<ActivityReport> {
  // A member's users see their own report only (memberReport), never the whole service's figures.
  if (authorize(ctx.actor, 'reports.read') !== 'all') throw new Forbidden();
  return sharedActivity(ctx, period);
}
