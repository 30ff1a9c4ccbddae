import { and, eq, ne, sql } from 'drizzle-orm';
import type { Ctx } from '../../platform/context.ts';
import type { DemoStep } from '../../platform/module.ts';
import { organisations, syndicateOrganisation } from '../members/index.ts';
import { users } from '../identity/index.ts';
import { generateActivity, interventionsInYear } from '../helpdesk/index.ts';
import { computeActivity } from './activity.ts';
import type { Channel } from './channels.ts';
import { keyFiguresOf } from './key-figures.ts';
import { yearPeriod } from './period.ts';
import { keyFigurePublications } from './schema.ts';

/** The IT service's 2019 as the syndicate reported it: 5,129 interventions. */
export const ACTIVITY_2019: Record<Channel, number> = { phone: 2056, remote: 1891, email: 171, onsite: 497, workshop: 514 };

const DEMO_TECHNICIANS = ['Julien Marchal', 'Sandrine Vuillemin', 'Karim Benali', 'Élodie Perrin'];

/** The technicians of the syndicate; a few demo ones (who cannot sign in) when there are none. */
async function technicians(ctx: Pick<Ctx, 'db' | 'clock'>): Promise<string[]> {
  const existing = await ctx.db.select({ id: users.id }).from(users).where(sql`'technician' = any(${users.roles})`);
  if (existing.length > 0) return existing.map((u) => u.id);
  const syndicate = await syndicateOrganisation(ctx);
  if (!syndicate) return [];
  const rows = await ctx.db
    .insert(users)
    .values(DEMO_TECHNICIANS.map((name) => ({ organisationId: syndicate.id, name, roles: ['technician'], createdAt: ctx.clock.now(), updatedAt: ctx.clock.now(), email: `${name.normalize('NFD').replace(/[^A-Za-z ]/g, '').toLowerCase().replace(' ', '.')}@demo.invalid` })))
    .returning({ id: users.id });
  return rows.map((r) => r.id);
}

/** Loads 2019 exactly as reported, a lighter current year, and publishes 2019's key figures. */
export async function loadReportsDemo(ctx: Ctx, progress: (message: string) => void = () => {}): Promise<void> {
  const orgs = await ctx.db
    .select({ id: organisations.id, population: organisations.population })
    .from(organisations)
    .where(and(ne(organisations.kind, 'syndicate'), eq(organisations.status, 'active')));
  if (orgs.length === 0) {
    progress('Aucune collectivité membre : activité du service informatique non générée.');
    return;
  }
  const technicianIds = await technicians(ctx);
  if ((await interventionsInYear(ctx, 2019)) === 0) {
    progress('Activité 2019 du service informatique (5 129 interventions)…');
    await generateActivity(ctx, { year: 2019, perChannel: ACTIVITY_2019, seed: 2019, organisations: orgs, technicianIds });
  }
  const now = ctx.clock.now();
  const year = now.getUTCFullYear();
  // The helpdesk's own demonstration may already have filled the current year: never double it.
  if (year !== 2019 && (await interventionsInYear(ctx, year)) === 0) {
    const elapsed = (now.getTime() - Date.UTC(year, 0, 1)) / (365 * 86_400_000);
    const share = 0.45 * Math.min(1, Math.max(0.05, elapsed));
    const perChannel = Object.fromEntries(Object.entries(ACTIVITY_2019).map(([c, n]) => [c, Math.round(n * share)])) as Record<Channel, number>;
    progress(`Activité ${year} du service informatique…`);
    await generateActivity(ctx, { year, perChannel, seed: year, organisations: orgs, technicianIds, until: now });
  }
  const [published] = await ctx.db.select({ id: keyFigurePublications.id }).from(keyFigurePublications).limit(1);
  if (!published) {
    const figures = keyFiguresOf(2019, await computeActivity(ctx, yearPeriod(2019)));
    await ctx.db.insert(keyFigurePublications).values({ year: 2019, figures, publishedAt: now, publishedByName: 'Données de démonstration' });
  }
}

export const reportsDemoStep: DemoStep = { name: 'activité du service informatique', order: 40, run: loadReportsDemo };
