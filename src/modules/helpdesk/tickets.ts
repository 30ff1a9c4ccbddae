import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import type { Ctx } from '../../platform/context.ts';
import { authorize, can } from '../../platform/auth/permissions.ts';
import { audit } from '../../platform/audit/index.ts';
import { inTransaction } from '../../platform/db/index.ts';
import { Conflict, Forbidden, Invalid } from '../../platform/errors.ts';
import { users } from '../identity/index.ts';
import { checkMemberRefs, isHelpdeskStaff, manageableTicket, readableTicket, type Ticket } from './access.ts';
import { recordEvent } from './events.ts';
import { notify } from './notifications.ts';
import { memberSoftware, tickets } from './schema.ts';
import { listDomains, loadSettings } from './settings.ts';
import { addBusinessMinutes, resumeDueDates, slaStateOf } from './sla.ts';
import { canTransition, CHANNELS, STATUS_LABELS, type TicketStatus } from './workflow.ts';

const fieldErrors = (e: z.ZodError) => Object.fromEntries(e.issues.map((i) => [String(i.path[0] ?? '_'), i.message]));
const uuid = z.uuid({ message: 'Identifiant invalide.' });

export const createTicketSchema = z.object({
  organisationId: uuid,
  domain: z.string().min(1, 'Choisissez un domaine.'),
  title: z.string().trim().min(3, 'Titre de 3 caractères au moins.').max(200, 'Titre de 200 caractères au plus.'),
  description: z.string().max(50_000, 'Description trop longue.').default(''),
  priority: z.enum(['low', 'normal', 'high', 'urgent'], { message: 'Priorité inconnue.' }).default('normal'),
  softwareId: uuid.nullish(),
  requesterUserId: uuid.nullish(),
  requesterContactId: uuid.nullish(),
  requesterName: z.string().trim().max(200).nullish(),
  requesterEmail: z.email({ message: 'Adresse électronique invalide.' }).nullish(),
  requesterPhone: z.string().trim().max(40).nullish(),
  assigneeId: uuid.nullish(),
  channel: z.enum(CHANNELS as [string, ...string[]]).nullish(),
  source: z.enum(['portal', 'call', 'email', 'staff']).default('staff'),
});
export type CreateTicketInput = z.input<typeof createTicketSchema>;

async function checkRefs(ctx: Ctx, orgId: string, v: { domain?: string; softwareId?: string | null; assigneeId?: string | null }) {
  if (v.domain !== undefined && !(await listDomains(ctx, { activeOnly: true })).some((d) => d.code === v.domain)) {
    throw new Invalid('Domaine inconnu.', { domain: 'Choisissez un domaine de la liste.' });
  }
  if (v.softwareId) {
    const [s] = await ctx.db.select({ id: memberSoftware.id }).from(memberSoftware).where(and(eq(memberSoftware.id, v.softwareId), eq(memberSoftware.organisationId, orgId)));
    if (!s) throw new Invalid('Logiciel inconnu.', { softwareId: 'Ce logiciel ne figure pas dans l’inventaire de la collectivité.' });
  }
  if (v.assigneeId) {
    const [u] = await ctx.db.select({ roles: users.roles, active: users.active }).from(users).where(eq(users.id, v.assigneeId));
    if (!u || !u.active || !u.roles.some((r) => r === 'technician' || r === 'admin')) throw new Invalid('Technicien inconnu.', { assigneeId: 'Choisissez un technicien.' });
  }
}

/** Creates a ticket. Members create for their own collectivity only, as requester, without choosing the assignee. */
export async function createTicket(ctx: Ctx, input: CreateTicketInput): Promise<Ticket> {
  const parsed = createTicketSchema.safeParse(input);
  if (!parsed.success) throw new Invalid('La demande n’a pas pu être enregistrée.', fieldErrors(parsed.error));
  const v = parsed.data;
  authorize(ctx.actor, 'tickets.create', v.organisationId);
  const staff = isHelpdeskStaff(ctx.actor);
  if (!staff) {
    v.requesterUserId = ctx.actor!.userId;
    v.requesterName = ctx.actor!.name;
    v.requesterEmail = ctx.actor!.email;
    v.assigneeId = null;
    v.channel = null;
    if (v.priority === 'urgent') v.priority = 'high';
    v.source = 'portal';
  }
  return insertTicket(ctx, v);
}

