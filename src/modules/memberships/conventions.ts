import { and, asc, eq, isNull, or, gte, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Ctx } from '../../platform/context.ts';
import { audit } from '../../platform/audit/index.ts';
import { authorize } from '../../platform/auth/permissions.ts';
import { inTransaction } from '../../platform/db/tx.ts';
import { toNumber } from '../../platform/db/types.ts';
import { Conflict, Forbidden, Invalid, NotFound } from '../../platform/errors.ts';
import { getDeliberation, organisations, type Deliberation } from '../members/index.ts';
import { generationOf, nextState, TransitionRefused, type ConventionEvent } from './lifecycle.ts';
import { price, PricingError, type Price } from './pricing.ts';
import { dayBefore } from './proration.ts';
import { amendments, conventionOptions, conventions, optionRequests, type AmendmentChange } from './schema.ts';
import { fieldsOf } from './syntec-service.ts';
import { gridInForce, type GridWithOptions, type TariffOption } from './tariffs.ts';

export type Convention = typeof conventions.$inferSelect;
export type OptionLine = typeof conventionOptions.$inferSelect;
const dateSchema = z.iso.date({ message: 'Date au format AAAA-MM-JJ.' });

export const optionChoice = z.object({
  code: z.string().min(1),
  workstations: z.coerce.number().int().min(0, 'Nombre de postes positif.').default(0),
  gigabytes: z.coerce.number().int().min(0, 'Quota en Go positif.').default(0),
});
export const conventionInput = z.object({
  organisationId: z.uuid('Collectivité invalide.'),
  startsOn: dateSchema,
  populationAsOf: dateSchema.optional(),
  options: z.array(optionChoice).min(1, 'Choisissez au moins la maintenance de base.'),
});

/** Reads a convention the actor may see (a member's manager: only its own), or NotFound. */
export async function loadConvention(ctx: Ctx, id: string, permission: 'memberships.read' | 'memberships.manage' | 'memberships.request' = 'memberships.read') {
  authorize(ctx.actor, permission);
  if (!z.uuid().safeParse(id).success) throw new NotFound('Convention introuvable.');
  const [row] = await ctx.db.select().from(conventions).where(eq(conventions.id, id));
  // Same answer for "absent" and "another member's": nothing leaks across tenants.
  if (!row) throw new NotFound('Convention introuvable.');
  authorizeOrNotFound(ctx, permission, row.organisationId);
  return row;
}
function authorizeOrNotFound(ctx: Ctx, permission: Parameters<typeof authorize>[1], organisationId: string) {
  try {
    authorize(ctx.actor, permission, organisationId);
  } catch {
    throw new NotFound('Convention introuvable.');
  }
}

export async function conventionDetail(ctx: Ctx, id: string) {
  const convention = await loadConvention(ctx, id);
  const [org] = await ctx.db.select().from(organisations).where(eq(organisations.id, convention.organisationId));
  const lines = await ctx.db.select().from(conventionOptions).where(eq(conventionOptions.conventionId, id)).orderBy(asc(conventionOptions.startsOn), asc(conventionOptions.optionCode));
  const avenants = await ctx.db.select().from(amendments).where(eq(amendments.conventionId, id)).orderBy(asc(amendments.number));
  const requests = await ctx.db.select().from(optionRequests).where(eq(optionRequests.conventionId, id)).orderBy(asc(optionRequests.createdAt));
  const deliberation = convention.deliberationId ? await deliberationOf(ctx, convention.deliberationId, convention.organisationId) : null;
  return { convention, organisation: org!, lines, amendments: avenants, requests, deliberation };
}

export interface PricedOption {
  code: string;
  label: string;
  workstations: number;
  gigabytes: number;
  population: number;
  startsOn: string;
  endsOn: string | null;
  price: Price;
}

/** Prices a line with a grid; a missing option or an uncovered quantity is a clear French error. */
export function priceLine(grid: GridWithOptions, line: Pick<OptionLine, 'optionCode' | 'workstations' | 'gigabytes'>, population: number): { option: TariffOption; price: Price } {
  const option = grid.options.find((o) => o.code === line.optionCode);
  if (!option) throw new Invalid(`L’option « ${line.optionCode} » n’existe pas dans la grille ${grid.year}.`);
  try {
    return { option, price: price(option.rule, { workstations: line.workstations, gigabytes: line.gigabytes, population }) };
  } catch (e) {
    if (e instanceof PricingError) throw new Invalid(`${option.label} : ${e.message}`);
    throw e;
  }
}

