import { performance } from 'node:perf_hooks';
import { eq, sql } from 'drizzle-orm';
import pino from 'pino';
import { loadConfig } from '../../src/config.ts';
import { systemClock, type Ctx } from '../../src/platform/context.ts';
import { rowsOf, type DbHandle } from '../../src/platform/db/index.ts';
import { users } from '../../src/modules/identity/index.ts';
import { listTickets } from '../../src/modules/helpdesk/queue.ts';
import { queuePageQuery } from '../../src/modules/helpdesk/http/forms.ts';
import { createTicket } from '../../src/modules/helpdesk/index.ts';
import { computeActivity } from '../../src/modules/reports/index.ts';
import { summarize, type Summary } from './stats.ts';
import { technicianEmail } from './volumes.ts';
import { FILTERED_QUEUE, REPORT_PERIOD } from './scenarios.ts';

export interface DbTiming {
  key: string;
  label: string;
  ms: Summary;
}

/** The member with the most tickets: its sheet and its new tickets are the heaviest of the data set. */
export async function busiestMember(handle: DbHandle): Promise<string> {
  return rowsOf<{ id: string }>(await handle.db.execute(sql`select organisation_id::text as id from tickets group by 1 order by count(*) desc, 1 limit 1`))[0]!.id;
}

async function time(runs: number, fn: () => Promise<unknown>): Promise<Summary> {
  await fn(); // warm-up: plans and caches, as in a running server
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await fn();
    ms.push(performance.now() - start);
  }
  return summarize(ms);
}

/**
 * The key queries through the use cases the pages call (same code, no HTTP): the queue's first and a
 * filtered page, the yearly report, a ticket insert (with its history and audit rows).
 */
export async function dbTimings(handle: DbHandle, runs: number): Promise<DbTiming[]> {
  const [tech] = await handle.db.select().from(users).where(eq(users.email, technicianEmail(0)));
  if (!tech) throw new Error('Technicien du banc d’essai introuvable : la base a-t-elle été remplie par bench:data ?');
  const ctx: Ctx = {
    db: handle.db,
    clock: systemClock,
    log: pino({ level: 'silent' }),
    config: loadConfig({ LOG_LEVEL: 'silent' }),
    actor: { userId: tech.id, email: tech.email, name: tech.name, organisationId: tech.organisationId, side: 'syndicate', roles: ['technician'] },
  };
  const memberId = await busiestMember(handle);
  return [
    { key: 'queue', label: 'File des demandes, 1re page (listTickets)', ms: await time(runs, () => listTickets(ctx, queuePageQuery({}).tickets)) },
    { key: 'queueFiltered', label: 'File filtrée (listTickets)', ms: await time(runs, () => listTickets(ctx, queuePageQuery({ ...FILTERED_QUEUE }).tickets)) },
    { key: 'yearlyReport', label: 'Rapport annuel (computeActivity)', ms: await time(Math.max(3, Math.round(runs / 4)), () => computeActivity(ctx, REPORT_PERIOD)) },
    {
      key: 'ticketInsert',
      label: 'Création de demande (createTicket)',
      ms: await time(runs, () => createTicket(ctx, { organisationId: memberId, domain: 'comptabilite', title: 'Mandat rejeté par la trésorerie', description: 'Mesure du banc d’essai.' })),
    },
  ];
}
