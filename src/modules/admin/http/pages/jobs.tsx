import type { OpenAPIHono } from '@hono/zod-openapi';
import { asset } from '../../../../platform/http/assets.ts';
import type { AppEnv } from '../../../../platform/http/types.ts';
import { jobLabel } from '../../../../platform/jobs/index.ts';
import { exportResponse } from '../../../../platform/ui/export.ts';
import { ListFilters } from '../../../../platform/ui/form.tsx';
import { parseListQuery } from '../../../../platform/ui/list.ts';
import { render } from '../../../../platform/ui/render.tsx';
import { DataTable, type TableColumn } from '../../../../platform/ui/table.tsx';
import { myJobFile, myJobProgress, type JobProgress } from '../../job-view.ts';
import { getJob, JOB_STATUSES, loadJobsPage, type JobListRow } from '../../jobs.ts';
import { JOB_FRENCH_NAMES, JOB_PAGE_LIST, pageId, useCaseQuery } from '../forms.ts';
import { adminCrumbs, adminHead, Badge, When } from './components.tsx';

const statusKind = { queued: 'neutral', running: 'warn', succeeded: 'ok', failed: 'danger' } as const;

const columns: TableColumn<JobListRow>[] = [
  { label: 'Créée le', sort: 'createdAt', value: (r) => r.createdAt, render: (r) => <a href={`/admin/taches/${r.id}`}><When at={r.createdAt} /></a> },
  { label: 'Tâche', sort: 'name', value: (r) => jobLabel(r.name) },
  { label: 'État', sort: 'status', value: (r) => JOB_STATUSES[r.status], render: (r) => <Badge kind={statusKind[r.status]}>{JOB_STATUSES[r.status]}</Badge> },
  { label: 'Avancement (%)', numeric: true, value: (r) => r.progress },
  { label: 'Essais', sort: 'attempts', numeric: true, value: (r) => `${r.attempts}/${r.maxAttempts}` },
  { label: 'Lancée par', value: (r) => r.startedByEmail ?? 'système' },
  { label: 'Dernière erreur', value: (r) => r.lastError },
];

