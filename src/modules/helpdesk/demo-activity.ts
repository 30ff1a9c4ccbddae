import { randomUUID } from 'node:crypto';
import { sql, type SQL } from 'drizzle-orm';
import type { Ctx } from '../../platform/context.ts';
import { CHANNELS, type Channel } from './workflow.ts';

/**
 * Plausible IT-service activity for the demonstration: exact counts per channel, spread over members
 * (weighted by population), months (quiet August, busy budget and closing months), domains (which depend on
 * the channel) and technicians. Deterministic for a given seed, so the demo's 2019 always shows the same
 * report. Rows go straight into the helpdesk's tables, in batches.
 */
export interface ActivityPlan {
  year: number;
  perChannel: Record<Channel, number>;
  seed: number;
  organisations: { id: string; population: number | null }[];
  technicianIds: string[];
  /** Nothing is generated after this instant (for the current year). */
  until?: Date;
}

/** mulberry32: small, fast and good enough to spread demo data. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function weighted<T>(rand: () => number, items: T[], weights: number[]): T {
  const total = weights.reduce((s, w) => s + w, 0);
  let x = rand() * total;
  for (let i = 0; i < items.length; i++) {
    x -= weights[i]!;
    if (x < 0) return items[i]!;
  }
  return items[items.length - 1]!;
}

// January (budgets), March–April (accounts, 2019's European elections in May), quiet August.
const MONTH_WEIGHTS = [11, 9, 11, 10, 10, 8, 7, 4, 9, 9, 8, 7];
const DOMAINS_BY_CHANNEL: Record<Channel, [string[], number[]]> = {
  phone: [['comptabilite', 'elections', 'etat-civil', 'marches-publics', 'numerique', 'securite', 'materiel'], [34, 12, 14, 6, 14, 8, 12]],
  remote: [['comptabilite', 'elections', 'etat-civil', 'marches-publics', 'numerique', 'securite', 'reseau'], [38, 10, 14, 6, 14, 8, 10]],
  email: [['comptabilite', 'elections', 'etat-civil', 'marches-publics', 'numerique', 'securite'], [30, 10, 12, 14, 20, 14]],
  onsite: [['materiel', 'reseau', 'comptabilite', 'numerique', 'securite'], [36, 24, 14, 16, 10]],
  workshop: [['materiel', 'reseau', 'securite'], [78, 12, 10]],
};
const DURATIONS: Record<Channel, [number, number]> = { phone: [5, 25], remote: [15, 70], email: [5, 20], onsite: [60, 200], workshop: [30, 150] };
const SUMMARIES: Record<Channel, string> = {
  phone: 'Conseil par téléphone',
  remote: 'Prise en main à distance',
  email: 'Réponse par courriel',
  onsite: 'Intervention en mairie',
  workshop: 'Réparation à l’atelier',
};

/** Paris office hours on a working day of the month, as a UTC instant. */
function workingInstant(rand: () => number, year: number, month: number): Date {
  for (;;) {
    const day = 1 + Math.floor(rand() * 28);
    const d = new Date(Date.UTC(year, month, day, 7 + Math.floor(rand() * 9), Math.floor(rand() * 60)));
    const wd = d.getUTCDay();
    if (wd !== 0 && wd !== 6) return d;
  }
}

const ts = (d: Date | null) => (d ? sql`${d.toISOString()}::timestamptz` : sql`null`);

async function insertBatches(ctx: Pick<Ctx, 'db'>, head: SQL, rows: SQL[]) {
  for (let i = 0; i < rows.length; i += 400) {
    await ctx.db.execute(sql`${head} values ${sql.join(rows.slice(i, i + 400), sql`, `)}`);
  }
}

