import { inArray, sql, type SQL } from 'drizzle-orm';
import type { Ctx } from '../../platform/context.ts';
import { authorize } from '../../platform/auth/permissions.ts';
import { Forbidden } from '../../platform/errors.ts';
import { inTransaction, rowsOf, toNumber } from '../../platform/db/index.ts';
import { organisations } from '../members/index.ts';
import { helpdeskDomains, interventions, tickets, visits, workshopItems } from '../helpdesk/index.ts';
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

interface GroupRow {
  g: number;
  channel: string | null;
  domain: string | null;
  org: string | null;
  tech: string | null;
  month: string | null;
  n: unknown;
  minutes: unknown;
  travel: unknown;
}

/**
 * One pass over the period's interventions with GROUPING SETS: every breakdown of the report comes out of
 * the same scan (the `grouping()` bitmask says which breakdown a row belongs to). The month comes from a
 * join on the period's months (as Paris instants, clamped to the period), one index range scan each,
 * rather than from a time-zone conversion of every row, which cost more than the rest of the aggregate.
 */
async function interventionGroups(ctx: Pick<Ctx, 'db'>, p: Period, organisationId: string | null) {
  const { lo, hi } = bounds(p);
  return aggregate<GroupRow>(ctx, sql`
    select grouping(channel, domain, organisation_id, technician_id, m)::int as g,
           channel::text as channel, domain, organisation_id::text as org, technician_id::text as tech,
           to_char(m, 'YYYY-MM') as month, count(*) as n,
           coalesce(sum(duration_minutes), 0) as minutes, coalesce(sum(travel_minutes), 0) as travel
    from (
      select months.m, i.channel, i.domain, i.organisation_id, i.technician_id, i.duration_minutes, i.travel_minutes
      from (
        select m, greatest(m at time zone 'Europe/Paris', ${lo}) as lo, least((m + interval '1 month') at time zone 'Europe/Paris', ${hi}) as hi
        from generate_series(date_trunc('month', (${p.from})::date::timestamp), (${p.to})::date::timestamp, interval '1 month') m
      ) months
      join ${interventions} i on i.started_at >= months.lo and i.started_at < months.hi${orgFilter(sql`i.organisation_id`, organisationId)}
    ) i
    group by grouping sets ((channel), (domain), (organisation_id), (technician_id), (m, channel), ())`);
}

// grouping() bits, in argument order: channel 16, domain 8, organisation 4, technician 2, month 1.
const G = { channel: 15, domain: 23, org: 27, tech: 29, monthChannel: 14, total: 31 } as const;

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
    ctx.db.select({ code: helpdeskDomains.code, label: helpdeskDomains.label }).from(helpdeskDomains),
  ]);
  const domainLabels = new Map(domainRows.map((d) => [d.code, d.label]));
  const of = (g: number) => groups.filter((r) => toNumber(r.g) === g);
  const byCount = <T extends { count: number }>(a: T, b: T) => b.count - a.count;

  const channelRows = new Map(of(G.channel).map((r) => [r.channel, r]));
  const channels = CHANNELS.map((c) => ({ channel: c, label: CHANNEL_REPORT_LABELS[c], count: toNumber(channelRows.get(c)?.n), minutes: toNumber(channelRows.get(c)?.minutes) }));
  const totalRow = of(G.total)[0];

  const orgIds = of(G.org).map((r) => r.org!);
  const techIds = of(G.tech).flatMap((r) => (r.tech ? [r.tech] : []));
  const [orgNames, techNames] = await Promise.all([
    orgIds.length ? ctx.db.select({ id: organisations.id, name: organisations.name }).from(organisations).where(inArray(organisations.id, orgIds)) : [],
    techIds.length ? ctx.db.select({ id: users.id, name: users.name }).from(users).where(inArray(users.id, techIds)) : [],
  ]);
  const orgName = new Map(orgNames.map((o) => [o.id, o.name]));
  const techName = new Map(techNames.map((u) => [u.id, u.name]));

  const months = monthsOf(period).map((month) => {
    const byChannel = Object.fromEntries(CHANNELS.map((c) => [c, 0])) as Record<Channel, number>;
    for (const r of of(G.monthChannel)) if (r.month === month && r.channel && isChannel(r.channel)) byChannel[r.channel] = toNumber(r.n);
    return { month, label: monthLabel(month), total: CHANNELS.reduce((s, c) => s + byChannel[c], 0), byChannel };
  });

  return {
    period,
    organisationId,
    total: toNumber(totalRow?.n),
    totalMinutes: toNumber(totalRow?.minutes),
    channels,
    domains: of(G.domain)
      .map((r) => ({ code: r.domain!, label: domainLabels.get(r.domain!) ?? r.domain!, count: toNumber(r.n) }))
      .sort((a, b) => byCount(a, b) || a.label.localeCompare(b.label, 'fr')),
    members: of(G.org)
      .map((r) => ({ organisationId: r.org!, name: orgName.get(r.org!) ?? 'Collectivité supprimée', count: toNumber(r.n), minutes: toNumber(r.minutes) }))
      .sort((a, b) => b.count - a.count || a.name.localeCompare(b.name, 'fr')),
    technicians: of(G.tech)
      .map((r) => ({ userId: r.tech, name: r.tech ? (techName.get(r.tech) ?? 'Compte supprimé') : 'Non renseigné', count: toNumber(r.n), minutes: toNumber(r.minutes) }))
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

/** The IT service's activity over a period, all members together (syndicate staff). */
export async function activityReport(ctx: Ctx, period: Period): Promise<ActivityReport> {
  // A member's users see their own report only (memberReport), never the whole service's figures.
  if (authorize(ctx.actor, 'reports.read') !== 'all') throw new Forbidden();
  return computeActivity(ctx, period, null);
}