/** The options held on a date, priced with the grid in force on that date, each with its breakdown. */
export async function conventionPrices(ctx: Ctx, id: string, on: string): Promise<{ grid: GridWithOptions | null; options: PricedOption[] }> {
  const convention = await loadConvention(ctx, id);
  const grid = await gridInForce(ctx, on);
  if (!grid) return { grid: null, options: [] };
  const lines = await ctx.db.select().from(conventionOptions).where(eq(conventionOptions.conventionId, id));
  const held = lines.filter((l) => l.startsOn <= on && (l.endsOn === null || l.endsOn >= on));
  const options = held.map((l) => {
    const { option, price: p } = priceLine(grid, l, convention.population);
    return { code: l.optionCode, label: option.label, workstations: l.workstations, gigabytes: l.gigabytes, population: convention.population, startsOn: l.startsOn, endsOn: l.endsOn, price: p };
  });
  return { grid, options };
}

export async function createConvention(ctx: Ctx, raw: z.input<typeof conventionInput>): Promise<Convention> {
  const parsed = conventionInput.safeParse(raw);
  if (!parsed.success) throw new Invalid('La convention n’est pas valide.', fieldsOf(parsed.error));
  const input = parsed.data;
  authorize(ctx.actor, 'memberships.manage', input.organisationId);
  return inTransaction(ctx, async (tx) => {
    const [org] = await tx.db.select().from(organisations).where(eq(organisations.id, input.organisationId));
    if (!org || org.kind === 'syndicate') throw new Invalid('Collectivité inconnue.', { organisationId: 'Collectivité inconnue.' });
    const grid = await gridInForce(tx, input.startsOn);
    if (!grid) throw new Invalid(`Aucune grille tarifaire adoptée n’est en vigueur au ${input.startsOn}.`, { startsOn: 'Aucune grille adoptée à cette date.' });
    checkOptions(grid, input.options, org.population ?? 0);
    const gen = generationOf(input.startsOn);
    const number = await nextConventionNumber(tx, gen.startsOn);
    const [row] = await tx.db
      .insert(conventions)
      .values({
        organisationId: org.id,
        number,
        generationStartsOn: gen.startsOn,
        generationEndsOn: gen.endsOn,
        startsOn: input.startsOn,
        currentTermEndsOn: firstTermEnd(input.startsOn, gen.endsOn),
        population: org.population ?? 0,
        populationAsOf: input.populationAsOf ?? (org.populationYear ? `${org.populationYear}-01-01` : input.startsOn),
        createdAt: tx.clock.now(),
        updatedAt: tx.clock.now(),
      })
      .returning();
    for (const o of input.options) {
      await tx.db.insert(conventionOptions).values({ conventionId: row!.id, optionCode: o.code, workstations: o.workstations, gigabytes: o.gigabytes, startsOn: input.startsOn });
    }
    await audit(tx, { action: 'memberships.convention.create', entity: 'it_convention', entityId: row!.id, organisationId: org.id, after: { ...row, options: input.options } });
    return row!;
  });
}

/**
 * Takes a lock held until the transaction ends, so that two transactions numbering the same series (a
 * generation's conventions, a convention's amendments) run one after the other and never pick the same number.
 */
export async function lockNumbering(ctx: Pick<Ctx, 'db'>, series: string): Promise<void> {
  await ctx.db.execute(sql`select pg_advisory_xact_lock(hashtext(${series}))`);
}

/** The next number of a generation's series, `CI-<first year>-0001` onwards: one above the highest taken. */
async function nextConventionNumber(tx: Pick<Ctx, 'db'>, generationStartsOn: string): Promise<string> {
  const prefix = `CI-${generationStartsOn.slice(0, 4)}-`;
  await lockNumbering(tx, `it_conventions:${prefix}`);
  const [row] = await tx.db
    .select({ n: sql<unknown>`max(substr(${conventions.number}, ${prefix.length + 1})::int)` })
    .from(conventions)
    .where(sql`${conventions.number} ~ ${`^${prefix}[0-9]+$`}`);
  return `${prefix}${String(toNumber(row?.n) + 1).padStart(4, '0')}`;
}