/** Writes the planned activity; returns the number of interventions per channel actually written. */
export async function generateActivity(ctx: Pick<Ctx, 'db'>, plan: ActivityPlan): Promise<Record<Channel, number>> {
  if (plan.organisations.length === 0) throw new Error('Aucune collectivité : chargez les collectivités avant l’activité.');
  const rand = prng(plan.seed);
  const orgWeights = plan.organisations.map((o) => Math.sqrt(Math.max(50, o.population ?? 300)));
  const until = plan.until?.getTime() ?? Infinity;
  const lastMonth = plan.until && plan.until.getUTCFullYear() === plan.year ? plan.until.getUTCMonth() : 11;
  const months = Array.from({ length: lastMonth + 1 }, (_, i) => i);
  const tickets: SQL[] = [];
  const interventions: SQL[] = [];
  const workshop: SQL[] = [];
  const visits: SQL[] = [];
  const written = Object.fromEntries(CHANNELS.map((c) => [c, 0])) as Record<Channel, number>;
  let previous: { id: string; org: string; domain: string; start: Date } | null = null;
  for (const channel of CHANNELS) {
    for (let n = 0; n < plan.perChannel[channel]; n++) {
      // About a quarter of the interventions follow up the previous request, a few days later.
      const followUp: boolean = previous !== null && rand() < 0.25;
      const yearEnd = Math.min(until, Date.UTC(plan.year, 11, 31, 16));
      let start: Date = followUp
        ? new Date(Math.min(yearEnd, previous!.start.getTime() + (1 + Math.floor(rand() * 5)) * 86_400_000))
        : workingInstant(rand, plan.year, weighted(rand, months, months.map((m) => MONTH_WEIGHTS[m]!)));
      if (start.getTime() > until) start = new Date(until - (1 + Math.floor(rand() * 20)) * 86_400_000);
      const org: string = followUp ? previous!.org : weighted(rand, plan.organisations, orgWeights).id;
      const domain: string = followUp ? previous!.domain : weighted(rand, ...DOMAINS_BY_CHANNEL[channel]);
      const [lo, hi] = DURATIONS[channel];
      const duration = lo + Math.floor(rand() * (hi - lo));
      const travel = channel === 'onsite' ? 15 + Math.floor(rand() * 50) : 0;
      const technician = plan.technicianIds.length ? plan.technicianIds[Math.floor(rand() * plan.technicianIds.length)]! : null;
      let ticketId: string;
      if (followUp) ticketId = previous!.id;
      else {
        ticketId = randomUUID();
        const created = new Date(start.getTime() - Math.floor(rand() * 180) * 60_000);
        const resolved = new Date(start.getTime() + (duration + Math.floor(rand() * 2 * 24 * 60)) * 60_000);
        const done = resolved.getTime() <= until;
        const rating = done && rand() < 0.3 ? weighted(rand, [2, 3, 4, 5], [1, 3, 10, 12]) : null;
        tickets.push(sql`(${ticketId}::uuid, ${org}::uuid, ${domain}, ${`${SUMMARIES[channel]} (${domain})`}, 'staff', ${done ? 'closed' : 'in_progress'}, ${channel}::intervention_channel,
          ${ts(created)}, ${ts(start)}, ${ts(start)}, ${ts(done ? resolved : null)}, ${ts(done ? resolved : null)}, ${ts(new Date(created.getTime() + 4 * 3600_000))},
          ${ts(new Date(created.getTime() + 3 * 86_400_000))}, ${rating}, ${technician}::uuid)`);
        previous = { id: ticketId, org, domain, start };
      }
      interventions.push(sql`(${org}::uuid, ${ticketId}::uuid, ${channel}::intervention_channel, ${technician}::uuid, ${ts(start)}, ${duration}, ${travel}, ${domain}, ${SUMMARIES[channel]}, ${ts(start)})`);
      if (channel === 'workshop' && n % 2 === 0) {
        const received = start.toISOString().slice(0, 10);
        const returned = new Date(start.getTime() + (3 + Math.floor(rand() * 12)) * 86_400_000);
        const back = returned.getTime() <= until;
        workshop.push(sql`(${org}::uuid, ${ticketId}::uuid, ${`PC-${plan.year}-${n}`}, 'Poste de travail', ${received}::date, ${back ? returned.toISOString().slice(0, 10) : null}::date, ${back ? 'returned' : 'repair'}, ${ts(start)})`);
      }
      if (channel === 'onsite' && technician) visits.push(sql`(${org}::uuid, ${ticketId}::uuid, ${technician}::uuid, ${ts(start)}, ${duration}, 'Intervention sur site', ${ts(start)})`);
      written[channel] += 1;
    }
  }
  await insertBatches(ctx, sql`insert into tickets (id, organisation_id, domain, title, source, status, channel, created_at, updated_at, first_response_at, resolved_at, closed_at, first_response_due_at, resolution_due_at, rating, assignee_id)`, tickets);
  await insertBatches(ctx, sql`insert into interventions (organisation_id, ticket_id, channel, technician_id, started_at, duration_minutes, travel_minutes, domain, summary, created_at)`, interventions);
  await insertBatches(ctx, sql`insert into workshop_items (organisation_id, ticket_id, asset_tag, description, received_on, returned_on, status, created_at)`, workshop);
  await insertBatches(ctx, sql`insert into visits (organisation_id, ticket_id, technician_id, starts_at, duration_minutes, purpose, created_at)`, visits);
  return written;
}