function ProgressPanel({ p }: { p: JobProgress }) {
  const done = p.status === 'succeeded' || p.status === 'failed';
  return (
    <section class="job-progress" data-job-progress={done ? undefined : `/api/v1/jobs/${p.id}/progress`} aria-labelledby="avancement">
      <h2 id="avancement">Avancement</h2>
      <p>
        État : <strong data-field="statusLabel">{p.statusLabel}</strong>
      </p>
      <label for="barre-avancement">Progression</label>
      <progress id="barre-avancement" max={100} value={p.progress}>
        {p.progress} %
      </progress>
      <p role="status" class="message" data-field="message">
        {p.progress} % {p.message ? `— ${p.message}` : ''}
      </p>
      <p role="alert" data-field="error" hidden={!p.error}>
        {p.error ? `Erreur : ${p.error}` : ''}
      </p>
      <p data-field="download" hidden={!p.downloadUrl}>
        <a class="button" href={p.downloadUrl ?? '#'}>Télécharger le fichier</a>
      </p>
      {done ? null : (
        <p data-field="refresh">
          <a href={`/taches/${p.id}`}>Actualiser la page</a> (l'avancement se met à jour tout seul si JavaScript est actif).
        </p>
      )}
    </section>
  );
}

export function mountJobPages(app: OpenAPIHono<AppEnv>) {
  app.get('/admin/taches', async (c) => {
    const q = parseListQuery(c.req.query(), JOB_PAGE_LIST);
    const { rows, total, names } = await loadJobsPage(c.get('ctx'), useCaseQuery(q, JOB_FRENCH_NAMES));
    if (q.format !== 'html') return exportResponse(c, q.format, 'taches', columns, rows);
    return render(
      c,
      { title: 'Tâches de fond', breadcrumbs: adminCrumbs({ label: 'Tâches de fond' }), head: adminHead },
      <>
        <h1>Tâches de fond</h1>
        <p>Envois de courriels, exports et traitements planifiés ; une tâche en échec est réessayée avec un délai croissant.</p>
        <ListFilters
          action="/admin/taches"
          query={q}
          selects={[
            { name: 'statut', label: 'État', options: Object.entries(JOB_STATUSES).map(([value, label]) => ({ value, label })) },
            { name: 'nom', label: 'Tâche', options: names.map((n) => ({ value: n, label: jobLabel(n) })) },
          ]}
        />
        <DataTable caption="Tâches, de la plus récente à la plus ancienne" columns={columns} rows={rows} total={total} query={q} basePath="/admin/taches" emptyMessage="Aucune tâche ne correspond à ces critères." />
      </>,
    );
  });

  app.get('/admin/taches/:id', async (c) => {
    const job = await getJob(c.get('ctx'), pageId(c));
    const label = jobLabel(job.name);
    return render(
      c,
      { title: `Tâche : ${label}`, breadcrumbs: adminCrumbs({ href: '/admin/taches', label: 'Tâches de fond' }, { label }), head: adminHead },
      <>
        <h1>Tâche : {label}</h1>
        <dl class="sheet">
          <dt>Nom technique</dt>
          <dd>{job.name}</dd>
          <dt>État</dt>
          <dd><Badge kind={statusKind[job.status]}>{JOB_STATUSES[job.status]}</Badge></dd>
          <dt>Avancement</dt>
          <dd>{job.progress} % {job.progressMessage ? `— ${job.progressMessage}` : ''}</dd>
          <dt>Essais</dt>
          <dd>{job.attempts} sur {job.maxAttempts}</dd>
          <dt>Prévue le</dt>
          <dd><When at={job.runAt} /></dd>
          <dt>Créée le</dt>
          <dd><When at={job.createdAt} /></dd>
          <dt>Commencée le</dt>
          <dd><When at={job.startedAt} /></dd>
          <dt>Terminée le</dt>
          <dd><When at={job.finishedAt} /></dd>
          <dt>Lancée par</dt>
          <dd>{job.startedByEmail ?? 'système'}</dd>
          <dt>Instance</dt>
          <dd>{job.lockedBy ?? '—'}</dd>
          <dt>Dernière erreur</dt>
          <dd>{job.lastError ?? '—'}</dd>
        </dl>
        <h2>Paramètres</h2>
        <pre class="payload" tabindex={0}>{JSON.stringify(job.payload, null, 2)}</pre>
        <h2>Résultat</h2>
        <pre class="payload" tabindex={0}>{job.result === null ? '—' : JSON.stringify(job.result, null, 2)}</pre>
        <p><a href="/admin/taches">Retour aux tâches</a></p>
      </>,
    );
  });

  app.get('/taches/:id', async (c) => {
    const p = await myJobProgress(c.get('ctx'), pageId(c));
    return render(
      c,
      { title: `Suivi : ${p.label}`, breadcrumbs: [{ href: '/', label: 'Accueil' }, { label: `Suivi : ${p.label}` }], head: <>{adminHead}<script src={asset('job-progress.js')} defer></script></> },
      <>
        <h1>Suivi : {p.label}</h1>
        <p>
          Lancée le <When at={new Date(p.createdAt)} />. Vous pouvez quitter cette page : la tâche continue sur le serveur.
        </p>
        <ProgressPanel p={p} />
      </>,
    );
  });

  app.get('/taches/:id/fichier', async (c) => {
    const { file, bytes } = await myJobFile(c.get('ctx'), pageId(c));
    return c.body(new Uint8Array(bytes), 200, {
      'Content-Type': file.mime === 'text/csv' ? 'text/csv; charset=utf-8' : file.mime,
      'Content-Disposition': `attachment; filename="${file.name.replace(/[^A-Za-z0-9._-]+/g, '-')}"`,
      'Cache-Control': 'private, no-store',
    });
  });
}
