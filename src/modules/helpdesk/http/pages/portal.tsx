import type { OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { AppEnv } from '../../../../platform/http/types.ts';
import { authorize } from '../../../../platform/auth/permissions.ts';
import { ErrorSummary, Form, Select, Textarea, TextInput, type FieldErrors } from '../../../../platform/ui/form.tsx';
import { render } from '../../../../platform/ui/render.tsx';
import { DataTable } from '../../../../platform/ui/table.tsx';
import { exportResponse } from '../../../../platform/ui/export.ts';
import { isHelpdeskStaff, ticketRef } from '../../access.ts';
import { memberInventory, memberSoftwareList } from '../../inventory.ts';
import { formValues, queuePageQuery, submit } from '../forms.ts';
import { queueColumns } from './queue.tsx';
import { InventoryTables } from './inventory.tsx';
import { listTickets } from '../../queue.ts';
import { listDomains } from '../../settings.ts';
import { createTicket } from '../../tickets.ts';

async function newTicketForm(c: Context<AppEnv>, v: Record<string, string>, errors: FieldErrors | null) {
  const ctx = c.get('ctx');
  const actor = c.get('actor');
  authorize(actor, 'tickets.create', actor?.organisationId);
  const [domains, software] = await Promise.all([
    listDomains(ctx, { activeOnly: true }),
    memberSoftwareList(ctx, actor!.organisationId),
  ]);
  return render(
    c,
    { title: 'Nouvelle demande', breadcrumbs: [{ href: '/mes-demandes', label: 'Mes demandes' }, { label: 'Nouvelle demande' }], status: errors ? 422 : 200 },
    <>
      <h1>Nouvelle demande d’assistance</h1>
      <ErrorSummary errors={errors} />
      <Form action="/mes-demandes/nouvelle" csrf={actor?.csrfToken} label="Nouvelle demande">
        <TextInput name="title" label="Objet" required value={v.title} error={errors?.title} />
        <Select name="domain" label="Domaine" required options={domains.map((d) => ({ value: d.code, label: d.label }))} value={v.domain} placeholder="Choisir…" error={errors?.domain} />
        {software.length ? <Select name="softwareId" label="Logiciel concerné" options={software.map((s) => ({ value: s.id, label: `${s.product} (${s.publisher})` }))} value={v.softwareId} placeholder="Aucun en particulier" error={errors?.softwareId} /> : null}
        <Select name="priority" label="Urgence" options={[{ value: 'low', label: 'Peut attendre' }, { value: 'normal', label: 'Normale' }, { value: 'high', label: 'Bloquant' }]} value={v.priority ?? 'normal'} />
        <Textarea name="description" label="Description" hint="Décrivez le problème, le message d’erreur, ce que vous avez essayé. Mise en forme Markdown possible." value={v.description} error={errors?.description} />
        <button type="submit">Envoyer la demande</button>
      </Form>
      <p>Vous pourrez joindre des fichiers (captures d’écran, documents) depuis la page de la demande.</p>
    </>,
  );
}

/** The member portal: a collectivity's users follow their own requests only. */
export function mountPortalPages(app: OpenAPIHono<AppEnv>) {
  app.get('/mes-demandes', async (c) => {
    const actor = c.get('actor');
    authorize(actor, 'tickets.read');
    if (isHelpdeskStaff(actor)) return c.redirect('/assistance', 303);
    const { page: q, tickets } = queuePageQuery(c.req.query());
    const result = await listTickets(c.get('ctx'), tickets);
    const columns = queueColumns('/mes-demandes', false);
    if (q.format !== 'html') return exportResponse(c, q.format, 'mes-demandes', columns, result.rows);
    return render(
      c,
      { title: 'Mes demandes', breadcrumbs: [{ label: 'Mes demandes' }] },
      <>
        <h1>Mes demandes d’assistance</h1>
        <p>
          <a class="button" href="/mes-demandes/nouvelle">Nouvelle demande</a> <a href="/mes-demandes/inventaire">Inventaire informatique de la collectivité</a>
        </p>
        <DataTable caption="Demandes de la collectivité" columns={columns} rows={result.rows} total={result.total} hasMore={result.hasMore} query={q} basePath="/mes-demandes" emptyMessage="Aucune demande pour l’instant." />
      </>,
    );
  });
  app.get('/mes-demandes/nouvelle', (c) => newTicketForm(c, {}, null));
  app.post('/mes-demandes/nouvelle', async (c) => {
    const v = await formValues(c);
    return submit(c, async () => {
      const t = await createTicket(c.get('ctx'), { organisationId: c.get('actor')?.organisationId ?? '', title: v.title ?? '', domain: v.domain ?? '', description: v.description ?? '', priority: (v.priority || 'normal') as 'normal', softwareId: v.softwareId || null, source: 'portal' });
      return { redirect: `/mes-demandes/${t.id}`, message: `Votre demande ${ticketRef(t.number)} a été enregistrée.` };
    }, (errors) => newTicketForm(c, v, errors));
  });
  app.get('/mes-demandes/inventaire', async (c) => {
    const actor = c.get('actor');
    authorize(actor, 'inventory.read', actor?.organisationId);
    const inv = await memberInventory(c.get('ctx'), actor!.organisationId);
    return render(
      c,
      { title: 'Inventaire informatique', breadcrumbs: [{ href: '/mes-demandes', label: 'Mes demandes' }, { label: 'Inventaire' }] },
      <>
        <h1>Inventaire informatique de la collectivité</h1>
        <p>Tenu par le service informatique du syndicat. Une correction ? Signalez-la par une demande.</p>
        <InventoryTables inv={inv} />
      </>,
    );
  });
}
