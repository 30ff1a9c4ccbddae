import { and, eq, gt, inArray } from 'drizzle-orm';
import type { Ctx } from '../../platform/context.ts';
import { inTransaction } from '../../platform/db/index.ts';
import type { Ticket } from './access.ts';
import { notify } from './notifications.ts';
import { tickets } from './schema.ts';
import { loadSettings } from './settings.ts';
import { slaStateOf } from './sla.ts';
import { OPEN_STATUSES, SLA_LABELS } from './workflow.ts';

export const SLA_JOB = 'helpdesk.sla';

/**
 * Recomputes the SLA state of open tickets (stored, so lists filter on it through an index) and mails the
 * assignee once per near-breach and once per breach. Open tickets are a small share of the table.
 */
export async function refreshSlaStates(ctx: Ctx): Promise<{ checked: number; changed: number; notified: number }> {
  const settings = await loadSettings(ctx);
  const now = ctx.clock.now();
  let checked = 0;
  let changed = 0;
  let notified = 0;
  const batch = 500;
  let lastNumber = 0;
  for (;;) {
    const rows: Ticket[] = await ctx.db
      .select()
      .from(tickets)
      .where(and(inArray(tickets.status, OPEN_STATUSES), gtNumber(lastNumber)))
      .orderBy(tickets.number)
      .limit(batch);
    if (!rows.length) break;
    lastNumber = rows[rows.length - 1]!.number;
    for (const t of rows) {
      checked++;
      const state = slaStateOf(t, now, settings.slaTargets, settings.openingHours, settings.nearBreachRatio);
      const alert = state !== 'ok' && t.slaNotified !== state && !(state === 'near' && t.slaNotified === 'breached');
      if (state === t.slaState && !alert) continue;
      await inTransaction(ctx, async (tx) => {
        const [after] = await tx.db
          .update(tickets)
          .set({ slaState: state, ...(alert ? { slaNotified: state } : {}) })
          .where(eq(tickets.id, t.id))
          .returning();
        if (state !== t.slaState) changed++;
        if (alert && (await notify(tx, after!, 'sla', { detail: SLA_LABELS[state], staffOnly: true })) > 0) notified++;
      });
    }
    if (rows.length < batch) break;
  }
  return { checked, changed, notified };
}

function gtNumber(n: number) {
  return n > 0 ? gt(tickets.number, n) : undefined;
}