/**
 * The write itself, once the caller is authorised (also used by inbound mail, which has no actor). The
 * domain and the SLA settings are reference data read before the transaction, from the instance's copy
 * when there is no outer transaction: the transaction then holds its connection for four statements only.
 */
export async function insertTicket(ctx: Ctx, v: z.output<typeof createTicketSchema>): Promise<Ticket> {
  const [settings] = await Promise.all([loadSettings(ctx), checkRefs(ctx, v.organisationId, { domain: v.domain })]);
  return inTransaction(ctx, async (tx) => {
    await checkMemberRefs(tx, v.organisationId);
    await checkRefs(tx, v.organisationId, { softwareId: v.softwareId, assigneeId: v.assigneeId });
    const now = tx.clock.now();
    const target = settings.slaTargets[v.priority]!;
    const [t] = await tx.db
      .insert(tickets)
      .values({
        ...v,
        channel: (v.channel ?? null) as Ticket['channel'],
        status: v.assigneeId ? 'assigned' : 'new',
        createdAt: now,
        updatedAt: now,
        firstResponseDueAt: addBusinessMinutes(now, target.firstResponse, settings.openingHours),
        resolutionDueAt: addBusinessMinutes(now, target.resolution, settings.openingHours),
      })
      .returning();
    await recordEvent(tx, t!, 'created', { to: t!.status });
    await audit(tx, { action: 'ticket.create', entity: 'ticket', entityId: t!.id, organisationId: t!.organisationId, after: t });
    await notify(tx, t!, 'created');
    return t!;
  });
}

export const updateTicketSchema = z.object({
  title: z.string().trim().min(3, 'Titre de 3 caractères au moins.').max(200).optional(),
  domain: z.string().min(1).optional(),
  priority: z.enum(['low', 'normal', 'high', 'urgent'], { message: 'Priorité inconnue.' }).optional(),
  softwareId: uuid.nullable().optional(),
  assigneeId: uuid.nullable().optional(),
});

/** Staff edit of the ticket's classification and assignee; each change enters the history. */
export async function updateTicket(ctx: Ctx, id: string, input: z.input<typeof updateTicketSchema>): Promise<Ticket> {
  const parsed = updateTicketSchema.safeParse(input);
  if (!parsed.success) throw new Invalid('Modification impossible.', fieldErrors(parsed.error));
  return inTransaction(ctx, async (tx) => {
    const t = await manageableTicket(tx, id);
    const v = parsed.data;
    await checkRefs(tx, t.organisationId, v);
    const patch: Partial<Ticket> = { ...v, updatedAt: tx.clock.now() };
    if (v.assigneeId !== undefined && v.assigneeId !== t.assigneeId) {
      await recordEvent(tx, t, 'assigned', { from: t.assigneeId, to: v.assigneeId });
      if (v.assigneeId && t.status === 'new') patch.status = 'assigned';
    }
    if (v.priority && v.priority !== t.priority) {
      await recordEvent(tx, t, 'priority', { from: t.priority, to: v.priority });
      const s = await loadSettings(tx);
      const target = s.slaTargets[v.priority]!;
      patch.firstResponseDueAt = addBusinessMinutes(t.createdAt, target.firstResponse, s.openingHours);
      patch.resolutionDueAt = addBusinessMinutes(t.createdAt, target.resolution, s.openingHours);
    }
    if (v.domain && v.domain !== t.domain) await recordEvent(tx, t, 'domain', { from: t.domain, to: v.domain });
    const [after] = await tx.db.update(tickets).set(patch).where(eq(tickets.id, t.id)).returning();
    await audit(tx, { action: 'ticket.update', entity: 'ticket', entityId: t.id, organisationId: t.organisationId, before: t, after });
    if (patch.status === 'assigned') await notify(tx, after!, 'status');
    return after!;
  });
}

/**
 * Moves a ticket along the transition table. Entering "waiting for the member" pauses the SLA clock;
 * leaving it pushes the pending due dates back by the business time spent waiting.
 */
