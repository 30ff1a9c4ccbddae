import { and, count, desc, eq, inArray } from 'drizzle-orm';
import { z } from 'zod';
import type { Ctx } from '../../platform/context.ts';
import { audit } from '../../platform/audit/index.ts';
import { authorize } from '../../platform/auth/permissions.ts';
import { inTransaction } from '../../platform/db/tx.ts';
import { toNumber } from '../../platform/db/types.ts';
import { Conflict, Invalid, NotFound } from '../../platform/errors.ts';
import { sendMail } from '../../platform/mail/index.ts';
import { users } from '../identity/index.ts';
import { organisations } from '../members/index.ts';
import { loadConvention, lockNumbering, priceLine } from './conventions.ts';
import { dayBefore } from './proration.ts';
import { amendments, conventionOptions, optionRequests, type AmendmentChange } from './schema.ts';
import { fieldsOf } from './syntec-service.ts';
import { gridInForce } from './tariffs.ts';

const change = z.object({
  optionCode: z.string().min(1, 'Option obligatoire.'),
  action: z.enum(['add', 'remove', 'change']),
  workstations: z.coerce.number().int().min(0).optional(),
  gigabytes: z.coerce.number().int().min(0).optional(),
});
export const amendmentInput = z.object({
  effectiveOn: z.iso.date({ message: 'Date au format AAAA-MM-JJ.' }),
  changes: z.array(change).min(1, 'Un avenant modifie au moins une option.'),
  note: z.string().trim().max(2000).optional(),
});
export type AmendmentInput = z.input<typeof amendmentInput>;
export type Amendment = typeof amendments.$inferSelect;
export type OptionRequest = typeof optionRequests.$inferSelect;

/**
 * An amendment (avenant) from an effective date: the held line is closed the day before and, for a change,
 * a new line opens with the new quantities. Only an active convention is amended.
 */
export async function createAmendment(ctx: Ctx, conventionId: string, raw: AmendmentInput, requestId?: string): Promise<Amendment> {
  const parsed = amendmentInput.safeParse(raw);
  if (!parsed.success) throw new Invalid('L’avenant n’est pas valide.', fieldsOf(parsed.error));
  const input = parsed.data;
  return inTransaction(ctx, async (tx) => {
    const c = await loadConvention(tx, conventionId, 'memberships.manage');
    if (c.status !== 'active') throw new Conflict('Seule une convention signée et en vigueur peut être modifiée par avenant.', 'not_active');
    if (input.effectiveOn < c.startsOn || input.effectiveOn > c.generationEndsOn) {
      throw new Invalid('La date d’effet doit tomber pendant la convention.', { effectiveOn: `Entre le ${c.startsOn} et le ${c.generationEndsOn}.` });
    }
    const grid = await gridInForce(tx, input.effectiveOn);
    if (!grid) throw new Invalid('Aucune grille tarifaire adoptée à la date d’effet.', { effectiveOn: 'Aucune grille adoptée à cette date.' });
    const lines = await tx.db.select().from(conventionOptions).where(eq(conventionOptions.conventionId, c.id));
    const heldOn = (code: string) => lines.find((l) => l.optionCode === code && l.startsOn <= input.effectiveOn && (l.endsOn === null || l.endsOn >= input.effectiveOn));
    await lockNumbering(tx, `it_amendments:${c.id}`);
    const [{ n }] = (await tx.db.select({ n: count() }).from(amendments).where(eq(amendments.conventionId, c.id))) as [{ n: unknown }];
    const [amendment] = await tx.db
      .insert(amendments)
      .values({ conventionId: c.id, number: toNumber(n) + 1, effectiveOn: input.effectiveOn, changes: input.changes as AmendmentChange[], note: input.note ?? null, requestId: requestId ?? null, createdAt: tx.clock.now() })
      .returning();
    for (const ch of input.changes) {
      const held = heldOn(ch.optionCode);
      const tariff = grid.options.find((o) => o.code === ch.optionCode);
      if (!tariff) throw new Invalid(`L’option « ${ch.optionCode} » n’existe pas dans la grille ${grid.year}.`);
      if (ch.action === 'add' && held) throw new Conflict(`L’option « ${tariff.label} » est déjà souscrite.`);
      if (ch.action !== 'add' && !held) throw new Conflict(`L’option « ${tariff.label} » n’est pas souscrite à cette date.`);
      if (ch.action === 'remove' && tariff.mandatory) throw new Invalid(`L’option « ${tariff.label} » est obligatoire : elle ne peut pas être retirée.`);
      if (held) await tx.db.update(conventionOptions).set({ endsOn: dayBefore(input.effectiveOn) }).where(eq(conventionOptions.id, held.id));
      if (ch.action !== 'remove') {
        const q = { workstations: ch.workstations ?? held?.workstations ?? 0, gigabytes: ch.gigabytes ?? held?.gigabytes ?? 0 };
        priceLine(grid, { optionCode: ch.optionCode, ...q }, c.population); // refuses quantities no band covers
        await tx.db.insert(conventionOptions).values({ conventionId: c.id, optionCode: ch.optionCode, ...q, startsOn: input.effectiveOn, amendmentId: amendment!.id });
      }
    }
    await audit(tx, { action: 'memberships.amendment.create', entity: 'it_amendment', entityId: amendment!.id, organisationId: c.organisationId, after: amendment });
    return amendment!;
  });
}

