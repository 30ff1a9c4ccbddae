import { asc, eq } from 'drizzle-orm';
import { z } from 'zod';
import type { Ctx } from '../../platform/context.ts';
import { authorize } from '../../platform/auth/permissions.ts';
import { audit } from '../../platform/audit/index.ts';
import { inTransaction } from '../../platform/db/index.ts';
import { Conflict, Invalid } from '../../platform/errors.ts';
import { helpdeskDomains, helpdeskSettings } from './schema.ts';
import type { OpeningHours, SlaTarget } from './sla.ts';

export interface HelpdeskSettings {
  openingHours: OpeningHours;
  slaTargets: Record<string, SlaTarget>;
  nearBreachRatio: number;
}

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'Heure au format HH:MM.');
const hoursSchema = z.record(z.enum(['1', '2', '3', '4', '5', '6', '7']), z.array(z.tuple([hhmm, hhmm])));
const targetSchema = z.object({ firstResponse: z.number().int().min(1), resolution: z.number().int().min(1) });
export const settingsSchema = z.object({
  openingHours: hoursSchema,
  slaTargets: z.object({ low: targetSchema, normal: targetSchema, high: targetSchema, urgent: targetSchema }),
  nearBreachRatio: z.number().int().min(1).max(99),
});

/** The seeded defaults stay in the migration; this reads the current row. */
export async function loadSettings(ctx: Pick<Ctx, 'db'>): Promise<HelpdeskSettings> {
  const [row] = await ctx.db.select().from(helpdeskSettings).where(eq(helpdeskSettings.id, 1));
  if (!row) throw new Error('helpdesk_settings is empty: migrations not applied');
  return { openingHours: row.openingHours as OpeningHours, slaTargets: row.slaTargets as Record<string, SlaTarget>, nearBreachRatio: row.nearBreachRatio };
}

export async function updateSettings(ctx: Ctx, input: unknown): Promise<HelpdeskSettings> {
  authorize(ctx.actor, 'tickets.manage');
  const parsed = settingsSchema.safeParse(input);
  if (!parsed.success) throw new Invalid('Réglages invalides.', Object.fromEntries(parsed.error.issues.map((i) => [i.path.join('.'), i.message])));
  for (const slots of Object.values(parsed.data.openingHours)) {
    for (const [open, close] of slots) if (open >= close) throw new Invalid('Réglages invalides.', { openingHours: 'Chaque plage doit finir après son début.' });
  }
  return inTransaction(ctx, async (tx) => {
    const before = await loadSettings(tx);
    await tx.db.update(helpdeskSettings).set({ ...parsed.data, updatedAt: tx.clock.now() }).where(eq(helpdeskSettings.id, 1));
    await audit(tx, { action: 'helpdesk.settings.update', entity: 'helpdesk_settings', entityId: '1', before, after: parsed.data });
    return parsed.data as HelpdeskSettings;
  });
}

export type Domain = typeof helpdeskDomains.$inferSelect;

export async function listDomains(ctx: Pick<Ctx, 'db'>, opts: { activeOnly?: boolean } = {}): Promise<Domain[]> {
  const rows = await ctx.db.select().from(helpdeskDomains).orderBy(asc(helpdeskDomains.position), asc(helpdeskDomains.label));
  return opts.activeOnly ? rows.filter((d) => d.active) : rows;
}

/** Adds a configurable domain (e.g. « Téléphonie »); the code is derived from the label. */
export async function addDomain(ctx: Ctx, input: { label: string }): Promise<Domain> {
  authorize(ctx.actor, 'tickets.manage');
  const label = input.label?.trim() ?? '';
  if (label.length < 2 || label.length > 80) throw new Invalid('Domaine invalide.', { label: 'Entre 2 et 80 caractères.' });
  const code = label.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
  return inTransaction(ctx, async (tx) => {
    const [row] = await tx.db.insert(helpdeskDomains).values({ code, label }).onConflictDoNothing().returning();
    if (!row) throw new Conflict('Ce domaine existe déjà.');
    await audit(tx, { action: 'helpdesk.domain.create', entity: 'helpdesk_domain', entityId: code, after: row });
    return row;
  });
}
