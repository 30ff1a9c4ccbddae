import { sql } from 'drizzle-orm';
import type { Ctx } from '../../src/platform/context.ts';
import { rowsOf } from '../../src/platform/db/index.ts';

/**
 * Rows of the helpdesk and memberships tables written directly, so that report tests state exactly the
 * figures they expect (the helpdesk's own use cases stamp the current time, which a report test cannot use).
 */
type Db = Pick<Ctx, 'db'>;
const ts = (v: string | null | undefined) => (v ? sql`${v}::timestamptz` : sql`null`);

export async function insertTicket(
  ctx: Db,
  t: { organisationId: string; domain?: string; createdAt: string; firstResponseAt?: string; firstResponseDueAt?: string; resolvedAt?: string; resolutionDueAt?: string; rating?: number },
): Promise<string> {
  const res = await ctx.db.execute(sql`
    insert into tickets (organisation_id, domain, title, source, status, created_at, updated_at, first_response_at, first_response_due_at, resolved_at, resolution_due_at, rating)
    values (${t.organisationId}::uuid, ${t.domain ?? 'comptabilite'}, 'Demande de test', 'staff', ${t.resolvedAt ? 'resolved' : 'in_progress'},
      ${t.createdAt}::timestamptz, ${t.resolvedAt ?? t.createdAt}::timestamptz, ${ts(t.firstResponseAt)}, ${ts(t.firstResponseDueAt)}, ${ts(t.resolvedAt)}, ${ts(t.resolutionDueAt)}, ${t.rating ?? null})
    returning id::text`);
  return rowsOf<{ id: string }>(res)[0]!.id;
}

export async function insertIntervention(
  ctx: Db,
  i: { organisationId: string; ticketId: string; channel: string; startedAt: string; durationMinutes?: number; travelMinutes?: number; technicianId?: string | null; domain?: string },
): Promise<void> {
  await ctx.db.execute(sql`
    insert into interventions (organisation_id, ticket_id, channel, technician_id, started_at, duration_minutes, travel_minutes, domain, created_at)
    values (${i.organisationId}::uuid, ${i.ticketId}::uuid, ${i.channel}::intervention_channel, ${i.technicianId ?? null}::uuid,
      ${i.startedAt}::timestamptz, ${i.durationMinutes ?? 15}, ${i.travelMinutes ?? 0}, ${i.domain ?? 'comptabilite'}, ${i.startedAt}::timestamptz)`);
}

export async function insertWorkshopItem(ctx: Db, w: { organisationId: string; receivedOn: string; returnedOn?: string }) {
  await ctx.db.execute(sql`
    insert into workshop_items (organisation_id, asset_tag, description, received_on, returned_on, status, created_at)
    values (${w.organisationId}::uuid, 'PC-TEST', 'Poste de test', ${w.receivedOn}::date, ${w.returnedOn ?? null}::date, ${w.returnedOn ? 'returned' : 'received'}, ${w.receivedOn}::timestamptz)`);
}

export async function insertVisit(ctx: Db, v: { organisationId: string; technicianId: string; startsAt: string; cancelled?: boolean }) {
  await ctx.db.execute(sql`
    insert into visits (organisation_id, technician_id, starts_at, purpose, cancelled, created_at)
    values (${v.organisationId}::uuid, ${v.technicianId}::uuid, ${v.startsAt}::timestamptz, 'Visite de test', ${v.cancelled ?? false}, ${v.startsAt}::timestamptz)`);
}

/** A convention with one option and a contribution run for the member. Amounts in cents. */
export async function insertConventionAndContribution(
  ctx: Db,
  c: { organisationId: string; organisationName: string; startsOn: string; endsOn: string; runFrom: string; runTo: string; amount: number },
) {
  const conv = rowsOf<{ id: string }>(
    await ctx.db.execute(sql`
      insert into it_conventions (organisation_id, number, status, generation_starts_on, generation_ends_on, starts_on, current_term_ends_on, created_at, updated_at)
      values (${c.organisationId}::uuid, ${`CI-${c.organisationId.slice(0, 8)}`}, 'active', ${c.startsOn}::date, ${c.endsOn}::date, ${c.startsOn}::date, ${c.endsOn}::date, now(), now())
      returning id::text`),
  )[0]!;
  await ctx.db.execute(sql`
    insert into it_convention_options (convention_id, option_code, workstations, starts_on)
    values (${conv.id}::uuid, 'base', 3, ${c.startsOn}::date)`);
  const run = rowsOf<{ id: string }>(
    await ctx.db.execute(sql`
      insert into it_contribution_runs (label, period_start, period_end, grid_id, grid_year, total, created_at)
      values (${`Contributions ${c.runFrom.slice(0, 4)}`}, ${c.runFrom}::date, ${c.runTo}::date, gen_random_uuid(), ${Number(c.runFrom.slice(0, 4))}, ${c.amount}, now())
      returning id::text`),
  )[0]!;
  await ctx.db.execute(sql`
    insert into it_contribution_lines (run_id, organisation_id, organisation_name, convention_id, convention_number, option_code, option_label,
      from_on, to_on, days, period_days, annual, amount, breakdown)
    values (${run.id}::uuid, ${c.organisationId}::uuid, ${c.organisationName}, ${conv.id}::uuid, 'CI', 'base', 'Maintenance de base',
      ${c.runFrom}::date, ${c.runTo}::date, 365, 365, ${c.amount}, ${c.amount}, '{}'::jsonb)`);
  return conv.id;
}