export const requestInput = z.object({
  wishedOn: z.iso.date({ message: 'Date au format AAAA-MM-JJ.' }),
  changes: z.array(change).min(1, 'Indiquez au moins un changement.'),
  message: z.string().trim().max(2000).optional(),
});

/** A member's manager asks for an option change; the syndicate's finance staff are told by mail. */
export async function requestOptionChange(ctx: Ctx, conventionId: string, raw: z.input<typeof requestInput>) {
  const parsed = requestInput.safeParse(raw);
  if (!parsed.success) throw new Invalid('La demande n’est pas valide.', fieldsOf(parsed.error));
  return inTransaction(ctx, async (tx) => {
    const c = await loadConvention(tx, conventionId, 'memberships.request');
    if (c.status !== 'active') throw new Conflict('Seule une convention en vigueur peut être modifiée.', 'not_active');
    const [row] = await tx.db
      .insert(optionRequests)
      .values({ conventionId: c.id, organisationId: c.organisationId, requestedBy: tx.actor!.userId, changes: parsed.data.changes as AmendmentChange[], wishedOn: parsed.data.wishedOn, message: parsed.data.message ?? null, createdAt: tx.clock.now() })
      .returning();
    const [org] = await tx.db.select({ name: organisations.name }).from(organisations).where(eq(organisations.id, c.organisationId));
    for (const to of await staffEmails(tx)) {
      await sendMail(tx, {
        to,
        subject: `Demande de changement d’options — ${org?.name ?? c.number}`,
        text: `${org?.name} demande un changement d’options de la convention ${c.number} à compter du ${parsed.data.wishedOn}.\n\n${parsed.data.changes.map(describeChange).join('\n')}\n\n${parsed.data.message ?? ''}\n\nÀ traiter : ${tx.config.PUBLIC_URL ?? ''}/adhesions/${c.id}`,
      });
    }
    await audit(tx, { action: 'memberships.request.create', entity: 'it_option_request', entityId: row!.id, organisationId: c.organisationId, after: row });
    return row!;
  });
}

export function describeChange(ch: { optionCode: string; action: string; workstations?: number; gigabytes?: number }): string {
  const verb = ch.action === 'add' ? 'Ajouter' : ch.action === 'remove' ? 'Retirer' : 'Modifier';
  const q = [ch.workstations !== undefined ? `${ch.workstations} poste(s)` : '', ch.gigabytes !== undefined ? `${ch.gigabytes} Go` : ''].filter(Boolean).join(', ');
  return `- ${verb} « ${ch.optionCode} »${q ? ` (${q})` : ''}`;
}

