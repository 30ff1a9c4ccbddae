import type { OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { AppEnv } from '../../../../platform/http/types.ts';
import { CsrfInput, ErrorSummary, formErrors, TextInput } from '../../../../platform/ui/form.tsx';
import { setFlash } from '../../../../platform/ui/flash.ts';
import { render } from '../../../../platform/ui/render.tsx';
import { applyOfficialDifferences, importCommunes, officialDifferences, type Difference } from '../../import.ts';
import { OFFICIAL_SOURCE } from '../../official.ts';
import { departementOf, officialForm } from '../forms.ts';
import { memberHref } from './components.tsx';

const DIFF_LABELS: Record<Difference['field'], string> = { name: 'Nom', population: 'Population (année)', epci: 'EPCI' };

/** Updating the registry from the official data: differences to tick, missing communes to add. */
export function mountOfficialPages(app: OpenAPIHono<AppEnv>) {
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
  app.get('/membres/donnees-officielles', async (c) => {
    const departement = departementOf(c.req.query('departement'));
    try {
      return await officialPage(c, departement, null);
    } catch (err) {
      const fields = formErrors(err);
      if (!fields) throw err;
      return officialPage(c, departement, fields);
    }
  });
  app.post('/membres/donnees-officielles', async (c) => {
    const { departement, accepted } = await officialForm(c);
    const applied = await applyOfficialDifferences(c.get('ctx'), { departement, accepted });
    setFlash(c, 'success', applied ? `${applied} écart(s) appliqué(s) et inscrits au journal d’audit.` : 'Aucun écart coché : rien n’a été modifié.');
    return c.redirect(`/membres/donnees-officielles?departement=${encodeURIComponent(departement)}`, 303);
  });
  app.post('/membres/donnees-officielles/import', async (c) => {
    const { departement } = await officialForm(c);
    const r = await importCommunes(c.get('ctx'), { departement });
    setFlash(c, 'success', `${r.communesCreated} commune(s) et ${r.epcisCreated} EPCI ajoutés ; ${r.differences} écart(s) restent à examiner.`);
    return c.redirect(`/membres/donnees-officielles?departement=${encodeURIComponent(departement)}`, 303);
  });
}
