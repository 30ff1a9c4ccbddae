import type { OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../../../../platform/http/types.ts';
import { exportResponse } from '../../../../platform/ui/export.ts';
import { Form, Select, TextInput } from '../../../../platform/ui/form.tsx';
import { parseListQuery, type HtmlListQuery } from '../../../../platform/ui/list.ts';
import { render } from '../../../../platform/ui/render.tsx';
import { DataTable, type TableColumn } from '../../../../platform/ui/table.tsx';
import { AUDIT_COLUMNS, startAuditExport } from '../../audit-export.ts';
import { auditDiff, getAuditEntry, loadAuditPage, type AuditRow } from '../../audit-log.ts';
import { AUDIT_FRENCH_NAMES, AUDIT_PAGE_LIST, auditExportForm, pageId, useCaseQuery } from '../forms.ts';
import { adminCrumbs, adminHead, When } from './components.tsx';

const columns: TableColumn<AuditRow>[] = [
  { label: 'Date', sort: 'at', value: (r) => r.at, render: (r) => <a href={`/admin/journal/${r.id}`}><When at={r.at} /></a> },
  { label: 'Auteur', sort: 'actor', value: (r) => r.actorEmail ?? 'système' },
  { label: 'Action', sort: 'action', value: (r) => r.action },
  { label: 'Élément', sort: 'entity', value: (r) => r.entity },
  { label: 'Organisation', value: (r) => r.organisationName },
];

function Filters({ q, choices }: { q: HtmlListQuery; choices: Awaited<ReturnType<typeof loadAuditPage>>['choices'] }) {
  const f = q.filters;
  return (
    <form method="get" action="/admin/journal" class="filters" role="search" aria-label="Filtrer le journal">
      <TextInput name="acteur" label="Auteur (adresse)" value={f.acteur} type="search" />
      <TextInput name="action" label="Action" value={f.action} type="search" />
      <Select name="entite" label="Élément" value={f.entite ?? ''} placeholder="Tous" options={choices.entities.map((e) => ({ value: e, label: e }))} />
      <Select name="organisation" label="Organisation" value={f.organisation ?? ''} placeholder="Toutes" options={choices.organisations.map((o) => ({ value: o.id, label: o.name }))} />
      <TextInput name="du" label="Du" type="date" value={f.du} />
      <TextInput name="au" label="Au" type="date" value={f.au} />
      <input type="hidden" name="tri" value={q.sort} />
      <input type="hidden" name="ordre" value={q.dir} />
      <div class="field">
        <button type="submit">Filtrer</button>
      </div>
    </form>
  );
}

export function mountAuditPages(app: OpenAPIHono<AppEnv>) {
  app.get('/admin/journal', async (c) => {
    const ctx = c.get('ctx');
    const q = parseListQuery(c.req.query(), AUDIT_PAGE_LIST);
    const { rows, total, choices } = await loadAuditPage(ctx, useCaseQuery(q, AUDIT_FRENCH_NAMES));
    if (q.format !== 'html') return exportResponse(c, q.format, 'journal-audit', AUDIT_COLUMNS, rows);
    return render(
      c,
      { title: "Journal d'audit", breadcrumbs: adminCrumbs({ label: "Journal d'audit" }), head: adminHead },
      <>
        <h1>Journal d'audit</h1>
        <p>Chaque modification des données : qui, quand, quoi, avec les valeurs avant et après.</p>
        <Filters q={q} choices={choices} />
        <Form action="/admin/journal/export" csrf={c.get('actor')?.csrfToken} class="inline-form" label="Exporter tout le journal filtré">
          {Object.keys(AUDIT_FRENCH_NAMES).map((name) => (q.filters[name] ? <input type="hidden" name={name} value={q.filters[name]} /> : null))}
          <button type="submit" class="secondary">Exporter tout le journal filtré (CSV, en arrière-plan)</button>
        </Form>
        <DataTable caption="Entrées du journal d'audit" columns={columns} rows={rows} total={total} query={q} basePath="/admin/journal" />
      </>,
    );
  });

  app.post('/admin/journal/export', async (c) => {
    const job = await startAuditExport(c.get('ctx'), await auditExportForm(c));
    return c.redirect(`/taches/${job.id}`, 303);
  });

  app.get('/admin/journal/:id', async (c) => {
    const entry = await getAuditEntry(c.get('ctx'), pageId(c));
    const diff = auditDiff(entry.before, entry.after);
    return render(
      c,
      { title: `Entrée du journal : ${entry.action}`, breadcrumbs: adminCrumbs({ href: '/admin/journal', label: "Journal d'audit" }, { label: entry.action }), head: adminHead },
      <>
        <h1>Entrée du journal : {entry.action}</h1>
        <dl class="sheet">
          <dt>Date</dt>
          <dd><When at={entry.at} /></dd>
          <dt>Auteur</dt>
          <dd>{entry.actorEmail ?? 'système'}</dd>
          <dt>Élément</dt>
          <dd>{entry.entity}{entry.entityId ? ` (${entry.entityId})` : ''}</dd>
          <dt>Organisation</dt>
          <dd>{entry.organisationName ?? '—'}</dd>
          <dt>Requête</dt>
          <dd>{entry.requestId ?? '—'}</dd>
        </dl>
        <h2>Valeurs avant et après</h2>
        {diff.length === 0 ? (
          <p>Aucune valeur enregistrée pour cette action.</p>
        ) : (
          <div class="table-wrap">
            <table class="diff">
              <caption>Comparaison champ par champ ({diff.filter((d) => d.changed).length} modifié(s))</caption>
              <thead>
                <tr>
                  <th scope="col">Champ</th>
                  <th scope="col">Avant</th>
                  <th scope="col">Après</th>
                  <th scope="col">Modifié</th>
                </tr>
              </thead>
              <tbody>
                {diff.map((d) => (
                  <tr class={d.changed ? 'changed' : undefined}>
                    <th scope="row">{d.field}</th>
                    <td>{d.before || '—'}</td>
                    <td>{d.after || '—'}</td>
                    <td>{d.changed ? 'Oui' : 'Non'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        <p><a href="/admin/journal">Retour au journal</a></p>
      </>,
    );
  });
}
