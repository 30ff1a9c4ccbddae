import { z } from '@hono/zod-openapi';
import { cents, isoDate, isoInstant, uuid } from '../../../platform/http/api.ts';
import { CONVENTION_STATES } from '../../memberships/index.ts';
import type { ActivityReport, Compliance } from '../activity.ts';
import { CHANNELS } from '../channels.ts';
import type { PublishedKeyFigures } from '../key-figures.ts';
import type { MemberReport } from '../member-report.ts';

/** The reports API's answers (ADR 0003): counts and durations as numbers, money in cents, channels as codes. */
const channel = z.enum(CHANNELS);
const count = () => z.number().int();
const minutes = () => z.number().describe('Minutes');
const PeriodDto = z.object({ from: isoDate(), to: isoDate().describe('Dernier jour inclus') }).openapi('ReportPeriod');
const ComplianceDto = z.object({ measured: count(), met: count(), rate: z.number().nullable().describe('Part respectée, 0 à 1 ; null sans mesure') }).openapi('SlaCompliance');
const presentCompliance = (c: Compliance) => ({ measured: c.measured, met: c.met, rate: c.rate });

export const ActivityReportDto = z
  .object({
    period: PeriodDto,
    organisationId: uuid().nullable(),
    total: count(),
    totalMinutes: minutes(),
    channels: z.array(z.object({ channel, count: count(), minutes: minutes() })),
    domains: z.array(z.object({ code: z.string(), label: z.string(), count: count() })),
    members: z.array(z.object({ organisationId: uuid(), name: z.string(), count: count(), minutes: minutes() })),
    technicians: z.array(z.object({ userId: uuid().nullable(), name: z.string(), count: count(), minutes: minutes() })),
    months: z.array(z.object({ month: z.string().describe('AAAA-MM'), total: count(), byChannel: z.object(Object.fromEntries(CHANNELS.map((c) => [c, count()])) as Record<(typeof CHANNELS)[number], z.ZodNumber>) })),
    tickets: z.object({
      opened: count(),
      resolved: count(),
      medianFirstResponseMinutes: z.number().nullable(),
      medianResolutionMinutes: z.number().nullable(),
      firstResponseSla: ComplianceDto,
      resolutionSla: ComplianceDto,
    }),
    satisfaction: z.object({ average: z.number().nullable().describe('Note moyenne sur 5'), count: count() }),
    workshop: z.object({ interventions: count(), itemsReceived: count(), itemsReturned: count() }),
    visits: z.object({ onsiteInterventions: count(), planned: count(), travelMinutes: minutes() }),
  })
  .openapi('ActivityReport');
export const presentActivity = (r: ActivityReport): z.infer<typeof ActivityReportDto> => ({
  period: { from: r.period.from, to: r.period.to },
  organisationId: r.organisationId,
  total: r.total,
  totalMinutes: r.totalMinutes,
  channels: r.channels.map((c) => ({ channel: c.channel, count: c.count, minutes: c.minutes })),
  domains: r.domains.map((d) => ({ code: d.code, label: d.label, count: d.count })),
  members: r.members.map((m) => ({ organisationId: m.organisationId, name: m.name, count: m.count, minutes: m.minutes })),
  technicians: r.technicians.map((t) => ({ userId: t.userId, name: t.name, count: t.count, minutes: t.minutes })),
  months: r.months.map((m) => ({ month: m.month, total: m.total, byChannel: { ...m.byChannel } })),
  tickets: {
    opened: r.tickets.opened,
    resolved: r.tickets.resolved,
    medianFirstResponseMinutes: r.tickets.medianFirstResponseMinutes,
    medianResolutionMinutes: r.tickets.medianResolutionMinutes,
    firstResponseSla: presentCompliance(r.tickets.firstResponseSla),
    resolutionSla: presentCompliance(r.tickets.resolutionSla),
  },
  satisfaction: { average: r.satisfaction.average, count: r.satisfaction.count },
  workshop: { interventions: r.workshop.interventions, itemsReceived: r.workshop.itemsReceived, itemsReturned: r.workshop.itemsReturned },
  visits: { onsiteInterventions: r.visits.onsiteInterventions, planned: r.visits.planned, travelMinutes: r.visits.travelMinutes },
});

export const MemberReportDto = z
  .object({
    organisation: z.object({ id: uuid(), name: z.string(), population: z.number().int().nullable() }),
    activity: ActivityReportDto,
    conventions: z.array(
      z.object({
        id: uuid(),
        number: z.string(),
        status: z.enum(CONVENTION_STATES),
        startsOn: isoDate(),
        endsOn: isoDate(),
        options: z.array(z.object({ code: z.string(), label: z.string(), workstations: count(), gigabytes: count() })),
      }),
    ),
    contributions: z.array(
      z.object({ runLabel: z.string(), periodStart: isoDate(), periodEnd: isoDate(), amountCents: cents(), inPeriodCents: cents().describe('Part de la contribution qui tombe dans la période (au prorata des jours)') }),
    ),
    contributionInPeriodCents: cents(),
    costPerInterventionCents: cents().nullable(),
    costPerHourCents: cents().nullable(),
  })
  .openapi('MemberReport');
export const presentMemberReport = (m: MemberReport): z.infer<typeof MemberReportDto> => ({
  organisation: { id: m.organisation.id, name: m.organisation.name, population: m.organisation.population },
  activity: presentActivity(m.activity),
  conventions: m.conventions.map((c) => ({
    id: c.id,
    number: c.number,
    status: c.status,
    startsOn: c.startsOn,
    endsOn: c.endsOn,
    options: c.options.map((o) => ({ code: o.code, label: o.label, workstations: o.workstations, gigabytes: o.gigabytes })),
  })),
  contributions: m.contributions.map((c) => ({ runLabel: c.runLabel, periodStart: c.periodStart, periodEnd: c.periodEnd, amountCents: c.amount, inPeriodCents: c.inPeriod })),
  contributionInPeriodCents: m.contributionInPeriod,
  costPerInterventionCents: m.costPerIntervention,
  costPerHourCents: m.costPerHour,
});

export const KeyFiguresDto = z
  .object({
    id: uuid(),
    year: z.number().int(),
    publishedAt: isoInstant(),
    figures: z.object({
      interventions: count(),
      channels: z.array(z.object({ channel, count: count() })),
      membersServed: count(),
      hoursOfWork: count(),
      ticketsResolved: count(),
      satisfactionAverage: z.number().nullable(),
      satisfactionCount: count(),
      medianResolutionHours: z.number().nullable(),
    }),
  })
  .openapi('KeyFigures');
export const presentKeyFigures = (p: PublishedKeyFigures): z.infer<typeof KeyFiguresDto> => ({
  id: p.id,
  year: p.year,
  publishedAt: p.publishedAt.toISOString(),
  figures: {
    interventions: p.figures.interventions,
    channels: p.figures.channels.filter((c) => (CHANNELS as readonly string[]).includes(c.channel)).map((c) => ({ channel: c.channel as (typeof CHANNELS)[number], count: c.count })),
    membersServed: p.figures.membersServed,
    hoursOfWork: p.figures.hoursOfWork,
    ticketsResolved: p.figures.ticketsResolved,
    satisfactionAverage: p.figures.satisfactionAverage,
    satisfactionCount: p.figures.satisfactionCount,
    medianResolutionHours: p.figures.medianResolutionHours,
  },
});
