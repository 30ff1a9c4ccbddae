import type { OpenAPIHono } from '@hono/zod-openapi';
import { authorize } from '../../../../platform/auth/permissions.ts';
import { ConfirmAction } from '../../../../platform/ui/confirm.tsx';
import type { AppEnv } from '../../../../platform/http/types.ts';
import { exportResponse } from '../../../../platform/ui/export.ts';
import { setFlash } from '../../../../platform/ui/flash.ts';
import { Form, ListFilters, Select, TextInput } from '../../../../platform/ui/form.tsx';
import { parseListQuery } from '../../../../platform/ui/list.ts';
import { render } from '../../../../platform/ui/render.tsx';
import { DataTable, type TableColumn } from '../../../../platform/ui/table.tsx';
import { DOCUMENT_KIND_LABELS, addDocumentVersion, createDocument, deleteDocument, getDocument } from '../../documents.ts';
import { formString, readDocumentForm, uploadOf } from '../forms.ts';
import { DOCUMENT_LIST, listDocuments, type DocumentRow } from '../../lists.ts';
import { DOCUMENT_KINDS } from '../../vocabulary.ts';
import { formatSize, longDate } from '../../../../platform/format.ts';

const VISIBILITY_LABELS = { public: 'Tout le monde', members: 'Membres connectés seulement' } as const;
const crumbs = (label: string, extra: { href: string; label: string }[] = []) => [{ href: '/redaction', label: 'Rédaction' }, ...extra, { label }];

const columns: TableColumn<DocumentRow>[] = [
  { label: 'Titre', sort: 'title', value: (d) => d.title, render: (d) => <a href={`/redaction/documents/${d.id}`}>{d.title}</a> },
  { label: 'Type', sort: 'kind', value: (d) => DOCUMENT_KIND_LABELS[d.kind] },
  { label: 'Lecteurs', sort: 'visibility', value: (d) => VISIBILITY_LABELS[d.visibility] },
  { label: 'Version', numeric: true, value: (d) => d.version },
  { label: 'Taille', value: (d) => formatSize(d.size) },
  { label: 'Mis à jour le', sort: 'updatedAt', value: (d) => d.updatedAt },
  { label: 'Description', value: (d) => d.description },
];

