import { asc, desc, eq, inArray } from 'drizzle-orm';
import { z } from 'zod';
import type { Ctx } from '../../platform/context.ts';
import { authorize } from '../../platform/auth/permissions.ts';
import { audit, auditLog } from '../../platform/audit/index.ts';
import { inTransaction } from '../../platform/db/index.ts';
import { Conflict, Invalid, NotFound } from '../../platform/errors.ts';
import { referenceCache, referenceChanged } from './reference-cache.ts';
import { helpdeskDomains, helpdeskSettings, tickets } from './schema.ts';
import type { OpeningHours, SlaTarget } from './sla.ts';

export interface HelpdeskSettings {
  openingHours: OpeningHours;
  slaTargets: Record<string, SlaTarget>;
  nearBreachRatio: number;
}

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'Heure au format HH:MM.');
const hoursSchema = z.partialRecord(z.enum(['1', '2', '3', '4', '5', '6', '7']), z.array(z.tuple([hhmm, hhmm])));
const minutes = z.number({ message: 'Nombre entier de minutes.' }).int('Nombre entier de minutes.').min(1, 'Une minute au moins.').max(100_000, '100 000 minutes au plus.');
const targetSchema = z
  .object({ firstResponse: minutes, resolution: minutes })
  .refine((t) => t.resolution >= t.firstResponse, { message: 'La résolution ne peut pas être attendue avant la première réponse.', path: ['resolution'] });
export const settingsSchema = z.object({
  openingHours: hoursSchema,
  slaTargets: z.object({ low: targetSchema, normal: targetSchema, high: targetSchema, urgent: targetSchema }),
  nearBreachRatio: z.number({ message: 'Pourcentage entier.' }).int('Pourcentage entier.').min(1, 'Entre 1 et 99 %.').max(99, 'Entre 1 et 99 %.'),
});

const settingsOf = referenceCache(async (db): Promise<HelpdeskSettings> => {
  const [row] = await db.select().from(helpdeskSettings).where(eq(helpdeskSettings.id, 1));
  if (!row) throw new Error('helpdesk_settings is empty: migrations not applied');
  return { openingHours: row.openingHours as OpeningHours, slaTargets: row.slaTargets as Record<string, SlaTarget>, nearBreachRatio: row.nearBreachRatio };
});

/** The seeded defaults stay in the migration; this reads the current row (cached: see reference-cache.ts). */
export function loadSettings(ctx: Pick<Ctx, 'db'>): Promise<HelpdeskSettings> {
  return settingsOf(ctx.db);
}

export async function updateSettings(ctx: Ctx, input: unknown): Promise<HelpdeskSettings> {
  authorize(ctx.actor, 'tickets.manage');
  const parsed = settingsSchema.safeParse(input);
  if (!parsed.success) throw new Invalid('Réglages invalides.', Object.fromEntries(parsed.error.issues.map((i) => [i.path.join('.'), i.message])));
  for (const [day, slots] of Object.entries(parsed.data.openingHours)) {
    const field = { [`openingHours.${day}`]: 'Plages dans l’ordre, chacune finissant après son début et avant la suivante.' };
    slots.forEach(([open, close], i) => {
      if (open >= close || (i > 0 && slots[i - 1]![1] > open)) throw new Invalid('Réglages invalides.', field);
    });
  }
  const saved = await inTransaction(ctx, async (tx) => {
    const before = await loadSettings(tx);
    await tx.db.update(helpdeskSettings).set({ ...parsed.data, updatedAt: tx.clock.now() }).where(eq(helpdeskSettings.id, 1));
    await audit(tx, { action: 'helpdesk.settings.update', entity: 'helpdesk_settings', entityId: '1', before, after: parsed.data });
    return parsed.data as HelpdeskSettings;
  });
  referenceChanged();
  return saved;
}

export type Domain = typeof helpdeskDomains.$inferSelect;

const domainsOf = referenceCache((db) => db.select().from(helpdeskDomains).orderBy(asc(helpdeskDomains.position), asc(helpdeskDomains.label)));

