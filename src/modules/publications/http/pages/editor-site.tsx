import type { OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { AppEnv } from '../../../../platform/http/types.ts';
import { authorize } from '../../../../platform/auth/permissions.ts';
import { setFlash } from '../../../../platform/ui/flash.ts';
import { exportResponse } from '../../../../platform/ui/export.ts';
import { Checkbox, ErrorSummary, Form, ListFilters, TextInput, Textarea, formErrors, type FieldErrors } from '../../../../platform/ui/form.tsx';
import { parseListQuery } from '../../../../platform/ui/list.ts';
import { render } from '../../../../platform/ui/render.tsx';
import { DataTable, type TableColumn } from '../../../../platform/ui/table.tsx';
import { formString, readPageForm, uploadOf } from '../forms.ts';
import { imageMarkdown, listImages, readImage, uploadImage } from '../../media.ts';
import { pendingDigestArticles, sendDigest } from '../../newsletter.ts';
import { getPage, savePage, type SitePage } from '../../site-pages.ts';
import { PAGE_LIST, listPages } from '../../lists.ts';
import type { PageInput } from '../../validation.ts';
import { sendFile } from '../files.ts';

const crumbs = (label: string) => [{ href: '/redaction', label: 'Rédaction' }, { label }];

const PAGE_KIND_LABELS = { page: 'Page', service: 'Service' } as const;
const pageColumns: TableColumn<SitePage>[] = [
  { label: 'Titre', sort: 'title', value: (p) => p.title, render: (p) => <a href={`/redaction/pages/${p.id}`}>{p.title}</a> },
  { label: 'Adresse', sort: 'slug', value: (p) => `/${p.slug}` },
  { label: 'Type', value: (p) => PAGE_KIND_LABELS[p.kind] },
  { label: 'État', value: (p) => (p.published ? 'Publiée' : 'Brouillon') },
  { label: 'Ordre dans les menus', sort: 'menuOrder', numeric: true, value: (p) => p.menuOrder },
  { label: 'Modifiée le', sort: 'updatedAt', value: (p) => p.updatedAt },
];

function PageForm(p: { c: Context<AppEnv>; action: string; values: Partial<PageInput>; errors?: FieldErrors | null; slugLocked?: boolean }) {
  const e = p.errors ?? {};
  return (
    <Form action={p.action} csrf={p.c.get('actor')?.csrfToken} label="Page">
      <ErrorSummary errors={p.errors} />
      {p.slugLocked ? <input type="hidden" name="slug" value={p.values.slug} /> : <TextInput name="slug" label="Adresse (slug)" required value={p.values.slug} error={e.slug} hint="Ex. : nos-missions ; contact et accessibilite remplacent les pages du pied de page." />}
      <TextInput name="title" label="Titre" required value={p.values.title} error={e.title} />
      <Textarea name="body" label="Texte (Markdown)" required rows={16} value={p.values.body} error={e.body} />
      <TextInput name="metaDescription" label="Description pour les moteurs de recherche" value={p.values.metaDescription} error={e.metaDescription} />
      <TextInput name="menuOrder" label="Ordre dans les menus" type="number" min={0} value={p.values.menuOrder === undefined ? 0 : String(p.values.menuOrder)} error={e.menuOrder} />
      <Checkbox name="published" label="Publiée" checked={p.values.published === true || p.values.published === 'on'} />
      <button type="submit">Enregistrer</button>
    </Form>
  );
}

export function mountEditorSite(app: OpenAPIHono<AppEnv>) {
  app.get('/redaction', (c) => {
    authorize(c.get('actor'), 'publications.manage');
    return render(
      c,
      { title: 'Rédaction' },
      <>
        <h1>Rédaction</h1>
        <ul class="cards">
          {[
            ['/redaction/articles', 'Articles de veille', 'Écrire, programmer, publier ; historique des versions.'],
            ['/redaction/pages', 'Pages du site', 'Pages des services, contact, accessibilité et autres pages.'],
            ['/redaction/documents', 'Documents', 'Bibliothèque publique et documents réservés aux membres.'],
            ['/redaction/medias', 'Médiathèque', 'Images avec leur texte alternatif.'],
            ['/redaction/lettre', 'Lettre de veille', 'Envoyer aux abonnés les nouveaux articles.'],
          ].map(([href, title, text]) => (
            <li class="card">
              <h2>
                <a href={href}>{title}</a>
              </h2>
              <p>{text}</p>
            </li>
          ))}
        </ul>
      </>,
    );
  });

  app.get('/redaction/pages', async (c) => {
    const q = parseListQuery(c.req.query(), PAGE_LIST);
    const { rows, total } = await listPages(c.get('ctx'), q);
    if (q.format !== 'html') return exportResponse(c, q.format, 'pages', pageColumns, rows);
    return render(
      c,
      { title: 'Pages du site', breadcrumbs: crumbs('Pages') },
      <>
        <h1>Pages du site</h1>
        <p>
          <a class="button" href="/redaction/pages/nouvelle">
            Nouvelle page
          </a>
        </p>
        <ListFilters
          action="/redaction/pages"
          query={q}
          searchLabel="Titre ou adresse"
          selects={[
            { name: 'type', label: 'Type', options: Object.entries(PAGE_KIND_LABELS).map(([value, label]) => ({ value, label })) },
            { name: 'etat', label: 'État', options: [{ value: 'publiee', label: 'Publiée' }, { value: 'brouillon', label: 'Brouillon' }] },
          ]}
        />
        <DataTable caption="Pages du site" columns={pageColumns} rows={rows} total={total} query={q} basePath="/redaction/pages" />
      </>,
    );
  });

  const pageForm = (c: Context<AppEnv>, title: string, action: string, values: Partial<PageInput>, errors?: FieldErrors | null, page?: SitePage) =>
    render(c, { title, breadcrumbs: crumbs(title), status: errors ? 422 : 200 }, <><h1>{title}</h1><PageForm c={c} action={action} values={values} errors={errors} slugLocked={page?.kind === 'service'} /></>);

  app.get('/redaction/pages/nouvelle', (c) => {
    authorize(c.get('actor'), 'publications.manage');
    return pageForm(c, 'Nouvelle page', '/redaction/pages/nouvelle', {});
  });
  app.post('/redaction/pages/nouvelle', async (c) => {
    const values = await readPageForm(c);
    try {
      const page = await savePage(c.get('ctx'), values);
      setFlash(c, 'success', 'Page enregistrée.');
      return c.redirect(`/redaction/pages/${page.id}`, 303);
    } catch (err) {
      const errors = formErrors(err);
      if (!errors) throw err;
      return pageForm(c, 'Nouvelle page', '/redaction/pages/nouvelle', values, errors);
    }
  });
  app.get('/redaction/pages/:id', async (c) => {
    const page = await getPage(c.get('ctx'), c.req.param('id'));
    return pageForm(c, `Modifier : ${page.title}`, `/redaction/pages/${page.id}`, page, null, page);
  });
  app.post('/redaction/pages/:id', async (c) => {
    const page = await getPage(c.get('ctx'), c.req.param('id'));
    const values = await readPageForm(c);
    try {
      await savePage(c.get('ctx'), { ...values, slug: page.kind === 'service' ? page.slug : values.slug }, page.id);
      setFlash(c, 'success', 'Page enregistrée.');
      return c.redirect(`/redaction/pages/${page.id}`, 303);
    } catch (err) {
      const errors = formErrors(err);
      if (!errors) throw err;
      return pageForm(c, `Modifier : ${page.title}`, `/redaction/pages/${page.id}`, values, errors, page);
    }
  });

  app.get('/redaction/medias', async (c) => {
    const ctx = c.get('ctx');
    const images = await listImages(ctx);
    return render(
      c,
      { title: 'Médiathèque', breadcrumbs: crumbs('Médiathèque') },
      <>
        <h1>Médiathèque</h1>
        <Form action="/redaction/medias" csrf={ctx.actor?.csrfToken} enctype="multipart/form-data" label="Ajouter une image">
          <div class="field">
            <label for="image-fichier">Image (PNG, JPEG ou WebP, 10 Mo au plus)</label>
            <input id="image-fichier" type="file" name="file" accept="image/png,image/jpeg,image/webp" required />
          </div>
          <TextInput name="alt" label="Texte alternatif" required hint="Ce que l’image apporte, pour les personnes qui ne la voient pas." />
          <button type="submit">Ajouter</button>
        </Form>
        <ul>
          {images.map((i) => (
            <li>
              {i.alt} — à copier dans un texte : <code>{imageMarkdown(i.id, i.alt)}</code>
            </li>
          ))}
        </ul>
      </>,
    );
  });
  app.post('/redaction/medias', async (c) => {
    // Checked before reading the upload: a refused user gets 403, not a complaint about the file.
    authorize(c.get('actor'), 'publications.manage');
    const f = await c.req.parseBody();
    const image = await uploadImage(c.get('ctx'), await uploadOf(f.file), formString(f.alt));
    setFlash(c, 'success', `Image ajoutée : ${image.markdown}`);
    return c.redirect('/redaction/medias', 303);
  });
  app.get('/medias/:id', async (c) => {
    return sendFile(c, c.get('ctx'), await readImage(c.get('ctx'), c.req.param('id')), 'immutable');
  });

  app.get('/redaction/lettre', async (c) => {
    const ctx = c.get('ctx');
    const pending = await pendingDigestArticles(ctx);
    return render(
      c,
      { title: 'Lettre de veille', breadcrumbs: crumbs('Lettre') },
      <>
        <h1>Lettre de veille</h1>
        <p>Chaque abonné reçoit les nouveaux articles des catégories qu’il suit, avec un lien de désinscription en un clic.</p>
        <h2>Articles à envoyer ({pending.length})</h2>
        <ul>
          {pending.map((a) => (
            <li>
              [{a.category}] {a.title}
            </li>
          ))}
        </ul>
        {pending.length > 0 ? (
          <Form action="/redaction/lettre" csrf={ctx.actor?.csrfToken} label="Envoyer la lettre">
            <button type="submit">Envoyer la lettre aux abonnés</button>
          </Form>
        ) : null}
      </>,
    );
  });
  app.post('/redaction/lettre', async (c) => {
    const result = await sendDigest(c.get('ctx'));
    setFlash(c, 'success', `Lettre envoyée à ${result.recipients} abonné(s) (${result.articles} article(s)).`);
    return c.redirect('/redaction/lettre', 303);
  });
}
