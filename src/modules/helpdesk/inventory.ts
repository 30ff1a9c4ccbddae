import { and, asc, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Ctx } from '../../platform/context.ts';
import { authorize } from '../../platform/auth/permissions.ts';
import { audit } from '../../platform/audit/index.ts';
import { inTransaction, toNumber } from '../../platform/db/index.ts';
import { Invalid, NotFound } from '../../platform/errors.ts';
import { isUuid } from './access.ts';
import { memberBackups, memberEquipment, memberSoftware } from './schema.ts';

const text = (max: number) => z.string().trim().max(max, `${max} caractères au plus.`);
const optText = (max: number) => text(max).nullish().transform((v) => v || null);

export const softwareSchema = z.object({
  publisher: text(120).min(1, 'Éditeur obligatoire.'),
  product: text(120).min(1, 'Produit obligatoire.'),
  version: optText(60),
  modules: z.union([z.array(text(80)), z.string()]).default([]).transform((v) => (Array.isArray(v) ? v : v.split(',')).map((s) => s.trim()).filter(Boolean)),
  licences: z.union([z.literal('').transform(() => null), z.coerce.number().int('Nombre entier.').min(0, 'Nombre positif.')]).nullish(),
  notes: optText(2000),
});
export const equipmentSchema = z.object({
  kind: z.enum(['workstation', 'server'], { message: 'Poste ou serveur.' }),
  label: text(120).min(1, 'Désignation obligatoire.'),
  operatingSystem: optText(80),
  quantity: z.coerce.number({ message: 'Quantité entière.' }).int('Quantité entière.').min(1, 'Une unité au moins.').max(10_000).default(1),
  notes: optText(2000),
});
export const backupSchema = z.object({
  method: text(120).min(1, 'Méthode obligatoire.'),
  destination: optText(200),
  frequency: optText(80),
  retention: optText(80),
  lastTestedOn: z.union([z.literal('').transform(() => null), z.iso.date({ message: 'Date invalide.' })]).nullish(),
  notes: optText(2000),
});

const KINDS = {
  software: { table: memberSoftware, schema: softwareSchema, label: 'logiciel' },
  equipment: { table: memberEquipment, schema: equipmentSchema, label: 'matériel' },
  backup: { table: memberBackups, schema: backupSchema, label: 'sauvegarde' },
} as const;
export type InventoryKind = keyof typeof KINDS;
export type InventoryItem<K extends InventoryKind> = (typeof KINDS)[K]['table']['$inferSelect'];

const fieldErrors = (e: z.ZodError) => Object.fromEntries(e.issues.map((i) => [String(i.path[0] ?? '_'), i.message]));

/** A member's software only (what a ticket may concern). */
export async function memberSoftwareList(ctx: Ctx, orgId: string) {
  authorize(ctx.actor, 'inventory.read', orgId);
  return ctx.db.select().from(memberSoftware).where(eq(memberSoftware.organisationId, orgId)).orderBy(asc(memberSoftware.publisher), asc(memberSoftware.product));
}

/** A member's whole inventory: visible to its own users and to the syndicate's staff. */
export async function memberInventory(ctx: Ctx, orgId: string) {
  authorize(ctx.actor, 'inventory.read', orgId);
  const [software, equipment, backups] = await Promise.all([
    memberSoftwareList(ctx, orgId),
    ctx.db.select().from(memberEquipment).where(eq(memberEquipment.organisationId, orgId)).orderBy(asc(memberEquipment.kind), asc(memberEquipment.label)),
    ctx.db.select().from(memberBackups).where(eq(memberBackups.organisationId, orgId)).orderBy(asc(memberBackups.method)),
  ]);
  return { software, equipment, backups, workstations: equipment.filter((e) => e.kind === 'workstation').reduce((n, e) => n + e.quantity, 0) };
}

/** Number of workstations of a member: the quantity the convention's per-workstation pricing uses. */
export async function workstationCount(ctx: Pick<Ctx, 'db'>, orgId: string): Promise<number> {
  const [row] = await ctx.db
    .select({ n: sql<number>`coalesce(sum(${memberEquipment.quantity}), 0)` })
    .from(memberEquipment)
    .where(and(eq(memberEquipment.organisationId, orgId), eq(memberEquipment.kind, 'workstation')));
  return toNumber(row?.n);
}

export async function addInventoryItem<K extends InventoryKind>(ctx: Ctx, orgId: string, kind: K, input: unknown): Promise<InventoryItem<K>> {
  authorize(ctx.actor, 'inventory.manage', orgId);
  const k = KINDS[kind];
  const parsed = k.schema.safeParse(input);
  if (!parsed.success) throw new Invalid(`Le ${k.label} n’a pas pu être enregistré.`, fieldErrors(parsed.error));
  return inTransaction(ctx, async (tx) => {
    const [row] = await tx.db.insert(k.table).values({ ...parsed.data, organisationId: orgId, createdAt: tx.clock.now(), updatedAt: tx.clock.now() } as never).returning();
    await audit(tx, { action: `inventory.${kind}.create`, entity: k.table === memberSoftware ? 'member_software' : kind, entityId: (row as { id: string }).id, organisationId: orgId, after: row });
    return row as InventoryItem<K>;
  });
}

export async function updateInventoryItem<K extends InventoryKind>(ctx: Ctx, orgId: string, kind: K, id: string, input: unknown): Promise<InventoryItem<K>> {
  authorize(ctx.actor, 'inventory.manage', orgId);
  const k = KINDS[kind];
  const parsed = k.schema.safeParse(input);
  if (!parsed.success) throw new Invalid(`Le ${k.label} n’a pas pu être enregistré.`, fieldErrors(parsed.error));
  return inTransaction(ctx, async (tx) => {
    const where = and(eq(k.table.id, id), eq(k.table.organisationId, orgId));
    const [before] = isUuid(id) ? await tx.db.select().from(k.table).where(where) : [];
    if (!before) throw new NotFound('Élément d’inventaire introuvable.');
    const [row] = await tx.db.update(k.table).set({ ...parsed.data, updatedAt: tx.clock.now() } as never).where(where).returning();
    await audit(tx, { action: `inventory.${kind}.update`, entity: kind, entityId: id, organisationId: orgId, before, after: row });
    return row as InventoryItem<K>;
  });
}

export async function deleteInventoryItem(ctx: Ctx, orgId: string, kind: InventoryKind, id: string): Promise<void> {
  authorize(ctx.actor, 'inventory.manage', orgId);
  const k = KINDS[kind];
  await inTransaction(ctx, async (tx) => {
    const deleted = isUuid(id) ? await tx.db.delete(k.table).where(and(eq(k.table.id, id), eq(k.table.organisationId, orgId))).returning() : [];
    if (!deleted.length) throw new NotFound('Élément d’inventaire introuvable.');
    await audit(tx, { action: `inventory.${kind}.delete`, entity: kind, entityId: id, organisationId: orgId, before: deleted[0] });
  });
}
