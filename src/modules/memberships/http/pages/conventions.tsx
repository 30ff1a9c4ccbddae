import type { OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { AppEnv } from '../../../../platform/http/types.ts';
import { authorize } from '../../../../platform/auth/permissions.ts';
import { render } from '../../../../platform/ui/render.tsx';
import { ErrorSummary, Form, ListFilters, Select, TextInput, type FieldErrors } from '../../../../platform/ui/form.tsx';
import { DataTable, type TableColumn } from '../../../../platform/ui/table.tsx';
import { exportResponse } from '../../../../platform/ui/export.ts';
import { parseListQuery, type HtmlListQuery } from '../../../../platform/ui/list.ts';
import type { ListSpec } from '../../../../platform/list.ts';
import { setFlash } from '../../../../platform/ui/flash.ts';
import { memberChoices } from '../../choices.ts';
import { createConvention } from '../../conventions.ts';
import { STATE_LABELS, CONVENTION_STATES } from '../../lifecycle.ts';
import { listConventions, type ConventionListQuery, type ConventionRow } from '../../list.ts';
import { gridInForce } from '../../tariffs.ts';
import { unitsOf } from '../../pricing.ts';
import { frDate, staffCrumbs } from './view.tsx';
import { formBody, today, withForm } from '../forms.ts';

/** The page's French parameters (`tri=numero`, `etat=active`), read as the list's English ones. */
const pageSpec = { sortable: ['numero', 'collectivite', 'etat', 'debut', 'echeance'], defaultSort: 'collectivite', filters: ['etat', 'generation'] } as const satisfies ListSpec;
const SORTS = { numero: 'number', collectivite: 'organisation', etat: 'status', debut: 'startsOn', echeance: 'currentTermEndsOn' } as const;
const listQueryOf = (q: HtmlListQuery<(typeof pageSpec.sortable)[number], (typeof pageSpec.filters)[number]>): ConventionListQuery => ({
  ...q,
  sort: SORTS[q.sort],
  filters: { status: q.filters.etat, generation: q.filters.generation },
});

const columns: TableColumn<ConventionRow>[] = [
  { label: 'Numéro', sort: 'numero', value: (r) => r.number, render: (r) => <a href={`/adhesions/${r.id}`}>{r.number}</a> },
  { label: 'Collectivité', sort: 'collectivite', value: (r) => r.organisationName },
  { label: 'État', sort: 'etat', value: (r) => STATE_LABELS[r.status] },
  { label: 'Génération', value: (r) => `${r.generationStartsOn.slice(0, 4)}–${r.generationEndsOn.slice(0, 4)}` },
  { label: 'Début', sort: 'debut', value: (r) => r.startsOn, render: (r) => frDate(r.startsOn) },
  { label: 'Fin de l’année en cours', sort: 'echeance', value: (r) => r.currentTermEndsOn, render: (r) => frDate(r.currentTermEndsOn) },
  { label: 'Signée le', value: (r) => r.signedOn, render: (r) => frDate(r.signedOn) },
];

async function listPage(c: Context<AppEnv>) {
  const ctx = c.get('ctx');
  authorize(ctx.actor, 'memberships.manage');
  const q = parseListQuery(c.req.query(), pageSpec);
  const { rows, total } = await listConventions(ctx, listQueryOf(q));
  if (q.format !== 'html') return exportResponse(c, q.format, 'conventions-informatiques', columns, rows);
  return render(
    c,
    { title: 'Adhésions au service informatique', breadcrumbs: [{ href: '/', label: 'Accueil' }, { label: 'Adhésions' }] },
    <>
      <h1>Adhésions au service informatique</h1>
      <ul class="actions">
        <li>
          <a href="/adhesions/nouvelle">Nouvelle convention</a>
        </li>
        <li>
          <a href="/adhesions/rappels">Rappels</a>
        </li>
        <li>
          <a href="/tarifs">Grilles tarifaires</a>
        </li>
        <li>
          <a href="/syntec">Indice Syntec et simulateur</a>
        </li>
        <li>
          <a href="/contributions">Contributions</a>
        </li>
      </ul>
      <ListFilters
        action="/adhesions"
        query={q}
        searchLabel="Rechercher une collectivité"
        selects={[
          { name: 'etat', label: 'État', options: CONVENTION_STATES.map((s) => ({ value: s, label: STATE_LABELS[s] })) },
          { name: 'generation', label: 'Génération', options: [{ value: '2018', label: '2018–2024' }, { value: '2024', label: '2024–2030' }, { value: '2030', label: '2030–2036' }] },
        ]}
      />
      <DataTable caption="Conventions du service informatique" columns={columns} rows={rows} total={total} query={q} basePath="/adhesions" />
    </>,
  );
}

async function newPage(c: Context<AppEnv>, errors?: FieldErrors | null, values: Record<string, string> = {}) {
  const ctx = c.get('ctx');
  const members = await memberChoices(ctx);
  const startsOn = values.startsOn || today(c);
  const grid = await gridInForce(ctx, startsOn);
  return render(
    c,
    { title: 'Nouvelle convention', breadcrumbs: staffCrumbs({ label: 'Nouvelle convention' }), status: errors ? 422 : 200 },
    <>
      <h1>Nouvelle convention</h1>
      <ErrorSummary errors={errors} />
      {grid ? <p>Options de la grille {grid.year} en vigueur à la date de début. La population est reprise du registre des membres.</p> : <p>Aucune grille adoptée n’est en vigueur à cette date.</p>}
      <Form action="/adhesions/nouvelle" csrf={ctx.actor!.csrfToken} label="Nouvelle convention">
        <Select name="organisationId" label="Collectivité" required placeholder="Choisir…" options={members.map((m) => ({ value: m.id, label: m.name }))} value={values.organisationId} error={errors?.organisationId} />
        <TextInput name="startsOn" label="Date de début" type="date" required value={startsOn} error={errors?.startsOn} />
        <TextInput name="populationAsOf" label="Population du registre au" type="date" hint="Date à laquelle la population est retenue." value={values.populationAsOf} error={errors?.populationAsOf} />
        <fieldset class="field">
          <legend>Options</legend>
          {errors?.options ? <span class="field-error">Erreur : {errors.options}</span> : null}
          {(grid?.options ?? []).filter((o) => !o.requiresAmendment).map((o) => {
            const units = unitsOf(o.rule);
            return (
              <div class="option">
                <input type="checkbox" id={`opt-${o.code}`} name={`opt_${o.code}`} value="1" checked={o.mandatory || values[`opt_${o.code}`] === '1'} />{' '}
                <label for={`opt-${o.code}`} class="inline">
                  {o.label}
                  {o.mandatory ? ' (obligatoire)' : ''}
                </label>
                {units.includes('workstation') ? <TextInput name={`ws_${o.code}`} label={`Nombre de postes — ${o.label}`} type="number" min={0} value={values[`ws_${o.code}`] ?? '1'} /> : null}
                {units.includes('gigabyte') ? <TextInput name={`gb_${o.code}`} label={`Quota en Go — ${o.label}`} type="number" min={0} value={values[`gb_${o.code}`] ?? '50'} /> : null}
              </div>
            );
          })}
        </fieldset>
        <div class="actions">
          <button type="submit">Créer le brouillon</button>
          <a href="/adhesions">Annuler</a>
        </div>
      </Form>
    </>,
  );
}

export function mountConventionListPages(app: OpenAPIHono<AppEnv>) {
  app.get('/adhesions', listPage);
  app.get('/adhesions/nouvelle', (c) => newPage(c));
  app.post('/adhesions/nouvelle', async (c) => {
    const ctx = c.get('ctx');
    const v = await formBody(c);
    const options = Object.keys(v)
      .filter((k) => k.startsWith('opt_'))
      .map((k) => k.slice(4))
      .map((code) => ({ code, workstations: Number(v[`ws_${code}`] ?? 0) || 0, gigabytes: Number(v[`gb_${code}`] ?? 0) || 0 }));
    const result = await withForm(
      () => createConvention(ctx, { organisationId: v.organisationId ?? '', startsOn: v.startsOn ?? '', populationAsOf: v.populationAsOf || undefined, options }),
      (errors) => newPage(c, errors, v),
    );
    if (result instanceof Response) return result;
    setFlash(c, 'success', `Convention ${result.number} créée (brouillon).`);
    return c.redirect(`/adhesions/${result.id}`, 303);
  });
}
