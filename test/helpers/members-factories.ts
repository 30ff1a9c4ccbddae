import { randomUUID } from 'node:crypto';
import type { Ctx } from '../../src/platform/context.ts';
import { budgets, competences, contacts, deliberations } from '../../src/modules/members/schema.ts';
import { createOrganisation } from './factories.ts';

/** An EPCI and communes in it, with a transferred competence: enough for the registry's lists and filters. */
export async function createEpciWithCommunes(ctx: Pick<Ctx, 'db'>, names: string[], extra: { competence?: (typeof competences.$inferInsert)['competence'] } = {}) {
  const tag = randomUUID().slice(0, 6);
  const epci = await createOrganisation(ctx, { kind: 'epci', name: `CC test ${tag}` });
  const communes = [];
  for (const [i, name] of names.entries()) {
    communes.push(await createOrganisation(ctx, { name, parentEpciId: epci.id, population: 100 * (i + 1), populationYear: 2023 }));
  }
  if (extra.competence && communes[0]) {
    await createCompetence(ctx, communes[0].id, { competence: extra.competence });
  }
  return { epci, communes };
}

export async function createContact(ctx: Pick<Ctx, 'db'>, organisationId: string, input: Partial<typeof contacts.$inferInsert> = {}) {
  const [row] = await ctx.db
    .insert(contacts)
    .values({ organisationId, name: `Contact ${randomUUID().slice(0, 6)}`, function: 'secretaire_mairie', createdAt: new Date(), updatedAt: new Date(), ...input })
    .returning();
  return row!;
}

export async function createBudget(ctx: Pick<Ctx, 'db'>, organisationId: string, input: Partial<typeof budgets.$inferInsert> = {}) {
  const [row] = await ctx.db.insert(budgets).values({ organisationId, name: 'Budget principal', kind: 'principal', createdAt: new Date(), updatedAt: new Date(), ...input }).returning();
  return row!;
}

export async function createCompetence(ctx: Pick<Ctx, 'db'>, organisationId: string, input: Partial<typeof competences.$inferInsert> = {}) {
  const [row] = await ctx.db.insert(competences).values({ organisationId, competence: 'informatique', startedOn: '2020-01-01', createdAt: new Date(), ...input }).returning();
  return row!;
}

export async function createDeliberation(ctx: Pick<Ctx, 'db'>, organisationId: string, input: Partial<typeof deliberations.$inferInsert> = {}) {
  const [row] = await ctx.db
    .insert(deliberations)
    .values({ organisationId, adoptedOn: '2024-06-12', number: `2024-${randomUUID().slice(0, 4)}`, subject: 'Adhésion au service informatique', decision: 'adhesion', createdAt: new Date(), ...input })
    .returning();
  return row!;
}

/** A valid, unused-looking SIREN (Luhn key computed), for forms that require one. */
export function validSiren(): string {
  for (;;) {
    const base = String(Math.floor(Math.random() * 1e8)).padStart(8, '0');
    for (let k = 0; k < 10; k++) {
      const s = `2${base.slice(1)}${k}`;
      let sum = 0;
      for (let i = 0; i < 9; i++) {
        let d = Number(s[8 - i]);
        if (i % 2 === 1) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
        sum += d;
      }
      if (sum % 10 === 0) return s;
    }
  }
}
