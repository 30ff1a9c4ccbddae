import type { OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { can } from '../../platform/auth/permissions.ts';
import type { AppEnv } from '../../platform/http/types.ts';
import { exportResponse } from '../../platform/ui/export.ts';
import { CsrfInput, ErrorSummary, formErrors, ListFilters, TextInput } from '../../platform/ui/form.tsx';
import { setFlash } from '../../platform/ui/flash.ts';
import { parseListQuery } from '../../platform/ui/list.ts';
import { render } from '../../platform/ui/render.tsx';
import { DataTable, type TableColumn } from '../../platform/ui/table.tsx';
import { applyOfficialDifferences, importCommunes, officialDifferences, type Difference } from './import.ts';
import { COMPETENCE_LABELS, KIND_LABELS, options, STATUS_LABELS } from './labels.ts';
import { listEpcis, listMembers, MEMBER_LIST, type MemberRow } from './members.ts';
import { OFFICIAL_SOURCE } from './official.ts';
import { memberHref } from './page-helpers.tsx';

const columns: TableColumn<MemberRow>[] = [
  { label: 'Nom', sort: 'name', value: (m) => m.name, render: (m) => <a href={memberHref(m.id)}>{m.name}</a> },
  { label: 'Type', sort: 'kind', value: (m) => KIND_LABELS[m.kind] },
  { label: 'Code INSEE', sort: 'inseeCode', value: (m) => m.inseeCode },
  { label: 'SIREN', value: (m) => m.siren },
  { label: 'Codes postaux', value: (m) => m.postcodes.join(', ') },
  { label: 'Population', sort: 'population', numeric: true, value: (m) => m.population },
  { label: 'Année de la population', value: (m) => m.populationYear },
  { label: 'EPCI', sort: 'epci', value: (m) => m.epciName },
  { label: 'Statut', sort: 'status', value: (m) => STATUS_LABELS[m.status] },
];
// The HTML table leaves out the columns that only matter in an export.
const htmlColumns = columns.filter((c) => c.label !== 'SIREN' && c.label !== 'Année de la population');

const DIFF_LABELS: Record<Difference['field'], string> = { name: 'Nom', population: 'Population (année)', epci: 'EPCI' };

export function mountListPages(app: OpenAPIHono<AppEnv>) {
  app.get('/membres', async (c) => {
    const ctx = c.get('ctx');
    const q = parseListQuery(c.req.query(), MEMBER_LIST);
    const { rows, total } = await listMembers(ctx, q);
    if (q.format !== 'html') return exportResponse(c, q.format, 'collectivites', columns, rows);
    const epcis = await listEpcis(ctx);
    const manage = can(c.get('actor'), 'members.manage');
    return render(
      c,
      { title: 'Collectivités', breadcrumbs: [{ label: 'Collectivités' }] },
      <>
        <h1>Collectivités</h1>
        {manage ? (
          <p class="actions">
            <a class="button" href="/membres/nouvelle">
              Nouvelle collectivité
            </a>
            <a class="button secondary" href="/membres/donnees-officielles">
              Mettre à jour depuis les données officielles
            </a>
          </p>
        ) : null}
        <ListFilters
          action="/membres"
          query={q}
          searchLabel="Nom, code INSEE ou code postal"
          selects={[
            { name: 'kind', label: 'Type', options: options(KIND_LABELS, ['syndicate']) },
            { name: 'epci', label: 'EPCI', options: epcis.map((e) => ({ value: e.id, label: e.name })) },
            { name: 'competence', label: 'Compétence transférée', options: options(COMPETENCE_LABELS) },
            { name: 'status', label: 'Statut', options: options(STATUS_LABELS) },
          ]}
        />
        <DataTable caption="Collectivités du registre" columns={htmlColumns} rows={rows} total={total} query={q} basePath="/membres" />
      </>,
    );
  });

  const officialPage = async (c: Context<AppEnv, string>, departement: string, errors: Record<string, string> | null) => {
    const diffs = errors ? [] : await officialDifferences(c.get('ctx'), { departement });
    const csrf = c.get('actor')?.csrfToken;
    return render(
      c,
      { title: 'Mettre à jour depuis les données officielles', breadcrumbs: [{ href: '/membres', label: 'Collectivités' }, { label: 'Données officielles' }], status: errors ? 422 : 200 },
      <>
        <h1>Mettre à jour depuis les données officielles</h1>
        <p>
          Source : {OFFICIAL_SOURCE} (code officiel géographique de l’INSEE, EPCI de la DGCL, populations légales de l’INSEE). Les écarts de nom, de population et d’EPCI sont listés ci-dessous ; seuls ceux que vous cochez sont appliqués, et chacun est inscrit au journal d’audit.
        </p>
        <ErrorSummary errors={errors} labels={{ departement: 'Département' }} />
        <form method="get" action="/membres/donnees-officielles" class="filters">
          <TextInput name="departement" label="Département" value={departement} hint="Par exemple 90 ou 2A." error={errors?.departement} />
          <div class="field">
            <button type="submit">Comparer</button>
          </div>
        </form>
        <form method="post" action="/membres/donnees-officielles/import" class="actions">
          <CsrfInput token={csrf} />
          <input type="hidden" name="departement" value={departement} />
          <button type="submit" class="secondary">
            Ajouter les communes et EPCI absents du registre ({departement})
          </button>
        </form>
        {errors ? null : diffs.length === 0 ? (
          <p role="status">Le registre est à jour : aucun écart avec les données officielles pour le département {departement}.</p>
        ) : (
          <form method="post" action="/membres/donnees-officielles">
            <CsrfInput token={csrf} />
            <input type="hidden" name="departement" value={departement} />
            <div class="table-wrap">
              <table>
                <caption>{diffs.length} écart(s) avec les données officielles</caption>
                <thead>
                  <tr>
                    <th scope="col">Accepter</th>
                    <th scope="col">Collectivité</th>
                    <th scope="col">Donnée</th>
                    <th scope="col">Dans le registre</th>
                    <th scope="col">Donnée officielle</th>
                  </tr>
                </thead>
                <tbody>
                  {diffs.map((d) => (
                    <tr>
                      <td>
                        <input type="checkbox" name="accepted" value={d.key} id={`ecart-${d.key}`} aria-label={`Accepter : ${DIFF_LABELS[d.field]} de ${d.organisationName}`} />
                      </td>
                      <td>
                        <a href={memberHref(d.organisationId)}>{d.organisationName}</a> {d.inseeCode ? `(${d.inseeCode})` : ''}
                      </td>
                      <td>{DIFF_LABELS[d.field]}</td>
                      <td>{d.current ?? '—'}</td>
                      <td>{d.official ?? '—'}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            <p class="actions">
              <button type="submit">Appliquer les écarts cochés</button>
            </p>
          </form>
        )}
      </>,
    );
  };
  const depOf = (v: unknown, fallback = '90') => (typeof v === 'string' && v.trim() ? v.trim().toUpperCase().slice(0, 3) : fallback);
  app.get('/membres/donnees-officielles', async (c) => {
    const departement = depOf(c.req.query('departement'));
    try {
      return await officialPage(c, departement, null);
    } catch (err) {
      const fields = formErrors(err);
      if (!fields) throw err;
      return officialPage(c, departement, fields);
    }
  });
  app.post('/membres/donnees-officielles', async (c) => {
    const body = await c.req.parseBody({ all: true });
    const departement = depOf(body.departement);
    const accepted = ([] as unknown[]).concat(body.accepted ?? []).filter((x): x is string => typeof x === 'string');
    const applied = await applyOfficialDifferences(c.get('ctx'), { departement, accepted });
    setFlash(c, 'success', applied ? `${applied} écart(s) appliqué(s) et inscrits au journal d’audit.` : 'Aucun écart coché : rien n’a été modifié.');
    return c.redirect(`/membres/donnees-officielles?departement=${encodeURIComponent(departement)}`, 303);
  });
  app.post('/membres/donnees-officielles/import', async (c) => {
    const body = await c.req.parseBody();
    const departement = depOf(body.departement);
    const r = await importCommunes(c.get('ctx'), { departement });
    setFlash(c, 'success', `${r.communesCreated} commune(s) et ${r.epcisCreated} EPCI ajoutés ; ${r.differences} écart(s) restent à examiner.`);
    return c.redirect(`/membres/donnees-officielles?departement=${encodeURIComponent(departement)}`, 303);
  });
}