/** The first yearly term ends on the next 30 June (membership years run from 1 July), within the generation. */
function firstTermEnd(startsOn: string, generationEndsOn: string): string {
  const y = Number(startsOn.slice(0, 4)) + (startsOn.slice(5) >= '07-01' ? 1 : 0);
  const end = `${y}-06-30`;
  return end < generationEndsOn ? end : generationEndsOn;
}

function checkOptions(grid: GridWithOptions, options: z.output<typeof optionChoice>[], population: number) {
  const codes = options.map((o) => o.code);
  if (new Set(codes).size !== codes.length) throw new Invalid('Une option est choisie deux fois.', { options: 'Une option est choisie deux fois.' });
  for (const m of grid.options.filter((o) => o.mandatory)) {
    if (!codes.includes(m.code)) throw new Invalid(`L’option « ${m.label} » est obligatoire.`, { options: `« ${m.label} » est obligatoire.` });
  }
  for (const o of options) {
    const { option } = priceLine(grid, { optionCode: o.code, workstations: o.workstations, gigabytes: o.gigabytes }, population);
    if (option.requiresAmendment) throw new Invalid(`L’option « ${option.label} » ne peut être prise que par avenant.`, { options: `« ${option.label} » : par avenant uniquement.` });
  }
}

export const transitionInput = z.object({
  event: z.enum(['submit', 'sign', 'renew_tacitly', 'expire', 'renew_expressly', 'terminate', 'abandon']),
  deliberationId: z.uuid('Délibération invalide.').optional(),
  signedOn: dateSchema.optional(),
  effectiveOn: dateSchema.optional(),
  by: z.enum(['member', 'syndicate']).optional(),
  reason: z.enum(['fault', 'free']).optional(),
  note: z.string().trim().max(2000).optional(),
});
export type TransitionInput = z.input<typeof transitionInput>;

/** Applies one lifecycle event; everything the table or the dates refuse is a French 409/422 and changes nothing. */
export async function transition(ctx: Ctx, id: string, raw: TransitionInput): Promise<Convention> {
  const parsed = transitionInput.safeParse(raw);
  if (!parsed.success) throw new Invalid('Action invalide.', fieldsOf(parsed.error));
  const input = parsed.data;
  return inTransaction(ctx, async (tx) => {
    const c = await loadConvention(tx, id, 'memberships.manage');
    let status;
    try {
      status = nextState(c.status, input.event);
    } catch (e) {
      if (e instanceof TransitionRefused) throw new Conflict(e.message, 'transition_refused');
      throw e;
    }
    const today = tx.clock.now().toISOString().slice(0, 10);
    const set: Partial<Convention> = { status, updatedAt: tx.clock.now() };
    await guards[input.event](tx, c, input, set, today);
    const [after] = await tx.db.update(conventions).set(set).where(eq(conventions.id, id)).returning();
    await audit(tx, { action: `memberships.convention.${input.event}`, entity: 'it_convention', entityId: id, organisationId: c.organisationId, before: c, after });
    return after!;
  });
}

