import { and, count, eq, getTableColumns, ne } from 'drizzle-orm';
import { z } from 'zod';
import type { Ctx } from '../../platform/context.ts';
import { authorize } from '../../platform/auth/permissions.ts';
import { audit } from '../../platform/audit/index.ts';
import { inTransaction, toNumber } from '../../platform/db/index.ts';
import { parisDate } from '../../platform/format.ts';
import { orderBy, pageWindow, type ListQuery, type ListSpec } from '../../platform/list.ts';
import { Invalid, NotFound } from '../../platform/errors.ts';
import { organisations } from '../members/index.ts';
import { checkMemberRefs, isUuid } from './access.ts';
import { workshopItems } from './schema.ts';

export const WORKSHOP_STATUS_LABELS = {
  received: 'Reçu',
  diagnosis: 'Diagnostic',
  repair: 'En réparation',
  waiting_parts: 'En attente de pièces',
  ready: 'Prêt à rendre',
  returned: 'Rendu',
} as const;
export type WorkshopStatus = keyof typeof WORKSHOP_STATUS_LABELS;

const day = z.iso.date({ message: 'Date invalide (AAAA-MM-JJ).' });
export const workshopSchema = z.object({
  organisationId: z.uuid({ message: 'Choisissez la collectivité.' }),
  ticketId: z.uuid().nullish(),
  assetTag: z.string().trim().min(1, 'Numéro d’inventaire obligatoire.').max(60),
  description: z.string().trim().min(3, 'Décrivez le matériel.').max(2000),
  receivedOn: day,
});

const fieldErrors = (e: z.ZodError) => Object.fromEntries(e.issues.map((i) => [String(i.path[0] ?? '_'), i.message]));

export async function receiveEquipment(ctx: Ctx, input: z.input<typeof workshopSchema>): Promise<WorkshopRow> {
  const parsed = workshopSchema.safeParse(input);
  if (!parsed.success) throw new Invalid('Le matériel n’a pas pu être enregistré.', fieldErrors(parsed.error));
  authorize(ctx.actor, 'tickets.manage', parsed.data.organisationId);
  return inTransaction(ctx, async (tx) => {
    await checkMemberRefs(tx, parsed.data.organisationId, parsed.data.ticketId);
    const [row] = await tx.db.insert(workshopItems).values({ ...parsed.data, createdAt: tx.clock.now() }).returning();
    await audit(tx, { action: 'workshop.receive', entity: 'workshop_item', entityId: row!.id, organisationId: row!.organisationId, after: row });
    return getWorkshopItem(tx, row!.id);
  });
}

/** Moves the item along; "returned" requires the return date (today by default). */
export async function setWorkshopStatus(ctx: Ctx, id: string, status: WorkshopStatus, returnedOn?: string): Promise<WorkshopRow> {
  authorize(ctx.actor, 'tickets.manage');
  if (!(status in WORKSHOP_STATUS_LABELS)) throw new Invalid('Statut inconnu.', { status: 'Statut inconnu.' });
  if (returnedOn && !day.safeParse(returnedOn).success) throw new Invalid('Date invalide.', { returnedOn: 'Date invalide (AAAA-MM-JJ).' });
  return inTransaction(ctx, async (tx) => {
    const [before] = isUuid(id) ? await tx.db.select().from(workshopItems).where(eq(workshopItems.id, id)) : [];
    if (!before) throw new NotFound('Matériel introuvable.');
    const back = status === 'returned' ? (returnedOn ?? parisDate(tx.clock.now())) : null;
    if (back && back < before.receivedOn) throw new Invalid('Date invalide.', { returnedOn: 'Le retour ne peut précéder la réception.' });
    const [row] = await tx.db.update(workshopItems).set({ status, returnedOn: back }).where(eq(workshopItems.id, id)).returning();
    await audit(tx, { action: 'workshop.status', entity: 'workshop_item', entityId: id, organisationId: before.organisationId, before, after: row });
    return getWorkshopItem(tx, id);
  });
}

export const WORKSHOP_LIST = { sortable: ['receivedOn', 'createdAt'], defaultSort: 'receivedOn', defaultDir: 'asc', filters: ['status', 'organisationId', 'returned'] } as const satisfies ListSpec;
export type WorkshopQuery = ListQuery<(typeof WORKSHOP_LIST.sortable)[number], (typeof WORKSHOP_LIST.filters)[number]>;
export type WorkshopRow = typeof workshopItems.$inferSelect & { memberName: string };

const workshopColumns = { ...getTableColumns(workshopItems), memberName: organisations.name };

/**
 * Items in the workshop, with the member's name; `returned` = `false` keeps those not yet given back,
 * `true` those given back.
 */
export async function listWorkshop(ctx: Ctx, q: WorkshopQuery): Promise<{ rows: WorkshopRow[]; total: number }> {
  authorize(ctx.actor, 'tickets.manage');
  const f = q.filters;
  if (f.organisationId !== undefined && !isUuid(f.organisationId)) throw new Invalid('Filtre invalide.', { organisationId: 'Identifiant invalide (UUID attendu).' });
  const where = and(
    f.status ? eq(workshopItems.status, f.status as WorkshopStatus) : undefined,
    f.organisationId ? eq(workshopItems.organisationId, f.organisationId) : undefined,
    f.returned === 'false' ? ne(workshopItems.status, 'returned') : f.returned === 'true' ? eq(workshopItems.status, 'returned') : undefined,
  );
  const { limit, offset } = pageWindow(q);
  const [rows, [total]] = await Promise.all([
    ctx.db.select(workshopColumns).from(workshopItems).innerJoin(organisations, eq(organisations.id, workshopItems.organisationId)).where(where).orderBy(...orderBy(q, { receivedOn: workshopItems.receivedOn, createdAt: workshopItems.createdAt }, workshopItems.id)).limit(limit).offset(offset),
    ctx.db.select({ n: count() }).from(workshopItems).where(where),
  ]);
  return { rows, total: toNumber(total?.n) };
}

export async function getWorkshopItem(ctx: Ctx, id: string): Promise<WorkshopRow> {
  authorize(ctx.actor, 'tickets.manage');
  const [row] = await ctx.db.select(workshopColumns).from(workshopItems).innerJoin(organisations, eq(organisations.id, workshopItems.organisationId)).where(eq(workshopItems.id, id));
  if (!row) throw new NotFound('Matériel introuvable.');
  return row;
}
