import type { OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { AppEnv } from '../../../../platform/http/types.ts';
import { authorize } from '../../../../platform/auth/permissions.ts';
import { Invalid } from '../../../../platform/errors.ts';
import { ConfirmAction } from '../../../../platform/ui/confirm.tsx';
import { setFlash } from '../../../../platform/ui/flash.ts';
import { exportResponse } from '../../../../platform/ui/export.ts';
import { ErrorSummary, Form, ListFilters, Select, TextInput, Textarea, formErrors, type FieldErrors } from '../../../../platform/ui/form.tsx';
import { parseListQuery } from '../../../../platform/ui/list.ts';
import { render } from '../../../../platform/ui/render.tsx';
import { DataTable, type TableColumn } from '../../../../platform/ui/table.tsx';
import { createArticle, getArticle, listRevisions, publishArticle, restoreRevision, unpublishArticle, updateArticle, type Article } from '../../articles.ts';
import { ARTICLE_LIST, ARTICLE_STATES, articleState, listArticles } from '../../lists.ts';
import { addAttachment, listAttachments } from '../../media.ts';
import { ARTICLE_CATEGORIES, ARTICLE_RUBRICS } from '../../vocabulary.ts';
import type { ArticleInput } from '../../validation.ts';
import { formatSize, longDate } from '../../../../platform/format.ts';
import { Markdown } from './components.tsx';
import { formString, parisLocalToDate, readArticleForm, toParisLocal, uploadOf } from '../forms.ts';

const crumbs = (label: string, extra: { href: string; label: string }[] = []) => [{ href: '/redaction', label: 'Rédaction' }, ...extra, { label }];

function status(a: Article, now: Date): string {
  const state = articleState(a, now);
  return state === 'programme' ? `Programmé le ${longDate(a.publishAt!)}` : ARTICLE_STATES[state];
}

const articleColumns = (now: Date): TableColumn<Article>[] => [
  { label: 'Titre', sort: 'title', value: (a) => a.title, render: (a) => <a href={`/redaction/articles/${a.id}`}>{a.title}</a> },
  { label: 'Catégorie', sort: 'category', value: (a) => a.category },
  { label: 'Rubrique', sort: 'rubric', value: (a) => a.rubric },
  { label: 'Mots-clés', value: (a) => a.tags.join(', ') },
  { label: 'État', value: (a) => status(a, now) },
  { label: 'Publication', sort: 'publishAt', value: (a) => (a.status === 'published' ? a.publishAt : null) },
  { label: 'Modifié le', sort: 'updatedAt', value: (a) => a.updatedAt },
];

function ArticleForm(p: { c: Context<AppEnv>; action: string; values: Partial<ArticleInput> & { revision?: number }; errors?: FieldErrors | null }) {
  const e = p.errors ?? {};
  const v = p.values;
  return (
    <Form action={p.action} csrf={p.c.get('actor')?.csrfToken} label="Article">
      <ErrorSummary errors={p.errors} />
      {v.revision ? <input type="hidden" name="revision" value={String(v.revision)} /> : null}
      <TextInput name="title" label="Titre" required value={v.title} error={e.title} />
      <Textarea name="summary" label="Résumé" required rows={3} value={v.summary} error={e.summary} hint="Affiché dans les listes, les flux et la lettre." />
      <Textarea name="body" label="Texte (Markdown)" required rows={16} value={v.body} error={e.body} hint="Titres avec ##, listes avec -, liens [texte](https://…). Images : voir la médiathèque." />
      <Select name="category" label="Catégorie" required options={ARTICLE_CATEGORIES.map((x) => ({ value: x, label: x }))} value={v.category} error={e.category} placeholder="Choisir" />
      <Select name="rubric" label="Rubrique" required options={ARTICLE_RUBRICS.map((x) => ({ value: x, label: x }))} value={v.rubric} error={e.rubric} placeholder="Choisir" />
      <TextInput name="tags" label="Mots-clés" value={Array.isArray(v.tags) ? v.tags.join(', ') : v.tags} error={e.tags} hint="Séparés par des virgules." />
      <TextInput name="sourceUrl" label="Lien vers la source" type="url" value={v.sourceUrl} error={e.sourceUrl} />
      <div class="actions">
        <button type="submit" name="action" value="save">
          Enregistrer
        </button>
        <button type="submit" name="action" value="preview" class="secondary">
          Prévisualiser
        </button>
      </div>
    </Form>
  );
}

export function mountEditorArticles(app: OpenAPIHono<AppEnv>) {
  app.get('/redaction/articles', async (c) => {
    const ctx = c.get('ctx');
    const q = parseListQuery(c.req.query(), ARTICLE_LIST);
    const { rows, total } = await listArticles(ctx, q);
    const now = ctx.clock.now();
    const columns = articleColumns(now);
    if (q.format !== 'html') return exportResponse(c, q.format, 'articles', columns, rows);
    return render(
      c,
      { title: 'Articles de veille', breadcrumbs: crumbs('Articles') },
      <>
        <h1>Articles de veille</h1>
        <p>
          <a class="button" href="/redaction/articles/nouveau">
            Nouvel article
          </a>
        </p>
        <ListFilters
          action="/redaction/articles"
          query={q}
          searchLabel="Titre, résumé ou mot-clé"
          selects={[
            { name: 'statut', label: 'État', options: Object.entries(ARTICLE_STATES).map(([value, label]) => ({ value, label })) },
            { name: 'categorie', label: 'Catégorie', options: ARTICLE_CATEGORIES.map((x) => ({ value: x, label: x })) },
            { name: 'rubrique', label: 'Rubrique', options: ARTICLE_RUBRICS.map((x) => ({ value: x, label: x })) },
          ]}
        />
        <DataTable caption="Articles de veille" columns={columns.filter((col) => col.label !== 'Mots-clés')} rows={rows} total={total} query={q} basePath="/redaction/articles" />
      </>,
    );
  });

  app.get('/redaction/articles/nouveau', (c) => {
    authorize(c.get('actor'), 'publications.manage');
    return render(c, { title: 'Nouvel article', breadcrumbs: crumbs('Nouvel article', [{ href: '/redaction/articles', label: 'Articles' }]) }, <><h1>Nouvel article</h1><ArticleForm c={c} action="/redaction/articles/nouveau" values={{}} /></>);
  });

  app.post('/redaction/articles/nouveau', async (c) => {
    authorize(c.get('actor'), 'publications.manage');
    const { values, action } = await readArticleForm(c);
    const title = 'Nouvel article';
    if (action === 'preview') return render(c, { title, breadcrumbs: crumbs(title) }, <><h1>{title}</h1><Preview values={values} /><ArticleForm c={c} action="/redaction/articles/nouveau" values={values} /></>);
    try {
      const a = await createArticle(c.get('ctx'), values);
      setFlash(c, 'success', 'Article enregistré comme brouillon.');
      return c.redirect(`/redaction/articles/${a.id}`, 303);
    } catch (err) {
      const errors = formErrors(err);
      if (!errors) throw err;
      return render(c, { title, breadcrumbs: crumbs(title), status: 422 }, <><h1>{title}</h1><ArticleForm c={c} action="/redaction/articles/nouveau" values={values} errors={errors} /></>);
    }
  });

  const editPage = async (c: Context<AppEnv>, a: Article, values: Partial<ArticleInput> & { revision?: number }, opts: { errors?: FieldErrors | null; preview?: boolean } = {}) => {
    const ctx = c.get('ctx');
    const attachments = await listAttachments(ctx, a.id);
    const now = ctx.clock.now();
    return render(
      c,
      { title: `Modifier : ${a.title}`, breadcrumbs: crumbs(a.title, [{ href: '/redaction/articles', label: 'Articles' }]), status: opts.errors ? 422 : 200 },
      <>
        <h1>Modifier l’article</h1>
        <p>
          État : <strong>{status(a, now)}</strong> · version {a.revision} · <a href={`/redaction/articles/${a.id}/versions`}>historique des versions</a>
          {a.status === 'published' && a.publishAt && a.publishAt <= now ? (
            <>
              {' '}
              · <a href={`/veille/${a.slug}`}>voir en ligne</a>
            </>
          ) : null}
        </p>
        {opts.preview ? <Preview values={values} /> : null}
        <ArticleForm c={c} action={`/redaction/articles/${a.id}`} values={values} errors={opts.errors} />
        <h2>Publication</h2>
        <Form action={`/redaction/articles/${a.id}/publier`} csrf={ctx.actor?.csrfToken} label="Publication">
          <TextInput name="publishAt" type="datetime-local" label="Publier le (heure de Paris)" hint="Laisser vide pour publier tout de suite ; une date future programme la publication." value={a.publishAt && a.publishAt > now ? toParisLocal(a.publishAt) : ''} />
          <button type="submit">{a.status === 'published' ? 'Mettre à jour la publication' : 'Publier ou programmer'}</button>
        </Form>
        {a.status === 'published' ? (
          <p>
            <a class="button secondary" href={`/redaction/articles/${a.id}/depublier`}>
              Dépublier
            </a>
          </p>
        ) : null}
        <h2>Documents joints (PDF)</h2>
        <ul>
          {attachments.map((f) => (
            <li>
              {f.title} ({formatSize(f.size)})
            </li>
          ))}
        </ul>
        <Form action={`/redaction/articles/${a.id}/pieces-jointes`} csrf={ctx.actor?.csrfToken} enctype="multipart/form-data" label="Joindre un PDF">
          <TextInput name="title" label="Titre du document" />
          <div class="field">
            <label for="piece-jointe">Fichier PDF (10 Mo au plus)</label>
            <input id="piece-jointe" type="file" name="file" accept="application/pdf" required />
          </div>
          <button type="submit">Joindre</button>
        </Form>
      </>,
    );
  };

  app.get('/redaction/articles/:id', async (c) => {
    const a = await getArticle(c.get('ctx'), c.req.param('id'));
    return editPage(c, a, { ...a, sourceUrl: a.sourceUrl ?? '', revision: a.revision });
  });

  app.post('/redaction/articles/:id', async (c) => {
    const ctx = c.get('ctx');
    const a = await getArticle(ctx, c.req.param('id'));
    const { values, action, revision } = await readArticleForm(c);
    if (action === 'preview') return editPage(c, a, { ...values, revision }, { preview: true });
    try {
      await updateArticle(ctx, a.id, values, revision);
      setFlash(c, 'success', 'Article enregistré.');
      return c.redirect(`/redaction/articles/${a.id}`, 303);
    } catch (err) {
      const errors = formErrors(err);
      if (!errors) throw err;
      return editPage(c, a, { ...values, revision }, { errors });
    }
  });

  app.post('/redaction/articles/:id/publier', async (c) => {
    const f = await c.req.parseBody();
    const local = formString(f.publishAt);
    const at = local ? parisLocalToDate(local) : null;
    if (local && !at) throw new Invalid('Date de publication invalide.', { publishAt: 'Date et heure attendues.' });
    const a = await publishArticle(c.get('ctx'), c.req.param('id'), at);
    const scheduled = a.publishAt! > c.get('ctx').clock.now();
    setFlash(c, 'success', scheduled ? `Publication programmée le ${longDate(a.publishAt!)}.` : 'Article publié.');
    return c.redirect(`/redaction/articles/${a.id}`, 303);
  });

  app.get('/redaction/articles/:id/depublier', async (c) => {
    const a = await getArticle(c.get('ctx'), c.req.param('id'));
    return render(c, { title: 'Dépublier', breadcrumbs: crumbs('Dépublier', [{ href: `/redaction/articles/${a.id}`, label: a.title }]) }, <ConfirmAction title="Dépublier l’article" message={`« ${a.title} » ne sera plus visible sur le site ni dans les flux.`} action={`/redaction/articles/${a.id}/depublier`} csrf={c.get('actor')?.csrfToken} cancelHref={`/redaction/articles/${a.id}`} confirmLabel="Dépublier" />);
  });

  app.post('/redaction/articles/:id/depublier', async (c) => {
    const a = await unpublishArticle(c.get('ctx'), c.req.param('id'));
    setFlash(c, 'success', 'Article dépublié.');
    return c.redirect(`/redaction/articles/${a.id}`, 303);
  });

  app.post('/redaction/articles/:id/pieces-jointes', async (c) => {
    // Checked before reading the upload: a refused user gets 403, not a complaint about the file.
    authorize(c.get('actor'), 'publications.manage');
    const f = await c.req.parseBody();
    const upload = await uploadOf(f.file);
    await addAttachment(c.get('ctx'), c.req.param('id'), upload, formString(f.title));
    setFlash(c, 'success', 'Document joint.');
    return c.redirect(`/redaction/articles/${c.req.param('id')}`, 303);
  });

  app.get('/redaction/articles/:id/versions', async (c) => {
    const ctx = c.get('ctx');
    const a = await getArticle(ctx, c.req.param('id'));
    const revisions = await listRevisions(ctx, a.id);
    return render(
      c,
      { title: `Versions : ${a.title}`, breadcrumbs: crumbs('Versions', [{ href: `/redaction/articles/${a.id}`, label: a.title }]) },
      <>
        <h1>Historique des versions</h1>
        <ol reversed>
          {revisions.map((r) => (
            <li>
              Version {r.revision} du {longDate(r.createdAt)} par {r.createdByName ?? 'inconnu'} — « {r.title} »
              {r.revision === a.revision ? (
                ' (version actuelle)'
              ) : (
                <>
                  {' '}
                  — <a href={`/redaction/articles/${a.id}/versions/${r.revision}/restaurer`}>restaurer</a>
                </>
              )}
            </li>
          ))}
        </ol>
      </>,
    );
  });

  app.get('/redaction/articles/:id/versions/:rev{[0-9]{1,9}}/restaurer', async (c) => {
    const a = await getArticle(c.get('ctx'), c.req.param('id'));
    const rev = Number(c.req.param('rev'));
    return render(c, { title: 'Restaurer une version' }, <ConfirmAction title={`Restaurer la version ${rev}`} message="Son contenu deviendra une nouvelle version ; la version actuelle reste dans l’historique." action={`/redaction/articles/${a.id}/versions/${rev}/restaurer`} csrf={c.get('actor')?.csrfToken} cancelHref={`/redaction/articles/${a.id}/versions`} confirmLabel="Restaurer" danger={false} />);
  });

  app.post('/redaction/articles/:id/versions/:rev{[0-9]{1,9}}/restaurer', async (c) => {
    const a = await restoreRevision(c.get('ctx'), c.req.param('id'), Number(c.req.param('rev')));
    setFlash(c, 'success', `Version restaurée (nouvelle version ${a.revision}).`);
    return c.redirect(`/redaction/articles/${a.id}`, 303);
  });
}

function Preview({ values }: { values: Partial<ArticleInput> }) {
  return (
    <section class="card" aria-labelledby="apercu">
      <h2 id="apercu">Aperçu (non enregistré)</h2>
      <p>
        <strong>{values.title}</strong>
      </p>
      <p>{values.summary}</p>
      <Markdown source={values.body ?? ''} />
    </section>
  );
}
