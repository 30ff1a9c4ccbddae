import { sql } from 'drizzle-orm';
import type { Ctx } from '../../platform/context.ts';
import { rowsOf, toNumber } from '../../platform/db/index.ts';
import type { ConventionState } from './lifecycle.ts';
import { contributionLines, contributionRuns, conventionOptions, conventions, tariffGrids, tariffOptions } from './schema.ts';

/**
 * What a member holds over a period, for the reports: its conventions and their options, and its frozen
 * contributions. No permission is checked here: the caller authorises (a member's report).
 */
export interface DatedPeriod {
  from: string; // YYYY-MM-DD
  to: string; // YYYY-MM-DD, included
}

export interface HeldConvention {
  id: string;
  number: string;
  status: ConventionState;
  startsOn: string;
  /** The termination date, or the generation's end. */
  endsOn: string;
  options: { code: string; label: string; workstations: number; gigabytes: number }[];
}

export interface RunContribution {
  runLabel: string;
  periodStart: string;
  periodEnd: string;
  /** The member's whole contribution of the run, in cents. */
  amount: number;
}

/** The member's conventions in force at some point of the period (drafts and abandoned ones never are). */
export async function conventionsHeldOver(ctx: Pick<Ctx, 'db'>, organisationId: string, p: DatedPeriod): Promise<HeldConvention[]> {
  const rows = rowsOf<{ id: string; number: string; status: ConventionState; starts_on: string; ends_on: string }>(
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

/** The member's contribution in each run whose period meets the given one, oldest first. */
export async function contributionsOver(ctx: Pick<Ctx, 'db'>, organisationId: string, p: DatedPeriod): Promise<RunContribution[]> {
  const rows = rowsOf<{ label: string; period_start: string; period_end: string; amount: unknown }>(
    await ctx.db.execute(sql`
      select r.label, r.period_start::text, r.period_end::text, sum(l.amount) as amount
      from ${contributionLines} l join ${contributionRuns} r on r.id = l.run_id
      where l.organisation_id = ${organisationId}::uuid
        and r.period_start <= ${p.to}::date and r.period_end >= ${p.from}::date
      group by r.id, r.label, r.period_start, r.period_end
      order by r.period_start`),
  );
  return rows.map((r) => ({ runLabel: r.label, periodStart: r.period_start, periodEnd: r.period_end, amount: toNumber(r.amount) }));
}
