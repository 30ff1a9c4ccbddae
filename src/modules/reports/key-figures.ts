import { desc } from 'drizzle-orm';
import { z } from 'zod';
import type { Ctx } from '../../platform/context.ts';
import { authorize } from '../../platform/auth/permissions.ts';
import { audit } from '../../platform/audit/index.ts';
import { inTransaction } from '../../platform/db/index.ts';
import { Invalid, NotFound } from '../../platform/errors.ts';
import { computeActivity, type ActivityReport } from './activity.ts';
import type { KeyFigures } from './key-figures-model.ts';
import { yearPeriod } from './period.ts';
import { keyFigurePublications } from './schema.ts';

export type { KeyFigures } from './key-figures-model.ts';

export interface PublishedKeyFigures {
  id: string;
  year: number;
  figures: KeyFigures;
  publishedAt: Date;
}

/** The figures of a year as the public sees them: totals only, nothing about a given member. */
export function keyFiguresOf(year: number, r: ActivityReport): KeyFigures {
  return {
    year,
    interventions: r.total,
    channels: r.channels.map((c) => ({ channel: c.channel, label: c.label, count: c.count })),
    membersServed: r.members.length,
    hoursOfWork: Math.round(r.totalMinutes / 60),
    ticketsResolved: r.tickets.resolved,
    satisfactionAverage: r.satisfaction.average === null ? null : Math.round(r.satisfaction.average * 10) / 10,
    satisfactionCount: r.satisfaction.count,
    medianResolutionHours: r.tickets.medianResolutionMinutes === null ? null : Math.round((r.tickets.medianResolutionMinutes / 60) * 10) / 10,
  };
}

export const publishSchema = z.object({
  year: z.coerce.number({ message: 'Année attendue.' }).int('Année attendue.').min(2000, 'Année trop ancienne.').max(2100, 'Année trop lointaine.'),
});

/** Freezes a year's figures and makes them the public key figures (editors). */
export async function publishKeyFigures(ctx: Ctx, input: { year: unknown }): Promise<PublishedKeyFigures> {
  authorize(ctx.actor, 'reports.publish');
  const parsed = publishSchema.safeParse(input);
  if (!parsed.success) throw new Invalid('Les chiffres clés n’ont pas été publiés.', { year: parsed.error.issues[0]!.message });
  const { year } = parsed.data;
  if (year > Number(ctx.clock.now().toISOString().slice(0, 4))) throw new Invalid('Les chiffres clés n’ont pas été publiés.', { year: 'Cette année n’a pas commencé.' });
  return inTransaction(ctx, async (tx) => {
    const figures = keyFiguresOf(year, await computeActivity(tx, yearPeriod(year)));
    if (figures.interventions === 0) throw new Invalid('Les chiffres clés n’ont pas été publiés.', { year: 'Aucune intervention n’est enregistrée pour cette année.' });
    const [row] = await tx.db
      .insert(keyFigurePublications)
      .values({ year, figures, publishedAt: tx.clock.now(), publishedBy: tx.actor!.userId, publishedByName: tx.actor!.name })
      .returning();
    await audit(tx, { action: 'report.key_figures.publish', entity: 'report_key_figures', entityId: row!.id, after: { year, figures } });
    return { id: row!.id, year, figures, publishedAt: row!.publishedAt };
  });
}

/** The key figures currently published (the newest publication), or null. Public: no permission needed. */
export async function publishedKeyFigures(ctx: Pick<Ctx, 'db'>): Promise<PublishedKeyFigures | null> {
  const [row] = await ctx.db.select().from(keyFigurePublications).orderBy(desc(keyFigurePublications.publishedAt)).limit(1);
  return row ? { id: row.id, year: row.year, figures: row.figures, publishedAt: row.publishedAt } : null;
}

/** The key figures in force; NotFound before the first publication. */
export async function currentKeyFigures(ctx: Pick<Ctx, 'db'>): Promise<PublishedKeyFigures> {
  const published = await publishedKeyFigures(ctx);
  if (!published) throw new NotFound('Aucun chiffre clé n’est publié pour le moment.');
  return published;
}

/** Past publications, newest first (editors). */
export async function keyFigureHistory(ctx: Ctx) {
  authorize(ctx.actor, 'reports.publish');
  return ctx.db.select().from(keyFigurePublications).orderBy(desc(keyFigurePublications.publishedAt)).limit(20);
}
