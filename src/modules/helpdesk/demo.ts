import { and, eq, ne, sql } from 'drizzle-orm';
import type { Ctx } from '../../platform/context.ts';
import type { DemoStep } from '../../platform/module.ts';
import { organisations } from '../members/index.ts';
import { users } from '../identity/index.ts';
import { generateActivity } from './demo-activity.ts';
import { memberBackups, memberEquipment, memberSoftware, ticketComments, tickets, visits, workshopItems } from './schema.ts';
import { addBusinessMinutes } from './sla.ts';
import { loadSettings } from './settings.ts';
import type { Channel } from './workflow.ts';

async function demoMembers(ctx: Pick<Ctx, 'db'>) {
  return ctx.db
    .select({ id: organisations.id, name: organisations.name, population: organisations.population })
    .from(organisations)
    .where(and(ne(organisations.kind, 'syndicate'), eq(organisations.status, 'active')))
    .orderBy(organisations.name);
}

async function technicianIds(ctx: Pick<Ctx, 'db'>): Promise<string[]> {
  const rows = await ctx.db.select({ id: users.id }).from(users).where(sql`'technician' = any(${users.roles})`).orderBy(users.email);
  return rows.map((r) => r.id);
}

/**
 * A deterministic year of tickets and interventions (exact counts per channel, bulk inserts) over the
 * active members and the syndicate's technicians, e.g. 2019: { phone: 2056, remote: 1891, email: 171,
 * onsite: 497, workshop: 514 }. The rows are written by the activity generator (also used by the reports' demonstration).
 */
export async function generateHelpdeskActivity(ctx: Pick<Ctx, 'db'>, opts: { year: number; perChannel: Record<Channel, number>; seed: number; until?: Date }) {
  const orgs = await demoMembers(ctx);
  return generateActivity(ctx, { ...opts, organisations: orgs.map((o) => ({ id: o.id, population: o.population })), technicianIds: await technicianIds(ctx) });
}

const SOFTWARE = [
  ['Berger-Levrault', 'e.magnus Gestion financière', '7.40', ['Comptabilité', 'Paie']],
  ['JVS-Mairistem', 'Horizon Villages', '2024.2', ['État civil', 'Élections', 'Cimetière']],
  ['Cosoluce', 'Coloris', '3.1', ['Comptabilité']],
  ['Segilog', 'Ohris', '5', ['Élections', 'Recensement']],
] as const;

/**
 * The helpdesk's live side for the demonstration: inventories, open requests of this week (with a public
 * reply and an internal note), next week's visits and equipment in the workshop. Runs after the activity
 * history (reports step), which it does not duplicate.
 */
async function run(ctx: Ctx, progress: (message: string) => void) {
  const members = (await demoMembers(ctx)).slice(0, 12);
  const techs = await technicianIds(ctx);
  if (!members.length) return;
  progress('Inventaires et demandes en cours de l’assistance…');
  const settings = await loadSettings(ctx);
  const now = ctx.clock.now();
  for (const [i, m] of members.entries()) {
    const [publisher, product, version, modules] = SOFTWARE[i % SOFTWARE.length]!;
    await ctx.db.insert(memberSoftware).values({ organisationId: m.id, publisher, product, version, modules: [...modules], licences: 2 + (i % 3), createdAt: now, updatedAt: now });
    await ctx.db.insert(memberEquipment).values([
      { organisationId: m.id, kind: 'workstation', label: 'Poste de secrétariat', operatingSystem: 'Windows 11', quantity: 1 + (i % 4), createdAt: now, updatedAt: now },
      { organisationId: m.id, kind: 'server', label: 'NAS de sauvegarde', operatingSystem: 'DSM 7', quantity: 1, createdAt: now, updatedAt: now },
    ]);
    await ctx.db.insert(memberBackups).values({ organisationId: m.id, method: 'Sauvegarde externalisée du syndicat', destination: 'Centre de données du syndicat', frequency: 'Quotidienne', retention: '30 jours', createdAt: now, updatedAt: now });
  }
  const open = [
    ['Mandat rejeté par la trésorerie (PES V2)', 'comptabilite', 'new', 'high'],
    ['Impossible d’imprimer les actes de naissance', 'etat-civil', 'in_progress', 'normal'],
    ['Refonte de la liste électorale : doublons', 'elections', 'waiting_member', 'normal'],
    ['Poste du secrétariat très lent', 'materiel', 'assigned', 'low'],
    ['Courriel suspect reçu en mairie', 'securite', 'in_progress', 'urgent'],
  ] as const;
  for (const [i, [title, domain, status, priority]] of open.entries()) {
    const m = members[i % members.length]!;
    const created = new Date(now.getTime() - (i + 1) * 5 * 3600_000);
    const target = settings.slaTargets[priority]!;
    const [t] = await ctx.db
      .insert(tickets)
      .values({
        organisationId: m.id,
        domain,
        title,
        description: 'Demande saisie pour la démonstration.',
        priority,
        status,
        source: i % 2 ? 'portal' : 'call',
        channel: i % 2 ? null : 'phone',
        assigneeId: status === 'new' ? null : (techs[i % Math.max(1, techs.length)] ?? null),
        createdAt: created,
        updatedAt: created,
        firstResponseDueAt: addBusinessMinutes(created, target.firstResponse, settings.openingHours),
        resolutionDueAt: addBusinessMinutes(created, target.resolution, settings.openingHours),
        pausedAt: status === 'waiting_member' ? now : null,
      })
      .returning();
    await ctx.db.insert(ticketComments).values([
      { ticketId: t!.id, organisationId: m.id, authorName: 'Service informatique', body: 'Nous regardons votre demande et revenons vers vous rapidement.', createdAt: created },
      { ticketId: t!.id, organisationId: m.id, authorName: 'Service informatique', body: 'Note interne : vérifier la version installée avant de rappeler.', internal: true, createdAt: created },
    ]);
  }
  const monday = new Date(now.getTime() + (8 - (now.getUTCDay() || 7)) * 86_400_000);
  for (const [i, tech] of techs.slice(0, 2).entries()) {
    for (let d = 0; d < 3; d++) {
      const m = members[(i * 3 + d) % members.length]!;
      const startsAt = new Date(Date.UTC(monday.getUTCFullYear(), monday.getUTCMonth(), monday.getUTCDate() + d, 8 + i));
      await ctx.db.insert(visits).values({ organisationId: m.id, technicianId: tech, startsAt, durationMinutes: 90, purpose: d % 2 ? 'Installation d’un poste' : 'Contrôle des sauvegardes', createdAt: now });
    }
  }
  await ctx.db.insert(workshopItems).values(
    members.slice(0, 3).map((m, i) => ({ organisationId: m.id, assetTag: `PC-${now.getUTCFullYear()}-D${i + 1}`, description: i ? 'Portable du maire : écran cassé' : 'Unité centrale du secrétariat', receivedOn: new Date(now.getTime() - (i + 2) * 86_400_000).toISOString().slice(0, 10), status: (['diagnosis', 'repair', 'ready'] as const)[i]!, createdAt: now })),
  );
}

export const helpdeskDemo: DemoStep = { name: 'assistance informatique', order: 50, run };