type Guard = (ctx: Ctx, c: Convention, input: z.output<typeof transitionInput>, set: Partial<Convention>, today: string) => Promise<void>;
const guards: Record<ConventionEvent, Guard> = {
  submit: async () => {},
  abandon: async () => {},
  sign: async (ctx, c, input, set) => {
    const fields: Record<string, string> = {};
    if (!input.deliberationId) fields.deliberationId = 'La délibération de la collectivité est obligatoire.';
    if (!input.signedOn) fields.signedOn = 'La date de signature est obligatoire.';
    if (Object.keys(fields).length) throw new Invalid('La signature ne peut pas être enregistrée.', fields);
    const d = await deliberationOf(ctx, input.deliberationId!, c.organisationId);
    if (!d) throw new Invalid('Cette délibération n’appartient pas à la collectivité.', { deliberationId: 'Délibération inconnue pour cette collectivité.' });
    if (input.signedOn! < d.adoptedOn) throw new Invalid('La convention est signée après la délibération.', { signedOn: 'La signature suit la délibération.' });
    set.deliberationId = d.id;
    set.signedOn = input.signedOn!;
  },
  renew_tacitly: async (_ctx, c, _input, set) => {
    if (c.currentTermEndsOn >= c.generationEndsOn) {
      throw new Conflict('La sixième année est atteinte : la convention ne se reconduit plus tacitement, un renouvellement exprès est nécessaire.', 'sixth_year');
    }
    // One more year, never beyond the generation's end (30 June of the sixth year).
    const next = `${Number(c.currentTermEndsOn.slice(0, 4)) + 1}${c.currentTermEndsOn.slice(4)}`;
    set.currentTermEndsOn = next < c.generationEndsOn ? next : c.generationEndsOn;
  },
  expire: async (_ctx, c, _input, _set, today) => {
    if (c.currentTermEndsOn < c.generationEndsOn) throw new Conflict('La convention n’est pas dans sa sixième année : elle se reconduit tacitement.', 'not_sixth_year');
    if (today <= c.generationEndsOn) throw new Conflict(`La convention court jusqu’au ${c.generationEndsOn}.`, 'not_ended');
  },
  renew_expressly: async (ctx, c, _input, set) => {
    if (c.nextId) throw new Conflict('Cette convention a déjà été renouvelée.', 'already_renewed');
    const startsOn = nextDay(c.generationEndsOn);
    const lines = await ctx.db.select().from(conventionOptions).where(and(eq(conventionOptions.conventionId, c.id), or(isNull(conventionOptions.endsOn), gte(conventionOptions.endsOn, c.generationEndsOn))));
    const gen = generationOf(startsOn);
    const number = await nextConventionNumber(ctx, gen.startsOn);
    const [next] = await ctx.db
      .insert(conventions)
      .values({
        organisationId: c.organisationId,
        number,
        generationStartsOn: gen.startsOn,
        generationEndsOn: gen.endsOn,
        startsOn,
        currentTermEndsOn: firstTermEnd(startsOn, gen.endsOn),
        population: c.population,
        populationAsOf: c.populationAsOf,
        previousId: c.id,
        createdAt: ctx.clock.now(),
        updatedAt: ctx.clock.now(),
      })
      .returning();
    for (const l of lines) {
      await ctx.db.insert(conventionOptions).values({ conventionId: next!.id, optionCode: l.optionCode, workstations: l.workstations, gigabytes: l.gigabytes, startsOn });
    }
    set.nextId = next!.id;
  },
  terminate: async (ctx, c, input, set) => {
    const fields: Record<string, string> = {};
    if (!input.effectiveOn) fields.effectiveOn = 'La date d’effet est obligatoire.';
    if (!input.by) fields.by = 'Indiquez qui résilie (la collectivité ou le syndicat).';
    if (!input.reason) fields.reason = 'Indiquez le motif (faute ou libre volonté).';
    if (input.effectiveOn && input.effectiveOn <= c.startsOn) fields.effectiveOn = 'La date d’effet suit le début de la convention.';
    if (Object.keys(fields).length) throw new Invalid('La résiliation ne peut pas être enregistrée.', fields);
    const lastDay = dayBefore(input.effectiveOn!);
    const lines = await ctx.db.select().from(conventionOptions).where(eq(conventionOptions.conventionId, c.id));
    for (const l of lines) {
      // A line starting after the last day ends before it starts: it is never billed.
      if (l.endsOn === null || l.endsOn > lastDay) await ctx.db.update(conventionOptions).set({ endsOn: lastDay }).where(eq(conventionOptions.id, l.id));
    }
    Object.assign(set, { terminatedOn: input.effectiveOn!, terminatedBy: input.by!, terminationReason: input.reason!, terminationNote: input.note ?? null });
  },
};

/** The member's deliberation with this id, or null (unknown, or another member's). */
async function deliberationOf(ctx: Ctx, id: string, organisationId: string): Promise<Deliberation | null> {
  try {
    const d = await getDeliberation(ctx, id);
    return d.organisationId === organisationId ? d : null;
  } catch (e) {
    if (e instanceof NotFound || e instanceof Forbidden) return null;
    throw e;
  }
}

function nextDay(date: string): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
}

export type { AmendmentChange };
