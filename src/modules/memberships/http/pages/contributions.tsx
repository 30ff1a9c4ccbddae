import type { OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { UUID_ROUTE } from '../../../../platform/http/api.ts';
import type { AppEnv } from '../../../../platform/http/types.ts';
import { can } from '../../../../platform/auth/permissions.ts';
import { render } from '../../../../platform/ui/render.tsx';
import { ErrorSummary, Form, TextInput, type FieldErrors } from '../../../../platform/ui/form.tsx';
import { exportResponse, type ExportColumn } from '../../../../platform/ui/export.ts';
import { setFlash } from '../../../../platform/ui/flash.ts';
import { calendarYear, getRun, listRuns, runContributions, type ContributionLine } from '../../contributions.ts';
import { contributionNotice } from '../../documents.ts';
import { euros, frDate, staffCrumbs } from './view.tsx';
import { formBody, today, withForm } from '../forms.ts';

const exportColumns: ExportColumn<ContributionLine>[] = [
  { label: 'Collectivité', value: (l) => l.organisationName },
  { label: 'Convention', value: (l) => l.conventionNumber },
  { label: 'Option', value: (l) => l.optionLabel },
  { label: 'Du', value: (l) => l.fromOn },
  { label: 'Au', value: (l) => l.toOn },
  { label: 'Jours', value: (l) => l.days },
  { label: 'Jours de la période', value: (l) => l.periodDays },
  { label: 'Montant annuel (€)', value: (l) => l.annual / 100 },
  { label: 'Montant dû (€)', value: (l) => l.amount / 100 },
  { label: 'Détail', value: (l) => l.breakdown.lines.map((x) => x.label).join(' | ') },
];

async function runsPage(c: Context<AppEnv>, errors?: FieldErrors | null, values: Record<string, string> = {}) {
  const ctx = c.get('ctx');
  const { rows: runs } = await listRuns(ctx);
  const year = calendarYear(Number(today(c).slice(0, 4)));
  return render(
    c,
    { title: 'Contributions', breadcrumbs: staffCrumbs({ label: 'Contributions' }), status: errors ? 422 : 200 },
    <>
      <h1>Contributions au service informatique</h1>
      <table>
        <caption>Campagnes calculées (chiffres figés)</caption>
        <thead>
          <tr>
            <th scope="col">Campagne</th>
            <th scope="col">Période</th>
            <th scope="col">Grille</th>
            <th scope="col">Total</th>
          </tr>
        </thead>
        <tbody>
          {runs.map((r) => (
            <tr>
              <td>
                <a href={`/contributions/${r.id}`}>{r.label}</a>
              </td>
              <td>
                du {frDate(r.periodStart)} au {frDate(r.periodEnd)}
              </td>
              <td>{r.gridYear}</td>
              <td>{euros(r.total)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {can(ctx.actor, 'memberships.manage') ? (
        <>
          <h2>Calculer une campagne</h2>
          <p>Par défaut l’année civile. Les options commencées ou arrêtées en cours de période sont calculées au prorata des jours (bornes incluses).</p>
          <ErrorSummary errors={errors} />
          <Form action="/contributions" csrf={ctx.actor!.csrfToken} label="Calculer une campagne">
            <TextInput name="label" label="Libellé" value={values.label ?? year.label} />
            <TextInput name="periodStart" label="Début de la période" type="date" required value={values.periodStart ?? year.periodStart} error={errors?.periodStart} />
            <TextInput name="periodEnd" label="Fin de la période" type="date" required value={values.periodEnd ?? year.periodEnd} error={errors?.periodEnd} />
            <button type="submit">Calculer et figer</button>
          </Form>
        </>
      ) : null}
    </>,
  );
}

async function runPage(c: Context<AppEnv>) {
  const ctx = c.get('ctx');
  const data = await getRun(ctx, c.req.param('id') ?? '');
  const format = c.req.query('format');
  if (format === 'csv' || format === 'xlsx') return exportResponse(c, format, `contributions-${data.run.periodStart}`, exportColumns, data.lines);
  const members = [...new Map(data.lines.map((l) => [l.organisationId, l.organisationName])).entries()];
  return render(
    c,
    { title: data.run.label, breadcrumbs: staffCrumbs({ href: '/contributions', label: 'Contributions' }, { label: data.run.label }) },
    <>
      <h1>{data.run.label}</h1>
      <p>
        Période du {frDate(data.run.periodStart)} au {frDate(data.run.periodEnd)}, grille {data.run.gridYear}. Total : <strong>{euros(data.total)}</strong>
        {data.previousTotal !== null ? ` (période précédente : ${euros(data.previousTotal)})` : ''}.
      </p>
      <p>
        Exporter : <a href={`/contributions/${data.run.id}?format=csv`}>CSV</a> <a href={`/contributions/${data.run.id}?format=xlsx`}>Excel (XLSX)</a>
      </p>
      <table>
        <caption>Totaux par option et comparaison avec la période précédente</caption>
        <thead>
          <tr>
            <th scope="col">Option</th>
            <th scope="col">Montant</th>
            <th scope="col">Période précédente</th>
            <th scope="col">Écart</th>
          </tr>
        </thead>
        <tbody>
          {data.totals.map((t) => (
            <tr>
              <td>{t.label}</td>
              <td>{euros(t.amount)}</td>
              <td>{t.previous === null ? '—' : euros(t.previous)}</td>
              <td>{t.previous === null ? '—' : euros(t.amount - t.previous)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h2>Par collectivité</h2>
      <table>
        <caption>Montants par collectivité et par option</caption>
        <thead>
          <tr>
            <th scope="col">Collectivité</th>
            <th scope="col">Option</th>
            <th scope="col">Jours</th>
            <th scope="col">Annuel</th>
            <th scope="col">Dû</th>
            <th scope="col">Détail</th>
          </tr>
        </thead>
        <tbody>
          {data.lines.map((l) => (
            <tr>
              <td>{l.organisationName}</td>
              <td>{l.optionLabel}</td>
              <td>
                {l.days} / {l.periodDays}
              </td>
              <td>{euros(l.annual)}</td>
              <td>{euros(l.amount)}</td>
              <td>{l.breakdown.lines.map((x) => x.label).join(' ; ')}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h2>Avis par collectivité (PDF)</h2>
      <ul>
        {members.map(([id, name]) => (
          <li>
            <a href={`/contributions/${data.run.id}/avis/${id}`}>Avis de {name}</a>
          </li>
        ))}
      </ul>
    </>,
  );
}

export function mountContributionPages(app: OpenAPIHono<AppEnv>) {
  app.get('/contributions', (c) => runsPage(c));
  app.post('/contributions', async (c) => {
    const v = await formBody(c);
    const r = await withForm(() => runContributions(c.get('ctx'), { periodStart: v.periodStart ?? '', periodEnd: v.periodEnd ?? '', label: v.label || undefined }), (e) => runsPage(c, e, v));
    if (r instanceof Response) return r;
    setFlash(c, 'success', `Campagne calculée et figée : ${euros(r.total)}.`);
    return c.redirect(`/contributions/${r.id}`, 303);
  });
  app.get(`/contributions/:id${UUID_ROUTE}`, runPage);
  app.get(`/contributions/:id${UUID_ROUTE}/avis/:org${UUID_ROUTE}`, async (c) => {
    const doc = await contributionNotice(c.get('ctx'), c.req.param('id'), c.req.param('org'));
    return c.body(new Uint8Array(doc.bytes), 200, { 'Content-Type': 'application/pdf', 'Content-Disposition': `attachment; filename="${doc.filename}"` });
  });
}