/** The syndicate's active finance and admin users: who handles memberships. */
export async function staffEmails(ctx: Pick<Ctx, 'db'>): Promise<string[]> {
  const rows = await ctx.db
    .select({ email: users.email, roles: users.roles })
    .from(users)
    .innerJoin(organisations, eq(organisations.id, users.organisationId))
    .where(and(eq(organisations.kind, 'syndicate'), eq(users.active, true)));
  return rows.filter((r) => r.roles.includes('finance') || r.roles.includes('admin')).map((r) => r.email);
}

/** The syndicate accepts (the request becomes an amendment) or refuses (with a reason). */
export async function decideRequest(ctx: Ctx, requestId: string, decision: { accept: boolean; note?: string; effectiveOn?: string }) {
  authorize(ctx.actor, 'memberships.manage');
  return inTransaction(ctx, async (tx) => {
    if (!z.uuid().safeParse(requestId).success) throw new NotFound('Demande introuvable.');
    const [req] = await tx.db.select().from(optionRequests).where(eq(optionRequests.id, requestId));
    if (!req) throw new NotFound('Demande introuvable.');
    if (req.status !== 'pending') throw new Conflict('Cette demande a déjà été traitée.');
    if (!decision.accept && !decision.note?.trim()) throw new Invalid('Motivez le refus.', { note: 'Le motif du refus est obligatoire.' });
    const amendment = decision.accept ? await createAmendment(tx, req.conventionId, { effectiveOn: decision.effectiveOn ?? req.wishedOn, changes: req.changes, note: decision.note }, req.id) : null;
    const [after] = await tx.db
      .update(optionRequests)
      .set({ status: decision.accept ? 'accepted' : 'refused', decisionNote: decision.note ?? null, decidedAt: tx.clock.now(), amendmentId: amendment?.id ?? null })
      .where(eq(optionRequests.id, requestId))
      .returning();
    if (req.requestedBy) {
      const [u] = await tx.db.select({ email: users.email }).from(users).where(eq(users.id, req.requestedBy));
      if (u) {
        await sendMail(tx, {
          to: u.email,
          subject: decision.accept ? 'Votre demande de changement d’options est acceptée' : 'Votre demande de changement d’options est refusée',
          text: decision.accept ? `Un avenant n° ${amendment!.number} prend effet le ${amendment!.effectiveOn}.` : `Motif : ${decision.note}`,
        });
      }
    }
    await audit(tx, { action: decision.accept ? 'memberships.request.accept' : 'memberships.request.refuse', entity: 'it_option_request', entityId: req.id, organisationId: req.organisationId, before: req, after });
    return after!;
  });
}

/** An amendment, read through its convention (404 for one the actor may not see). */
export async function getAmendment(ctx: Ctx, id: string): Promise<Amendment> {
  const [row] = await ctx.db.select().from(amendments).where(eq(amendments.id, id));
  if (!row) throw new NotFound('Avenant introuvable.');
  await loadConvention(ctx, row.conventionId);
  return row;
}

/** A request to change options, read through its convention (404 for one the actor may not see). */
export async function getOptionRequest(ctx: Ctx, id: string): Promise<OptionRequest> {
  const [row] = await ctx.db.select().from(optionRequests).where(eq(optionRequests.id, id));
  if (!row) throw new NotFound('Demande introuvable.');
  await loadConvention(ctx, row.conventionId);
  return row;
}

/** Pending requests, for the staff dashboard. */
export async function pendingRequests(ctx: Ctx) {
  authorize(ctx.actor, 'memberships.manage');
  return ctx.db
    .select({ request: optionRequests, organisationName: organisations.name })
    .from(optionRequests)
    .innerJoin(organisations, eq(organisations.id, optionRequests.organisationId))
    .where(inArray(optionRequests.status, ['pending']))
    .orderBy(desc(optionRequests.createdAt));
}
