import type { OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../../../../platform/http/types.ts';
import { BarChart } from '../../../../platform/ui/charts.tsx';
import { render } from '../../../../platform/ui/render.tsx';
import { formatDecimal, formatInt } from '../../../../platform/format.ts';
import { publishedKeyFigures } from '../../key-figures.ts';

/** The public key figures: what an editor last published, frozen at publication. */
export function mountKeyFiguresPage(app: OpenAPIHono<AppEnv>) {
  app.get('/chiffres-cles', async (c) => {
    const published = await publishedKeyFigures(c.get('ctx'));
    const title = published ? `Chiffres clés ${published.figures.year}` : 'Chiffres clés';
    if (!published) {
      return render(c, { title, breadcrumbs: [{ label: 'Chiffres clés' }] }, <>
        <h1>{title}</h1>
        <p>Aucun chiffre clé n’est publié pour le moment.</p>
      </>);
    }
    const f = published.figures;
    return render(
      c,
      { title, breadcrumbs: [{ label: 'Chiffres clés' }], description: `Le service informatique mutualisé en ${f.year} : ${formatInt(f.interventions)} interventions.` },
      <>
        <h1>{title}</h1>
        <p>
          Le service informatique mutualisé en {f.year}, au {published.publishedAt.toLocaleDateString('fr-FR', { timeZone: 'Europe/Paris' })}.
        </p>
        <ul class="figures">
          <li>
            <strong data-figure="total">{formatInt(f.interventions)}</strong> interventions
          </li>
          <li>
            <strong>{formatInt(f.membersServed)}</strong> collectivités aidées
          </li>
          <li>
            <strong>{formatInt(f.hoursOfWork)}</strong> heures de travail
          </li>
          <li>
            <strong>{formatInt(f.ticketsResolved)}</strong> demandes résolues
          </li>
          {f.satisfactionAverage !== null ? (
            <li>
              <strong>{formatDecimal(f.satisfactionAverage)} / 5</strong> de satisfaction ({formatInt(f.satisfactionCount)} avis)
            </li>
          ) : null}
        </ul>
        <h2>Les interventions par canal</h2>
        <BarChart
          id="canaux"
          title={`Interventions par canal en ${f.year}`}
          description={`${formatInt(f.interventions)} interventions : ${f.channels.map((ch) => `${formatInt(ch.count)} ${ch.label.toLowerCase()}`).join(', ')}.`}
          categoryLabel="Canal"
          valueLabel="Interventions"
          data={f.channels.map((ch) => ({ label: ch.label, value: ch.count }))}
          total
        />
      </>,
    );
  });
}
