import { and, asc, desc, eq, ne } from 'drizzle-orm';
import { audit } from '../../platform/audit/index.ts';
import { authorize } from '../../platform/auth/permissions.ts';
import type { Ctx } from '../../platform/context.ts';
import { inTransaction } from '../../platform/db/tx.ts';
import { Invalid, NotFound } from '../../platform/errors.ts';
import { budgets, competences, deliberations, organisations } from './schema.ts';
import { budgetInput, competenceInput, deliberationInput, parseInput } from './validation.ts';

/** Budgets, competences and deliberations of a member: read by its people, kept by the syndicate's staff. */
export type Budget = typeof budgets.$inferSelect;
export type Competence = typeof competences.$inferSelect;
export type Deliberation = typeof deliberations.$inferSelect;

async function memberExists(ctx: Ctx, organisationId: string) {
  const [org] = await ctx.db.select({ kind: organisations.kind }).from(organisations).where(eq(organisations.id, organisationId));
  if (!org || org.kind === 'syndicate') throw new NotFound('Cette collectivité n’existe pas.');
}

export async function listBudgets(ctx: Ctx, organisationId: string): Promise<Budget[]> {
  authorize(ctx.actor, 'members.read', organisationId);
  return ctx.db.select().from(budgets).where(eq(budgets.organisationId, organisationId)).orderBy(asc(budgets.kind), asc(budgets.name));
}

export async function addBudget(ctx: Ctx, organisationId: string, input: unknown): Promise<Budget> {
  authorize(ctx.actor, 'members.manage', organisationId);
  const b = parseInput(budgetInput, input);
  return inTransaction(ctx, async (tx) => {
    await memberExists(tx, organisationId);
    const [row] = await tx.db
      .insert(budgets)
      .values({ organisationId, name: b.name, kind: b.kind, siret: b.siret ?? null, chorusStructureId: b.chorusStructureId ?? null })
      .returning();
    await audit(tx, { action: 'members.budget.create', entity: 'budget', entityId: row!.id, organisationId, after: row });
    return row!;
  });
}

export async function updateBudget(ctx: Ctx, id: string, input: unknown): Promise<Budget> {
  const [before] = await ctx.db.select().from(budgets).where(eq(budgets.id, id));
  if (!before) throw new NotFound('Ce budget n’existe pas.');
  authorize(ctx.actor, 'members.manage', before.organisationId);
  const b = parseInput(budgetInput, input);
  return inTransaction(ctx, async (tx) => {
    const [after] = await tx.db
      .update(budgets)
      .set({ name: b.name, kind: b.kind, siret: b.siret ?? null, chorusStructureId: b.chorusStructureId ?? null, updatedAt: tx.clock.now() })
      .where(eq(budgets.id, id))
      .returning();
    await audit(tx, { action: 'members.budget.update', entity: 'budget', entityId: id, organisationId: before.organisationId, before, after });
    return after!;
  });
}

export async function listCompetences(ctx: Ctx, organisationId: string): Promise<Competence[]> {
  authorize(ctx.actor, 'members.read', organisationId);
  return ctx.db.select().from(competences).where(eq(competences.organisationId, organisationId)).orderBy(asc(competences.competence), desc(competences.startedOn));
}

/** A competence cannot be transferred twice over the same period; its deliberation is the member's own. */
async function checkCompetence(ctx: Ctx, organisationId: string, c: ReturnType<typeof parseCompetence>, exceptId?: string) {
  const same = await ctx.db
    .select()
    .from(competences)
    .where(and(eq(competences.organisationId, organisationId), eq(competences.competence, c.competence), exceptId ? ne(competences.id, exceptId) : undefined));
  const end = c.endedOn ?? '9999-12-31';
  if (same.some((o) => o.startedOn < end && (o.endedOn ?? '9999-12-31') > c.startedOn)) {
    throw new Invalid('Cette compétence est déjà transférée sur une partie de cette période.', { startedOn: 'Période en chevauchement avec un transfert existant.' });
  }
  if (c.deliberationId) {
    const [d] = await ctx.db.select({ organisationId: deliberations.organisationId }).from(deliberations).where(eq(deliberations.id, c.deliberationId));
    if (d?.organisationId !== organisationId) throw new Invalid('Délibération inconnue.', { deliberationId: 'Choisissez une délibération de cette collectivité.' });
  }
}
const parseCompetence = (input: unknown) => parseInput(competenceInput, input);