/** Every domain in display order (cached: see reference-cache.ts); a new array the caller may keep. */
export async function listDomains(ctx: Pick<Ctx, 'db'>, opts: { activeOnly?: boolean } = {}): Promise<Domain[]> {
  const rows = await domainsOf(ctx.db);
  return rows.filter((d) => !opts.activeOnly || d.active);
}

/** Adds a configurable domain (e.g. « Téléphonie »); the code is derived from the label. */
export async function addDomain(ctx: Ctx, input: { label: string }): Promise<Domain> {
  authorize(ctx.actor, 'tickets.manage');
  const label = input.label?.trim() ?? '';
  if (label.length < 2 || label.length > 80) throw new Invalid('Domaine invalide.', { label: 'Entre 2 et 80 caractères.' });
  const code = label.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
  const added = await inTransaction(ctx, async (tx) => {
    const [row] = await tx.db.insert(helpdeskDomains).values({ code, label }).onConflictDoNothing().returning();
    if (!row) throw new Conflict('Ce domaine existe déjà.');
    await audit(tx, { action: 'helpdesk.domain.create', entity: 'helpdesk_domain', entityId: code, after: row });
    return row;
  });
  referenceChanged();
  return added;
}

const domainSchema = z.object({
  label: z.string().trim().min(2, 'Entre 2 et 80 caractères.').max(80, 'Entre 2 et 80 caractères.'),
  active: z.boolean(),
  coveredBy: z.array(z.string().trim().regex(/^[a-z0-9_-]{1,40}$/, 'Code d’option invalide.')).max(20),
});

/** Renames a domain, (de)activates it, or changes the convention options that cover it. */
export async function updateDomain(ctx: Ctx, code: string, input: z.input<typeof domainSchema>): Promise<Domain> {
  authorize(ctx.actor, 'tickets.manage');
  const parsed = domainSchema.safeParse(input);
  if (!parsed.success) throw new Invalid('Domaine invalide.', Object.fromEntries(parsed.error.issues.map((i) => [String(i.path[0]), i.message])));
  const updated = await inTransaction(ctx, async (tx) => {
    const [before] = await tx.db.select().from(helpdeskDomains).where(eq(helpdeskDomains.code, code));
    if (!before) throw new NotFound('Domaine introuvable.');
    if (before.builtin && !parsed.data.active) throw new Invalid('Domaine invalide.', { active: 'Les six domaines du service restent actifs.' });
    const coveredBy = [...new Set(parsed.data.coveredBy)].sort();
    const [row] = await tx.db.update(helpdeskDomains).set({ ...parsed.data, coveredBy }).where(eq(helpdeskDomains.code, code)).returning();
    await audit(tx, { action: 'helpdesk.domain.update', entity: 'helpdesk_domain', entityId: code, before, after: row });
    return row!;
  });
  referenceChanged();
  return updated;
}

/** Removes an added domain no ticket uses; a used one can only be deactivated. */
export async function deleteDomain(ctx: Ctx, code: string): Promise<void> {
  authorize(ctx.actor, 'tickets.manage');
  await inTransaction(ctx, async (tx) => {
    const [d] = await tx.db.select().from(helpdeskDomains).where(eq(helpdeskDomains.code, code));
    if (!d) throw new NotFound('Domaine introuvable.');
    if (d.builtin) throw new Conflict('Les six domaines du service ne peuvent pas être supprimés.');
    const [used] = await tx.db.select({ id: tickets.id }).from(tickets).where(eq(tickets.domain, code)).limit(1);
    if (used) throw new Conflict('Des demandes utilisent ce domaine : désactivez-le plutôt.');
    await tx.db.delete(helpdeskDomains).where(eq(helpdeskDomains.code, code));
    await audit(tx, { action: 'helpdesk.domain.delete', entity: 'helpdesk_domain', entityId: code, before: d });
  });
  referenceChanged();
}

/** The last changes made to the settings and domains, from the audit trail, newest first. */
export function settingsHistory(ctx: Ctx, limit = 10) {
  authorize(ctx.actor, 'tickets.manage');
  return ctx.db.select().from(auditLog).where(inArray(auditLog.entity, ['helpdesk_settings', 'helpdesk_domain'])).orderBy(desc(auditLog.at)).limit(limit);
}
