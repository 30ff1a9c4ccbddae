import { and, asc, desc, eq, ne } from 'drizzle-orm';
import { z } from 'zod';
import type { Ctx } from '../../platform/context.ts';
import { authorize } from '../../platform/auth/permissions.ts';
import { audit } from '../../platform/audit/index.ts';
import { inTransaction } from '../../platform/db/index.ts';
import { Invalid, NotFound } from '../../platform/errors.ts';
import { organisations } from '../members/index.ts';
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

export async function receiveEquipment(ctx: Ctx, input: z.input<typeof workshopSchema>) {
  const parsed = workshopSchema.safeParse(input);
  if (!parsed.success) throw new Invalid('Le matériel n’a pas pu être enregistré.', fieldErrors(parsed.error));
  authorize(ctx.actor, 'tickets.manage', parsed.data.organisationId);
  return inTransaction(ctx, async (tx) => {
    const [row] = await tx.db.insert(workshopItems).values({ ...parsed.data, createdAt: tx.clock.now() }).returning();
    await audit(tx, { action: 'workshop.receive', entity: 'workshop_item', entityId: row!.id, organisationId: row!.organisationId, after: row });
    return row!;
  });
}

/** Moves the item along; "returned" requires the return date (today by default). */
export async function setWorkshopStatus(ctx: Ctx, id: string, status: WorkshopStatus, returnedOn?: string) {
  authorize(ctx.actor, 'tickets.manage');
  if (!(status in WORKSHOP_STATUS_LABELS)) throw new Invalid('Statut inconnu.', { status: 'Statut inconnu.' });
  if (returnedOn && !day.safeParse(returnedOn).success) throw new Invalid('Date invalide.', { returnedOn: 'Date invalide (AAAA-MM-JJ).' });
  return inTransaction(ctx, async (tx) => {
    const [before] = /^[0-9a-f-]{36}$/i.test(id) ? await tx.db.select().from(workshopItems).where(eq(workshopItems.id, id)) : [];
    if (!before) throw new NotFound('Matériel introuvable.');
    const back = status === 'returned' ? (returnedOn ?? tx.clock.now().toISOString().slice(0, 10)) : null;
    if (back && back < before.receivedOn) throw new Invalid('Date invalide.', { returnedOn: 'Le retour ne peut précéder la réception.' });
    const [row] = await tx.db.update(workshopItems).set({ status, returnedOn: back }).where(eq(workshopItems.id, id)).returning();
    await audit(tx, { action: 'workshop.status', entity: 'workshop_item', entityId: id, organisationId: before.organisationId, before, after: row });
    return row!;
  });
}

/** Items in the workshop (not yet returned first), with the member's name. */
export async function listWorkshop(ctx: Ctx, opts: { includeReturned?: boolean } = {}) {
  authorize(ctx.actor, 'tickets.manage');
  return ctx.db
    .select({ item: workshopItems, memberName: organisations.name })
    .from(workshopItems)
    .innerJoin(organisations, eq(organisations.id, workshopItems.organisationId))
    .where(opts.includeReturned ? undefined : and(ne(workshopItems.status, 'returned')))
    .orderBy(asc(workshopItems.receivedOn), desc(workshopItems.createdAt))
    .limit(500);
}
