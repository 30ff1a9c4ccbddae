import type { OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../../../../platform/http/types.ts';
import { exportResponse } from '../../../../platform/ui/export.ts';
import { Form, ListFilters, TextInput } from '../../../../platform/ui/form.tsx';
import { render } from '../../../../platform/ui/render.tsx';
import { DataTable, type TableColumn } from '../../../../platform/ui/table.tsx';
import { ticketRef } from '../../access.ts';
import { queuePageQuery, UUID } from '../forms.ts';
import { SlaBadge } from './components.tsx';
import { dateTime } from '../../../../platform/format.ts';
import { deleteView, listSavedViews, listTickets, saveView, slaCounters, type QueueRow } from '../../queue.ts';
import { technicianOptions } from '../../technicians.ts';
import { listDomains } from '../../settings.ts';
import { CHANNEL_LABELS, PRIORITY_LABELS, SLA_LABELS, STATUS_LABELS, type Channel, type Priority } from '../../workflow.ts';
import { setFlash } from '../../../../platform/ui/flash.ts';

export function queueColumns(base: string, staff: boolean): TableColumn<QueueRow>[] {
  const cols: TableColumn<QueueRow>[] = [
    { label: 'Réf.', sort: 'number', value: (r) => ticketRef(r.number), render: (r) => <a href={`${base}/${r.id}`}>{ticketRef(r.number)}</a> },
    { label: 'Objet', value: (r) => r.title },
    { label: 'Statut', sort: 'status', value: (r) => STATUS_LABELS[r.status] },
    { label: 'Priorité', sort: 'priority', value: (r) => PRIORITY_LABELS[r.priority as Priority] },
    { label: 'Créée le', sort: 'createdAt', value: (r) => r.createdAt, render: (r) => dateTime(r.createdAt) },
  ];
  if (!staff) return cols;
  return [
    ...cols.slice(0, 2),
    { label: 'Collectivité', value: (r) => r.memberName },
    { label: 'Domaine', value: (r) => r.domain },
    { label: 'Canal', value: (r) => (r.channel ? CHANNEL_LABELS[r.channel as Channel] : 'Portail') },
    ...cols.slice(2),
    { label: 'Technicien', value: (r) => r.assigneeName },
    { label: 'Délai', value: (r) => SLA_LABELS[r.slaState], render: (r) => <SlaBadge state={r.slaState} /> },
    { label: 'Échéance', sort: 'resolutionDueAt', value: (r) => r.resolutionDueAt, render: (r) => dateTime(r.resolutionDueAt) },
  ];
}

export function mountQueuePages(app: OpenAPIHono<AppEnv>) {
  app.get('/assistance', async (c) => {
    const ctx = c.get('ctx');
    const { page: q, tickets } = queuePageQuery(c.req.query());
    const listing = listTickets(ctx, tickets);
    const columns = queueColumns('/assistance/tickets', true);
    if (q.format !== 'html') return exportResponse(c, q.format, 'demandes', columns, (await listing).rows);
    // Independent reads, each on its own pooled connection: the page waits for the slowest, not the sum.
    const [result, counters, views, domains, techs] = await Promise.all([listing, slaCounters(ctx), listSavedViews(ctx), listDomains(ctx), technicianOptions(ctx)]);
    const csrf = c.get('actor')?.csrfToken;
    const current = new URL(c.req.url).search.slice(1);
    return render(
      c,
      { title: 'Assistance — file des demandes', breadcrumbs: [{ label: 'Assistance' }] },
      <>
        <h1>File des demandes</h1>
        <ul class="actions-bar">
          <li><a class="button" href="/assistance/appel">Saisir un appel ou une télémaintenance</a></li>
          <li><a href="/assistance/atelier">Atelier</a></li>
          <li><a href="/assistance/planning">Planning des déplacements</a></li>
          <li><a href="/assistance/tri">Courriels à trier</a></li>
          <li><a href="/assistance/reglages">Réglages (horaires, délais, domaines)</a></li>
        </ul>
        <p>
          Demandes ouvertes : <a href="/assistance?sla=breached">{counters.breached} en dépassement</a>, <a href="/assistance?sla=near">{counters.near} à échéance proche</a>, {counters.ok} dans les délais.
        </p>
        {views.length ? (
          <nav aria-label="Vues enregistrées">
            <h2>Mes vues</h2>
            <ul>
              {views.map((v) => (
                <li>
                  <a href={`/assistance?${v.query}`}>{v.name}</a>{' '}
                  <Form action={`/assistance/vues/${v.id}/supprimer`} csrf={csrf} class="inline" label={`Supprimer la vue ${v.name}`}>
                    <button type="submit" class="link">Supprimer<span class="visually-hidden"> la vue {v.name}</span></button>
                  </Form>
                </li>
              ))}
            </ul>
          </nav>
        ) : null}
        <ListFilters
          action="/assistance"
          query={q}
          searchLabel="Rechercher (texte ou référence T-…)"
          selects={[
            { name: 'statut', label: 'Statut', options: [{ value: 'ouvertes', label: 'Toutes les ouvertes' }, ...Object.entries(STATUS_LABELS).map(([value, label]) => ({ value, label }))] },
            { name: 'domaine', label: 'Domaine', options: domains.map((d) => ({ value: d.code, label: d.label })) },
            { name: 'technicien', label: 'Technicien', options: [{ value: 'moi', label: 'Moi' }, { value: 'aucun', label: 'Non affectées' }, ...techs] },
            { name: 'canal', label: 'Canal', options: Object.entries(CHANNEL_LABELS).map(([value, label]) => ({ value, label })) },
            { name: 'sla', label: 'Délais', options: Object.entries(SLA_LABELS).map(([value, label]) => ({ value, label })) },
          ]}
        />
        <DataTable caption="Demandes d’assistance" columns={columns} rows={result.rows} total={result.total} hasMore={result.hasMore} query={q} basePath="/assistance" />
        <Form action="/assistance/vues" csrf={csrf} label="Enregistrer la vue">
          <input type="hidden" name="query" value={current} />
          <TextInput name="name" label="Enregistrer ces filtres sous le nom" />
          <button type="submit">Enregistrer la vue</button>
        </Form>
      </>,
    );
  });
  app.post('/assistance/vues', async (c) => {
    const body = await c.req.parseBody();
    await saveView(c.get('ctx'), { name: String(body.name ?? ''), query: String(body.query ?? '') });
    setFlash(c, 'success', 'La vue a été enregistrée.');
    return c.redirect(`/assistance?${String(body.query ?? '')}`, 303);
  });
  app.post(`/assistance/vues/:id{${UUID}}/supprimer`, async (c) => {
    await deleteView(c.get('ctx'), c.req.param('id'));
    setFlash(c, 'success', 'La vue a été supprimée.');
    return c.redirect('/assistance', 303);
  });
}
