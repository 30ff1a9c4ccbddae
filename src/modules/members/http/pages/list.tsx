import type { OpenAPIHono } from '@hono/zod-openapi';
import { can } from '../../../../platform/auth/permissions.ts';
import type { AppEnv } from '../../../../platform/http/types.ts';
import { exportResponse } from '../../../../platform/ui/export.ts';
import { ListFilters } from '../../../../platform/ui/form.tsx';
import { parseListQuery } from '../../../../platform/ui/list.ts';
import { render } from '../../../../platform/ui/render.tsx';
import { DataTable, type TableColumn } from '../../../../platform/ui/table.tsx';
import { COMPETENCE_LABELS, KIND_LABELS, options, STATUS_LABELS } from '../../labels.ts';
import { loadMemberList, MEMBER_LIST, type MemberRow } from '../../members.ts';
import { memberHref } from './components.tsx';

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

/** The registry's list: search, filters, sort, pages, CSV and XLSX exports. */
export function mountListPages(app: OpenAPIHono<AppEnv>) {
  app.get('/membres', async (c) => {
    const ctx = c.get('ctx');
    const q = parseListQuery(c.req.query(), MEMBER_LIST);
    const { rows, total, epcis } = await loadMemberList(ctx, q);
    if (q.format !== 'html') return exportResponse(c, q.format, 'collectivites', columns, rows);
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

}