export async function addCompetence(ctx: Ctx, organisationId: string, input: unknown): Promise<Competence> {
  authorize(ctx.actor, 'members.manage', organisationId);
  const c = parseCompetence(input);
  return inTransaction(ctx, async (tx) => {
    await memberExists(tx, organisationId);
    await checkCompetence(tx, organisationId, c);
    const [row] = await tx.db
      .insert(competences)
      .values({ organisationId, competence: c.competence, startedOn: c.startedOn, endedOn: c.endedOn ?? null, deliberationId: c.deliberationId ?? null })
      .returning();
    await audit(tx, { action: 'members.competence.create', entity: 'competence', entityId: row!.id, organisationId, after: row });
    return row!;
  });
}

export async function updateCompetence(ctx: Ctx, id: string, input: unknown): Promise<Competence> {
  const [before] = await ctx.db.select().from(competences).where(eq(competences.id, id));
  if (!before) throw new NotFound('Ce transfert de compétence n’existe pas.');
  authorize(ctx.actor, 'members.manage', before.organisationId);
  const c = parseCompetence(input);
  return inTransaction(ctx, async (tx) => {
    await checkCompetence(tx, before.organisationId, c, id);
    const [after] = await tx.db
      .update(competences)
      .set({ competence: c.competence, startedOn: c.startedOn, endedOn: c.endedOn ?? null, deliberationId: c.deliberationId ?? null })
      .where(eq(competences.id, id))
      .returning();
    await audit(tx, { action: 'members.competence.update', entity: 'competence', entityId: id, organisationId: before.organisationId, before, after });
    return after!;
  });
}

export async function listDeliberations(ctx: Ctx, organisationId: string): Promise<Deliberation[]> {
  authorize(ctx.actor, 'members.read', organisationId);
  return ctx.db.select().from(deliberations).where(eq(deliberations.organisationId, organisationId)).orderBy(desc(deliberations.adoptedOn), asc(deliberations.number));
}

export async function getDeliberation(ctx: Ctx, id: string): Promise<Deliberation> {
  const [row] = await ctx.db.select().from(deliberations).where(eq(deliberations.id, id));
  if (!row) throw new NotFound('Cette délibération n’existe pas.');
  authorize(ctx.actor, 'members.read', row.organisationId);
  return row;
}

/**
 * Records a deliberation. The PDF, when given, is stored first by `storePdf` (the caller's file store) and
 * linked in the same transaction.
 */
export async function addDeliberation(
  ctx: Ctx,
  organisationId: string,
  input: unknown,
  storePdf?: (ctx: Ctx) => Promise<{ fileId: string; fileName: string }>,
): Promise<Deliberation> {
  authorize(ctx.actor, 'members.manage', organisationId);
  const d = parseInput(deliberationInput, input);
  return inTransaction(ctx, async (tx) => {
    await memberExists(tx, organisationId);
    const file = storePdf ? await storePdf(tx) : null;
    const [row] = await tx.db
      .insert(deliberations)
      .values({ organisationId, adoptedOn: d.adoptedOn, number: d.number, subject: d.subject, decision: d.decision, competence: d.competence ?? null, fileId: file?.fileId ?? null, fileName: file?.fileName ?? null })
      .returning();
    await audit(tx, { action: 'members.deliberation.create', entity: 'deliberation', entityId: row!.id, organisationId, after: row });
    return row!;
  });
}
