import type { Ctx } from '../../platform/context.ts';
import { ticketEvents } from './schema.ts';

export type EventKind =
  | 'created'
  | 'status'
  | 'assigned'
  | 'priority'
  | 'domain'
  | 'comment'
  | 'note'
  | 'intervention'
  | 'attachment'
  | 'rating'
  | 'mail';

/** One line of the ticket's history, written in the same transaction as the change it describes. */
export async function recordEvent(
  ctx: Pick<Ctx, 'db' | 'actor' | 'clock'>,
  ticket: { id: string; organisationId: string },
  kind: EventKind,
  values: { from?: string | null; to?: string | null; internal?: boolean; actorName?: string } = {},
): Promise<void> {
  await ctx.db.insert(ticketEvents).values({
    ticketId: ticket.id,
    organisationId: ticket.organisationId,
    at: ctx.clock.now(),
    actorId: ctx.actor?.userId ?? null,
    actorName: values.actorName ?? ctx.actor?.name ?? 'Système',
    kind,
    fromValue: values.from ?? null,
    toValue: values.to ?? null,
    internal: values.internal ?? false,
  });
}