/** The documents library in the back office: list, one document with its versions, uploads. */
export function mountEditorDocuments(app: OpenAPIHono<AppEnv>) {
  app.get('/redaction/documents', async (c) => {
    const ctx = c.get('ctx');
    const q = parseListQuery(c.req.query(), DOCUMENT_LIST);
    const { rows, total } = await listDocuments(ctx, q);
    if (q.format !== 'html') return exportResponse(c, q.format, 'documents', columns, rows);
    return render(
      c,
      { title: 'Documents', breadcrumbs: crumbs('Documents') },
      <>
        <h1>Documents</h1>
        <h2>Bibliothèque</h2>
        <ListFilters
          action="/redaction/documents"
          query={q}
          searchLabel="Titre ou description"
          selects={[
            { name: 'type', label: 'Type', options: DOCUMENT_KINDS.map((k) => ({ value: k, label: DOCUMENT_KIND_LABELS[k] })) },
            { name: 'lecteurs', label: 'Lecteurs', options: Object.entries(VISIBILITY_LABELS).map(([value, label]) => ({ value, label })) },
          ]}
        />
        <DataTable caption="Documents de la bibliothèque" columns={columns.filter((col) => col.label !== 'Description')} rows={rows} total={total} query={q} basePath="/redaction/documents" />
        <h2>Ajouter un document</h2>
        <Form action="/redaction/documents" csrf={ctx.actor?.csrfToken} enctype="multipart/form-data" label="Ajouter un document">
          <TextInput name="title" label="Titre" required />
          <TextInput name="description" label="Description" />
          <Select name="kind" label="Type" required options={DOCUMENT_KINDS.map((k) => ({ value: k, label: DOCUMENT_KIND_LABELS[k] }))} />
          <Select name="visibility" label="Lecteurs" required options={[{ value: 'members', label: VISIBILITY_LABELS.members }, { value: 'public', label: VISIBILITY_LABELS.public }]} />
          <div class="field">
            <label for="document-fichier">Fichier PDF (10 Mo au plus)</label>
            <input id="document-fichier" type="file" name="file" accept="application/pdf" required />
          </div>
          <button type="submit">Ajouter</button>
        </Form>
      </>,
    );
  });

  app.get('/redaction/documents/:id', async (c) => {
    const ctx = c.get('ctx');
    const d = await getDocument(ctx, c.req.param('id'));
    return render(
      c,
      { title: d.title, breadcrumbs: crumbs(d.title, [{ href: '/redaction/documents', label: 'Documents' }]) },
      <>
        <h1>{d.title}</h1>
        <p>
          {DOCUMENT_KIND_LABELS[d.kind]} — lecteurs : {VISIBILITY_LABELS[d.visibility].toLowerCase()}
        </p>
        {d.description ? <p>{d.description}</p> : null}
        <h2>Versions</h2>
        <ul>
          {d.versions.map((v) => (
            <li>
              <a href={`/documents/fichiers/${v.id}`}>
                Version {v.version} ({formatSize(v.size)})
              </a>{' '}
              — <time datetime={v.createdAt.toISOString()}>{longDate(v.createdAt)}</time>
              {v.note ? ` — ${v.note}` : ''}
            </li>
          ))}
        </ul>
        <Form action={`/redaction/documents/${d.id}/versions`} csrf={ctx.actor?.csrfToken} enctype="multipart/form-data" label={`Nouvelle version de ${d.title}`}>
          <div class="field">
            <label for={`version-${d.id}`}>Nouvelle version (PDF)</label>
            <input id={`version-${d.id}`} type="file" name="file" accept="application/pdf" required />
          </div>
          <TextInput name={`note-${d.id}`} label="Ce qui change" />
          <button type="submit">Déposer la nouvelle version</button>
        </Form>
        <h2>Retirer le document</h2>
        <p>
          <a class="button secondary" href={`/redaction/documents/${d.id}/supprimer`}>
            Retirer de la bibliothèque
          </a>
        </p>
      </>,
    );
  });

  app.get('/redaction/documents/:id/supprimer', async (c) => {
    const d = await getDocument(c.get('ctx'), c.req.param('id'));
    return render(
      c,
      { title: 'Retirer un document', breadcrumbs: crumbs('Retirer', [{ href: '/redaction/documents', label: 'Documents' }, { href: `/redaction/documents/${d.id}`, label: d.title }]) },
      <ConfirmAction title="Retirer le document" message={`« ${d.title} » et ses ${d.versions.length} version(s) ne seront plus proposés dans la bibliothèque.`} action={`/redaction/documents/${d.id}/supprimer`} csrf={c.get('actor')?.csrfToken} cancelHref={`/redaction/documents/${d.id}`} confirmLabel="Retirer" />,
    );
  });

  app.post('/redaction/documents/:id/supprimer', async (c) => {
    await deleteDocument(c.get('ctx'), c.req.param('id'));
    setFlash(c, 'success', 'Document retiré de la bibliothèque.');
    return c.redirect('/redaction/documents', 303);
  });

  app.post('/redaction/documents', async (c) => {
    // Checked before reading the upload: a refused user gets 403, not a complaint about the file.
    authorize(c.get('actor'), 'publications.manage');
    const { input, upload } = await readDocumentForm(c);
    const doc = await createDocument(c.get('ctx'), input, upload);
    setFlash(c, 'success', 'Document ajouté.');
    return c.redirect(`/redaction/documents/${doc.id}`, 303);
  });

  app.post('/redaction/documents/:id/versions', async (c) => {
    // Checked before reading the upload: a refused user gets 403, not a complaint about the file.
    authorize(c.get('actor'), 'publications.manage');
    const id = c.req.param('id');
    const f = await c.req.parseBody();
    const { version } = await addDocumentVersion(c.get('ctx'), id, await uploadOf(f.file), formString(f[`note-${id}`]));
    setFlash(c, 'success', `Version ${version} déposée.`);
    return c.redirect(`/redaction/documents/${id}`, 303);
  });
}