export async function changeStatus(ctx: Ctx, id: string, to: TicketStatus, opts: { bySystem?: boolean } = {}): Promise<Ticket> {
  return inTransaction(ctx, async (tx) => {
    const t = opts.bySystem ? await readableTicket(tx, id) : await manageableTicket(tx, id);
    return applyStatus(tx, t, to);
  });
}

export async function applyStatus(ctx: Ctx, t: Ticket, to: TicketStatus): Promise<Ticket> {
  if (!(to in STATUS_LABELS)) throw new Invalid('Statut inconnu.', { status: 'Statut inconnu.' });
  if (!canTransition(t.status, to)) {
    throw new Conflict(`Passage impossible de « ${STATUS_LABELS[t.status]} » à « ${STATUS_LABELS[to]} ».`);
  }
  const now = ctx.clock.now();
  const settings = await loadSettings(ctx);
  const patch: Partial<Ticket> = { status: to, updatedAt: now };
  if (to === 'waiting_member') patch.pausedAt = now;
  if (t.status === 'waiting_member') {
    Object.assign(patch, resumeDueDates(t, now, settings.openingHours));
    patch.pausedAt = null;
  }
  if (to === 'resolved') patch.resolvedAt = now;
  if (to === 'closed') {
    patch.closedAt = now;
    patch.resolvedAt = t.resolvedAt ?? now;
  }
  if (to === 'in_progress' && t.status === 'resolved') patch.resolvedAt = null;
  const merged = { ...t, ...patch } as Ticket;
  patch.slaState = slaStateOf(merged, now, settings.slaTargets, settings.openingHours, settings.nearBreachRatio);
  const [after] = await ctx.db.update(tickets).set(patch).where(eq(tickets.id, t.id)).returning();
  await recordEvent(ctx, t, 'status', { from: t.status, to });
  await audit(ctx, { action: 'ticket.status', entity: 'ticket', entityId: t.id, organisationId: t.organisationId, before: { status: t.status }, after: { status: to } });
  await notify(ctx, after!, to === 'resolved' ? 'resolved' : 'status');
  return after!;
}

/** The member confirms that the problem is solved: the ticket is closed. */
export async function confirmResolution(ctx: Ctx, id: string): Promise<Ticket> {
  return inTransaction(ctx, async (tx) => {
    const t = await readableTicket(tx, id);
    authorize(tx.actor, 'tickets.create', t.organisationId);
    if (t.status !== 'resolved') throw new Conflict('Seule une demande résolue peut être confirmée.');
    return applyStatus(tx, t, 'closed');
  });
}

export const ratingSchema = z.object({
  rating: z.coerce.number({ message: 'Note de 1 à 5.' }).int('Note de 1 à 5.').min(1, 'Note de 1 à 5.').max(5, 'Note de 1 à 5.'),
  comment: z.string().trim().max(2000, 'Commentaire de 2 000 caractères au plus.').optional(),
});

/** Rating (1–5 and a comment) by the member's users, once the ticket is resolved or closed. */
export async function rateTicket(ctx: Ctx, id: string, input: z.input<typeof ratingSchema>): Promise<Ticket> {
  const parsed = ratingSchema.safeParse(input);
  if (!parsed.success) throw new Invalid('Note invalide.', fieldErrors(parsed.error));
  return inTransaction(ctx, async (tx) => {
    const t = await readableTicket(tx, id);
    if (!can(tx.actor, 'tickets.create', t.organisationId) || isHelpdeskStaff(tx.actor)) throw new Forbidden('Seule la collectivité peut noter une demande.');
    if (t.status !== 'resolved' && t.status !== 'closed') throw new Conflict('La demande doit être résolue pour être notée.');
    const [after] = await tx.db.update(tickets).set({ rating: parsed.data.rating, ratingComment: parsed.data.comment || null, updatedAt: tx.clock.now() }).where(eq(tickets.id, t.id)).returning();
    await recordEvent(tx, t, 'rating', { to: String(parsed.data.rating) });
    await audit(tx, { action: 'ticket.rate', entity: 'ticket', entityId: t.id, organisationId: t.organisationId, after: parsed.data });
    return after!;
  });
}
