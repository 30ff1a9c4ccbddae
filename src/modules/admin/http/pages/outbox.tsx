import type { OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../../../../platform/http/types.ts';
import type { OutboxMail } from '../../../../platform/mail/index.ts';
import { exportResponse } from '../../../../platform/ui/export.ts';
import { setFlash } from '../../../../platform/ui/flash.ts';
import { Form, ListFilters } from '../../../../platform/ui/form.tsx';
import { parseListQuery } from '../../../../platform/ui/list.ts';
import { render } from '../../../../platform/ui/render.tsx';
import { DataTable, type TableColumn } from '../../../../platform/ui/table.tsx';
import { getOutboxMail, listOutbox, OUTBOX_LIST, OUTBOX_STATUSES, sendTestMail } from '../../outbox.ts';
import { pageId } from '../forms.ts';
import { adminCrumbs, adminHead, Badge, When } from './components.tsx';

const statusKind = { stored: 'neutral', queued: 'warn', sent: 'ok', failed: 'danger' } as const;

const columns: TableColumn<OutboxMail>[] = [
  { label: 'Date', sort: 'createdAt', value: (r) => r.createdAt, render: (r) => <When at={r.createdAt} /> },
  { label: 'Destinataire', sort: 'to', value: (r) => r.to },
  { label: 'Objet', sort: 'subject', value: (r) => r.subject, render: (r) => <a href={`/admin/boite-d-envoi/${r.id}`}>{r.subject}</a> },
  { label: 'État', sort: 'status', value: (r) => OUTBOX_STATUSES[r.status], render: (r) => <Badge kind={statusKind[r.status]}>{OUTBOX_STATUSES[r.status]}</Badge> },
  { label: 'Erreur', value: (r) => r.error },
];

export function mountOutboxPages(app: OpenAPIHono<AppEnv>) {
  app.get('/admin/boite-d-envoi', async (c) => {
    const ctx = c.get('ctx');
    const q = parseListQuery(c.req.query(), OUTBOX_LIST);
    const { rows, total } = await listOutbox(ctx, q);
    if (q.format !== 'html') return exportResponse(c, q.format, 'boite-d-envoi', columns, rows);
    const smtp = Boolean(ctx.config.SMTP_URL);
    return render(
      c,
      { title: "Boîte d'envoi", breadcrumbs: adminCrumbs({ label: "Boîte d'envoi" }), head: adminHead },
      <>
        <h1>Boîte d'envoi</h1>
        <p>
          {smtp
            ? 'Les courriels partent par le serveur SMTP configuré ; chacun est enregistré ici avec son résultat.'
            : "Aucun serveur SMTP n'est configuré (SMTP_URL) : les courriels ne partent pas et sont conservés ici, lisibles par les administrateurs."}
        </p>
        <Form action="/admin/boite-d-envoi/essai" csrf={c.get('actor')?.csrfToken} class="inline-form" label="Message d'essai">
          <button type="submit" class="secondary">M'envoyer un message d'essai</button>
        </Form>
        <ListFilters action="/admin/boite-d-envoi" query={q} searchLabel="Destinataire ou objet" selects={[{ name: 'statut', label: 'État', options: Object.entries(OUTBOX_STATUSES).map(([value, label]) => ({ value, label })) }]} />
        <DataTable caption="Courriels, du plus récent au plus ancien" columns={columns} rows={rows} total={total} query={q} basePath="/admin/boite-d-envoi" emptyMessage="Aucun courriel ne correspond à ces critères." />
      </>,
    );
  });

  app.post('/admin/boite-d-envoi/essai', async (c) => {
    const mail = await sendTestMail(c.get('ctx'));
    if (mail.jobId) return c.redirect(`/taches/${mail.jobId}`, 303);
    setFlash(c, 'success', `Message d'essai conservé dans la boîte d'envoi (${mail.to}).`);
    return c.redirect(`/admin/boite-d-envoi/${mail.id}`, 303);
  });

  app.get('/admin/boite-d-envoi/:id', async (c) => {
    const mail = await getOutboxMail(c.get('ctx'), pageId(c));
    return render(
      c,
      { title: `Courriel : ${mail.subject}`, breadcrumbs: adminCrumbs({ href: '/admin/boite-d-envoi', label: "Boîte d'envoi" }, { label: mail.subject }), head: adminHead },
      <>
        <h1>{mail.subject}</h1>
        <dl class="sheet">
          <dt>Destinataire</dt>
          <dd>{mail.to}</dd>
          <dt>Créé le</dt>
          <dd><When at={mail.createdAt} /></dd>
          <dt>État</dt>
          <dd><Badge kind={statusKind[mail.status]}>{OUTBOX_STATUSES[mail.status]}</Badge></dd>
          <dt>Envoyé le</dt>
          <dd><When at={mail.sentAt} /></dd>
          {mail.messageId ? (
            <>
              <dt>Identifiant SMTP</dt>
              <dd>{mail.messageId}</dd>
            </>
          ) : null}
          {mail.error ? (
            <>
              <dt>Dernière erreur</dt>
              <dd>{mail.error}</dd>
            </>
          ) : null}
          {mail.jobId ? (
            <>
              <dt>Tâche d'envoi</dt>
              <dd><a href={`/admin/taches/${mail.jobId}`}>Voir la tâche</a></dd>
            </>
          ) : null}
        </dl>
        {mail.headers && Object.keys(mail.headers).length ? (
          <>
            <h2>En-têtes</h2>
            <pre class="payload" tabindex={0}>{Object.entries(mail.headers).map(([k, v]) => `${k}: ${v}`).join('\n')}</pre>
          </>
        ) : null}
        <h2>Texte</h2>
        <pre class="mail-body" tabindex={0}>{mail.text}</pre>
        {mail.html ? (
          <>
            <h2>Version HTML (source)</h2>
            <pre class="mail-body" tabindex={0}>{mail.html}</pre>
          </>
        ) : null}
        <p><a href="/admin/boite-d-envoi">Retour à la boîte d'envoi</a></p>
      </>,
    );
  });
}
