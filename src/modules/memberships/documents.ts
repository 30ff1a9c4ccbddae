import { eq } from 'drizzle-orm';
import type { Ctx } from '../../platform/context.ts';
import { NotFound } from '../../platform/errors.ts';
import { organisations } from '../members/index.ts';
import { getRun } from './contributions.ts';
import { conventionDetail, conventionPrices } from './conventions.ts';
import { conventionPdf, noticePdf } from './pdf.ts';
import { UNIT_LABELS } from './pricing.ts';

/** The convention with its annex, priced on `on` (its start, or today when later). */
export async function conventionDocument(ctx: Ctx, id: string, on: string): Promise<{ filename: string; bytes: Buffer }> {
  const d = await conventionDetail(ctx, id);
  const at = on < d.convention.startsOn ? d.convention.startsOn : on;
  const { grid, options } = await conventionPrices(ctx, id, at);
  const bytes = await conventionPdf({
    syndicateName: ctx.config.SYNDICATE_NAME,
    number: d.convention.number,
    memberName: d.organisation.name,
    inseeCode: d.organisation.inseeCode,
    population: d.convention.population,
    populationAsOf: d.convention.populationAsOf,
    startsOn: d.convention.startsOn,
    generationEndsOn: d.convention.generationEndsOn,
    signedOn: d.convention.signedOn,
    deliberation: d.deliberation ? { number: d.deliberation.number, adoptedOn: d.deliberation.adoptedOn } : null,
    gridYear: grid?.year ?? null,
    options: options.map((o) => ({ label: o.label, quantities: quantities(o), price: o.price })),
  });
  return { filename: `convention-${d.convention.number}.pdf`, bytes };
}

export function quantities(o: { workstations: number; gigabytes: number }): string {
  return [o.workstations ? `${o.workstations} ${UNIT_LABELS.workstation}(s)` : '', o.gigabytes ? `${o.gigabytes} Go` : ''].filter(Boolean).join(', ');
}

export async function contributionNotice(ctx: Ctx, runId: string, organisationId: string): Promise<{ filename: string; bytes: Buffer }> {
  const { run, lines } = await getRun(ctx, runId, organisationId);
  if (lines.length === 0) throw new NotFound('Aucune contribution pour cette collectivité dans cette campagne.');
  const [org] = await ctx.db.select().from(organisations).where(eq(organisations.id, organisationId));
  const bytes = await noticePdf({ syndicateName: ctx.config.SYNDICATE_NAME, runLabel: run.label, periodStart: run.periodStart, periodEnd: run.periodEnd, memberName: org?.name ?? lines[0]!.organisationName, lines });
  return { filename: `avis-${run.periodStart.slice(0, 4)}-${(org?.inseeCode ?? organisationId.slice(0, 8)).replace(/[^\w-]/g, '')}.pdf`, bytes };
}
