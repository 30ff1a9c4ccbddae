import { and, asc, desc, eq, ne } from 'drizzle-orm';
import { audit } from '../../platform/audit/index.ts';
import { authorize } from '../../platform/auth/permissions.ts';
import type { Ctx } from '../../platform/context.ts';
import { inTransaction } from '../../platform/db/tx.ts';
import { Invalid, NotFound } from '../../platform/errors.ts';
import { readFile, storeFile } from '../../platform/files/index.ts';
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
      .values({ organisationId, name: b.name, kind: b.kind, siret: b.siret ?? null, chorusStructureId: b.chorusStructureId ?? null, createdAt: tx.clock.now(), updatedAt: tx.clock.now() })
      .returning();
    await audit(tx, { action: 'members.budget.create', entity: 'budget', entityId: row!.id, organisationId, after: row });
    return row!;
  });
}

/** `organisationId`, when given, is the member the caller believes the budget belongs to (URLs carry both). */
export async function getBudget(ctx: Ctx, id: string, organisationId?: string): Promise<Budget> {
  const [row] = await ctx.db.select().from(budgets).where(eq(budgets.id, id));
  if (!row || (organisationId && row.organisationId !== organisationId)) throw new NotFound('Ce budget n’existe pas.');
  authorize(ctx.actor, 'members.read', row.organisationId);
  return row;
}

export async function updateBudget(ctx: Ctx, id: string, input: unknown, organisationId?: string): Promise<Budget> {
  const before = await getBudget(ctx, id, organisationId);
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
    const d = await findDeliberation(ctx, c.deliberationId);
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
      .values({ organisationId, competence: c.competence, startedOn: c.startedOn, endedOn: c.endedOn ?? null, deliberationId: c.deliberationId ?? null, createdAt: tx.clock.now() })
      .returning();
    await audit(tx, { action: 'members.competence.create', entity: 'competence', entityId: row!.id, organisationId, after: row });
    return row!;
  });
}

/** `organisationId`, when given, is the member the caller believes the transfer belongs to (URLs carry both). */
export async function getCompetence(ctx: Ctx, id: string, organisationId?: string): Promise<Competence> {
  const [row] = await ctx.db.select().from(competences).where(eq(competences.id, id));
  if (!row || (organisationId && row.organisationId !== organisationId)) throw new NotFound('Ce transfert de compétence n’existe pas.');
  authorize(ctx.actor, 'members.read', row.organisationId);
  return row;
}

export async function updateCompetence(ctx: Ctx, id: string, input: unknown, organisationId?: string): Promise<Competence> {
  const before = await getCompetence(ctx, id, organisationId);
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

/** A deliberation by id, or null; the caller checks the actor's rights. */
async function findDeliberation(ctx: Pick<Ctx, 'db'>, id: string): Promise<Deliberation | null> {
  const [row] = await ctx.db.select().from(deliberations).where(eq(deliberations.id, id));
  return row ?? null;
}

/** `organisationId`, when given, is the member the caller believes the deliberation belongs to (URLs carry both). */
export async function getDeliberation(ctx: Ctx, id: string, organisationId?: string): Promise<Deliberation> {
  const row = await findDeliberation(ctx, id);
  if (!row || (organisationId && row.organisationId !== organisationId)) throw new NotFound('Cette délibération n’existe pas.');
  authorize(ctx.actor, 'members.read', row.organisationId);
  return row;
}

/** The signed PDF of a member's deliberation, for download. */
export async function loadDeliberationPdf(ctx: Ctx, organisationId: string, id: string): Promise<{ name: string; mime: string; bytes: Uint8Array<ArrayBuffer> }> {
  const d = await getDeliberation(ctx, id, organisationId);
  if (!d.fileId) throw new NotFound('Aucun document pour cette délibération.');
  const { file, bytes } = await readFile(ctx, d.fileId);
  return { name: d.fileName ?? file.name, mime: file.mime, bytes: new Uint8Array(bytes) };
}

export interface NewDeliberation {
  organisationId: string;
  adoptedOn: string;
  number: string;
  subject: string;
  decision: Deliberation['decision'];
  competence?: Competence['competence'] | null;
  fileId?: string | null;
  fileName?: string | null;
}

/**
 * Inserts deliberations as given, in one statement, stamped with the app clock. No permission check and no
 * audit: for the demo data set and the use case below, which checks and audits.
 */
export async function recordDeliberations(ctx: Pick<Ctx, 'db' | 'clock'>, rows: NewDeliberation[]): Promise<Deliberation[]> {
  if (rows.length === 0) return [];
  const createdAt = ctx.clock.now();
  return ctx.db
    .insert(deliberations)
    .values(rows.map((r) => ({ ...r, competence: r.competence ?? null, fileId: r.fileId ?? null, fileName: r.fileName ?? null, createdAt })))
    .returning();
}

const MAX_DELIBERATION_PDF = 10 * 1024 * 1024;

/** Records a deliberation; its signed PDF, when given, is stored (PDF only, 10 MB at most) in the same transaction. */
export async function addDeliberation(ctx: Ctx, organisationId: string, input: unknown, pdf?: { name: string; bytes: Uint8Array }): Promise<Deliberation> {
  authorize(ctx.actor, 'members.manage', organisationId);
  const d = parseInput(deliberationInput, input);
  return inTransaction(ctx, async (tx) => {
    await memberExists(tx, organisationId);
    const file = pdf ? await storeFile(tx, { name: pdf.name, bytes: pdf.bytes, allowedTypes: ['application/pdf'], maxBytes: MAX_DELIBERATION_PDF, organisationId }) : null;
    const [row] = await recordDeliberations(tx, [{ organisationId, adoptedOn: d.adoptedOn, number: d.number, subject: d.subject, decision: d.decision, competence: d.competence, fileId: file?.id, fileName: file?.name }]);
    await audit(tx, { action: 'members.deliberation.create', entity: 'deliberation', entityId: row!.id, organisationId, after: row });
    return row!;
  });
}
