import type { Ctx } from '../../platform/context.ts';
import { authorize } from '../../platform/auth/permissions.ts';
import { Forbidden } from '../../platform/errors.ts';
import { toNumber } from '../../platform/db/index.ts';
import { interventionGroups, listDomains, ticketFigures, workshopAndVisits, type InterventionBreakdown } from '../helpdesk/index.ts';
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
  const of = (set: InterventionBreakdown) => groups.filter((r) => r.set === set);
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
