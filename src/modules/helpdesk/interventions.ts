import { and, asc, eq } from 'drizzle-orm';
import { z } from 'zod';
import type { Ctx } from '../../platform/context.ts';
import { authorize } from '../../platform/auth/permissions.ts';
import { audit } from '../../platform/audit/index.ts';
import { inTransaction } from '../../platform/db/index.ts';
import { Invalid } from '../../platform/errors.ts';
import { users } from '../identity/index.ts';
import { manageableTicket, readableTicket, type Ticket } from './access.ts';
import { recordEvent } from './events.ts';
import { interventions, tickets } from './schema.ts';
import { CHANNEL_LABELS, CHANNELS, type Channel } from './workflow.ts';

export type Intervention = typeof interventions.$inferSelect;

export const interventionSchema = z.object({
  channel: z.enum(CHANNELS as [Channel, ...Channel[]], { message: 'Canal inconnu.' }),
  technicianId: z.uuid({ message: 'Technicien invalide.' }).nullish(),
  startedAt: z.coerce.date({ message: 'Date et heure invalides.' }).optional(),
  durationMinutes: z.coerce.number({ message: 'Durée en minutes.' }).int('Durée en minutes entières.').min(1, 'Une minute au moins.').max(24 * 60, '24 heures au plus.'),
  travelMinutes: z.coerce.number({ message: 'Temps de trajet en minutes.' }).int().min(0, 'Temps de trajet positif.').max(12 * 60).default(0),
  summary: z.string().trim().max(10_000, 'Résumé trop long.').default(''),
});
export type InterventionInput = z.input<typeof interventionSchema>;

const fieldErrors = (e: z.ZodError) => Object.fromEntries(e.issues.map((i) => [String(i.path[0] ?? '_'), i.message]));

/** Records work on a ticket (staff). The first intervention also counts as the first response. */
export async function addIntervention(ctx: Ctx, ticketId: string, input: InterventionInput): Promise<Intervention> {
  const parsed = interventionSchema.safeParse(input);
  if (!parsed.success) throw new Invalid('L’intervention n’a pas pu être enregistrée.', fieldErrors(parsed.error));
  const v = parsed.data;
  if (v.channel !== 'onsite') v.travelMinutes = 0;
  return inTransaction(ctx, async (tx) => {
    const t = await manageableTicket(tx, ticketId);
    const technicianId = v.technicianId ?? tx.actor!.userId;
    if (v.technicianId) {
      const [u] = await tx.db.select({ roles: users.roles }).from(users).where(eq(users.id, v.technicianId));
      if (!u || !u.roles.some((r) => r === 'technician' || r === 'admin')) throw new Invalid('Technicien inconnu.', { technicianId: 'Choisissez un technicien.' });
    }
    const now = tx.clock.now();
    const startedAt = v.startedAt ?? new Date(now.getTime() - v.durationMinutes * 60_000);
    if (startedAt.getTime() > now.getTime() + 366 * 86_400_000) throw new Invalid('Date invalide.', { startedAt: 'Date trop lointaine.' });
    const [row] = await tx.db
      .insert(interventions)
      .values({ organisationId: t.organisationId, ticketId: t.id, channel: v.channel, technicianId, startedAt, durationMinutes: v.durationMinutes, travelMinutes: v.travelMinutes, domain: t.domain, summary: v.summary, createdAt: now })
      .returning();
    const patch: Partial<Ticket> = { updatedAt: now };
    if (!t.firstResponseAt) patch.firstResponseAt = now;
    if (!t.channel) patch.channel = v.channel;
    if (!t.assigneeId) patch.assigneeId = technicianId;
    if (t.status === 'new') patch.status = 'in_progress';
    await tx.db.update(tickets).set(patch).where(eq(tickets.id, t.id));
    await recordEvent(tx, t, 'intervention', { to: `${CHANNEL_LABELS[v.channel]}, ${v.durationMinutes} min` });
    if (patch.status) await recordEvent(tx, t, 'status', { from: t.status, to: patch.status });
    await audit(tx, { action: 'intervention.create', entity: 'intervention', entityId: row!.id, organisationId: t.organisationId, after: row });
    return row!;
  });
}

export async function listInterventions(ctx: Ctx, ticketId: string): Promise<Intervention[]> {
  const t = await readableTicket(ctx, ticketId);
  authorize(ctx.actor, 'tickets.read', t.organisationId);
  return ctx.db.select().from(interventions).where(and(eq(interventions.ticketId, t.id), eq(interventions.organisationId, t.organisationId))).orderBy(asc(interventions.startedAt));
}
