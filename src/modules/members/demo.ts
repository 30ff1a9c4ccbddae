import { and, eq } from 'drizzle-orm';
import type { Ctx } from '../../platform/context.ts';
import { inTransaction } from '../../platform/db/tx.ts';
import { addMissing } from './import.ts';
import { luhnValid } from './identifiers.ts';
import { officialDepartement } from './official.ts';
import { recordDeliberations } from './records.ts';
import { budgets, competences, contacts, organisations } from './schema.ts';

/** The département of the demo syndicate (Territoire d'Énergie 90). */
export const DEMO_DEPARTEMENT = '90';

const FIRST = ['Claire', 'Julien', 'Sophie', 'Nicolas', 'Isabelle', 'Thomas', 'Nathalie', 'Pierre', 'Camille', 'Laurent'];
const LAST = ['Démo', 'Exemple', 'Fictif', 'Modèle', 'Essai'];

/** A SIRET for a demo budget: the real SIREN of the commune and the first NIC whose Luhn key holds. */
function demoSiret(siren: string, from: number): string {
  for (let nic = from; ; nic++) {
    const s = siren + String(nic).padStart(5, '0');
    if (luhnValid(s)) return s;
  }
}

/**
 * The 101 real communes and 3 EPCI of the Territoire de Belfort from the official data, then invented
 * contacts, budgets, competences and deliberations (names marked « démo ») on a share of them. Bulk inserts.
 */
export async function loadMembersDemo(ctx: Ctx, progress: (message: string) => void): Promise<void> {
  await inTransaction(ctx, async (tx) => {
    await addMissing(tx, officialDepartement(DEMO_DEPARTEMENT), progress);
    const communes = await tx.db
      .select({ id: organisations.id, name: organisations.name, siren: organisations.siren, inseeCode: organisations.inseeCode })
      .from(organisations)
      .where(and(eq(organisations.kind, 'commune'), eq(organisations.departement, DEMO_DEPARTEMENT)))
      .orderBy(organisations.inseeCode);
    const now = tx.clock.now();
    await tx.db.update(organisations).set({ joinedOn: '2000-01-01', updatedAt: now }).where(eq(organisations.departement, DEMO_DEPARTEMENT));
    const n = (code: string | null) => Number((code ?? '0').slice(-3));
    const itMembers = communes.filter((c) => n(c.inseeCode) % 5 !== 0);
    const delibRows = await recordDeliberations(
      tx,
      itMembers.map((c, i) => ({
        organisationId: c.id,
        adoptedOn: `2018-06-${String(4 + (i % 20)).padStart(2, '0')}`,
        number: `DEMO-2018-${String(i + 1).padStart(3, '0')}`,
        subject: 'Adhésion au service informatique mutualisé (délibération de démonstration)',
        decision: 'transfert_competence',
        competence: 'informatique',
      })),
    );
    const delibOf = new Map(delibRows.map((d) => [d.organisationId, d.id]));
    await tx.db.insert(competences).values([
      ...communes.map((c) => ({ organisationId: c.id, competence: 'electricite' as const, startedOn: '2000-01-01', createdAt: now })),
      ...itMembers.map((c) => ({ organisationId: c.id, competence: 'informatique' as const, startedOn: '2018-07-01', deliberationId: delibOf.get(c.id) ?? null, createdAt: now })),
      ...communes.filter((c) => n(c.inseeCode) % 3 === 0).map((c) => ({ organisationId: c.id, competence: 'eclairage_maintenance' as const, startedOn: '2015-01-01', createdAt: now })),
    ]);
    await tx.db.insert(budgets).values(
      communes.filter((c) => c.siren).map((c, i) => ({ organisationId: c.id, name: `Budget principal de ${c.name}`, kind: 'principal' as const, siret: demoSiret(c.siren!, 10), chorusStructureId: String(25_000_000 + i * 137), createdAt: now, updatedAt: now })),
    );
    await tx.db.insert(contacts).values(
      communes.flatMap((c, i) => {
        const phone = `03 84 ${String(10 + (i % 90)).padStart(2, '0')} ${String(n(c.inseeCode)).padStart(3, '0').slice(-2)} 00`;
        const who = (k: number) => `${FIRST[(i + k) % FIRST.length]} ${LAST[(i + k) % LAST.length]}`;
        return [
          { organisationId: c.id, name: who(0), function: 'maire' as const, startedOn: '2020-05-25', createdAt: now, updatedAt: now },
          { organisationId: c.id, name: who(3), function: 'secretaire_mairie' as const, phone, phoneDigits: phone.replace(/\s/g, ''), email: `mairie.${c.inseeCode}@demo.invalid`, startedOn: '2019-09-01', createdAt: now, updatedAt: now },
          ...(i % 4 === 0 ? [{ organisationId: c.id, name: who(6), function: 'secretaire_mairie' as const, startedOn: '2012-01-01', endedOn: '2019-08-31', createdAt: now, updatedAt: now }] : []),
        ];
      }),
    );
    progress(`Collectivités de démonstration : ${communes.length} communes, contacts, budgets, compétences et délibérations.`);
  });
}
