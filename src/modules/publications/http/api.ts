import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { body, created, errors, idParam, isoInstant, json, listOf, listQuery, listed, noContent, readListQuery, uuid, type ApiListSpec } from '../../../platform/http/api.ts';
import { NotFound } from '../../../platform/errors.ts';
import type { AppEnv } from '../../../platform/http/types.ts';
import type { ListQuery } from '../../../platform/list.ts';
import { createArticle, getArticle, listRevisions, publishArticle, restoreRevision, unpublishArticle, updateArticle } from '../articles.ts';
import { addDocumentVersion, createDocument, deleteDocument, getDocument, getLibraryDocument, searchLibrary } from '../documents.ts';
import { ARTICLE_LIST, DOCUMENT_LIST, PAGE_LIST, listArticles, listDocuments, listPages, type ArticleListQuery, type DocumentListQuery, type PageListQuery } from '../lists.ts';
import { addAttachment, listAttachments, listImages, uploadImage } from '../media.ts';
import { pendingDigestArticles, sendDigest, setSubscriptions, subscriptionsOf } from '../newsletter.ts';
import { getPage, publishedPage, savePage } from '../site-pages.ts';
import { listPublicArticles, publicArticleBySlug, searchArticles } from '../veille.ts';
import { ARTICLE_CATEGORIES, ARTICLE_RUBRICS } from '../vocabulary.ts';
import {
  ArticleDetailDto,
  ArticleDto,
  ArticleRevisionsDto,
  DigestSentDto,
  ARTICLE_STATE_VALUES,
  DOCUMENT_KIND_VALUES,
  PAGE_STATE_VALUES,
  articleStateOf,
  pageStateOf,
  EditorDocumentDto,
  ImageDto,
  ImagesDto,
  LibraryDocumentDto,
  PendingDigestDto,
  PublicArticleDetailDto,
  PublicArticleDto,
  PublicSitePageDto,
  SitePageDto,
  SubscriberDto,
  SubscribersDto,
  documentKindOf,
  presentArticle,
  presentArticleDetail,
  presentEditorDocument,
  presentImage,
  presentLibraryDocument,
  presentPending,
  presentPublicArticle,
  presentPublicArticleDetail,
  presentPublicSitePage,
  presentRevision,
  presentSitePage,
  presentSubscriber,
} from './dto.ts';
import { uploadOfJson } from './forms.ts';

/**
 * The public site's JSON API: published articles, site pages and the documents library for anyone
 * (members-only documents for signed-in members); newsletter subscriptions for the member collectivities;
 * the watch, the site pages, the images, the documents and the digest for the editors. The use cases check the
 * rights and validate the content (422 with one French message per field). Files travel as JSON
 * (`{name, contentBase64}`), checked like the pages' uploads (type and size by the file store).
 */
const A = '/api/v1/publications';
const tags = ['Site public et veille'];

const PUBLIC_ARTICLES: ApiListSpec<'publishedAt', 'category' | 'rubric'> = {
  sortable: ['publishedAt'],
  defaultSort: 'publishedAt',
  defaultDir: 'desc',
  filters: ['category', 'rubric'],
  filterValues: { category: ARTICLE_CATEGORIES, rubric: ARTICLE_RUBRICS },
  aliases: { categorie: 'category', rubrique: 'rubric' },
};
// The back office's lists, with English filters; `…Query` below hands them to the use cases in their terms.
const EDITOR_ARTICLES: ApiListSpec<(typeof ARTICLE_LIST.sortable)[number], 'status' | 'category' | 'rubric'> = {
  ...ARTICLE_LIST,
  filters: ['status', 'category', 'rubric'],
  filterValues: { status: ARTICLE_STATE_VALUES, category: ARTICLE_CATEGORIES, rubric: ARTICLE_RUBRICS },
  aliases: { statut: 'status', categorie: 'category', rubrique: 'rubric' },
};
const PAGES: ApiListSpec<(typeof PAGE_LIST.sortable)[number], 'kind' | 'status'> = {
  ...PAGE_LIST,
  filters: ['kind', 'status'],
  filterValues: { kind: ['page', 'service'], status: PAGE_STATE_VALUES },
  aliases: { type: 'kind', etat: 'status' },
};
const DOCUMENTS: ApiListSpec<(typeof DOCUMENT_LIST.sortable)[number], 'kind' | 'visibility'> = {
  ...DOCUMENT_LIST,
  filters: ['kind', 'visibility'],
  filterValues: { kind: DOCUMENT_KIND_VALUES, visibility: ['public', 'members'] },
  aliases: { type: 'kind', lecteurs: 'visibility' },
};
const articleQuery = (q: ListQuery<(typeof ARTICLE_LIST.sortable)[number], 'status' | 'category' | 'rubric'>): ArticleListQuery => ({ ...q, filters: { statut: articleStateOf(q.filters.status), categorie: q.filters.category, rubrique: q.filters.rubric } });
const pageQuery = (q: ListQuery<(typeof PAGE_LIST.sortable)[number], 'kind' | 'status'>): PageListQuery => ({ ...q, filters: { type: q.filters.kind, etat: pageStateOf(q.filters.status) } });
const documentQuery = (q: ListQuery<(typeof DOCUMENT_LIST.sortable)[number], 'kind' | 'visibility'>): DocumentListQuery => ({ ...q, filters: { type: documentKindOf(q.filters.kind), lecteurs: q.filters.visibility } });

const fileInput = z
  .object({ name: z.string().trim().min(1).max(200).describe('Nom du fichier'), contentBase64: z.base64({ error: 'Contenu base64 attendu.' }).describe('Octets du fichier, en base64 (10 Mo au plus)') })
  .openapi('FileUpload');
const articleInput = z
  .object({ title: z.string(), summary: z.string(), body: z.string().describe('Markdown'), category: z.enum(ARTICLE_CATEGORIES), rubric: z.enum(ARTICLE_RUBRICS), tags: z.array(z.string()).optional(), sourceUrl: z.string().optional() })
  .openapi('ArticleInput');
const pageInput = z
  .object({ slug: z.string(), title: z.string(), body: z.string().describe('Markdown'), metaDescription: z.string().optional(), menuOrder: z.number().int().optional(), published: z.boolean().optional() })
  .openapi('SitePageInput');
const documentInput = z
  .object({ title: z.string(), description: z.string().optional(), kind: z.enum(DOCUMENT_KIND_VALUES), visibility: z.enum(['public', 'members']), file: fileInput, note: z.string().max(300).optional() })
  .openapi('DocumentInput');
const revisionParams = z.object({ id: uuid(), revision: z.coerce.number().int().min(1).max(1_000_000_000) });
const slugParam = z.object({ slug: z.string().max(200) });
const organisationParam = z.object({ organisationId: uuid() });
const contactParam = z.object({ contactId: uuid() });

const route = createRoute;
const r = {
  // Public
  articles: route({ method: 'get', path: `${A}/articles`, tags, summary: 'Articles publiés (recherche en texte intégral, catégorie, rubrique)', request: { query: listQuery(PUBLIC_ARTICLES) }, responses: { 200: json(listOf(PublicArticleDto, 'PublicArticlePage'), 'Une page d’articles ; une recherche les classe par pertinence'), ...errors } }),
  article: route({ method: 'get', path: `${A}/articles/{slug}`, tags, summary: 'Un article publié, avec son texte et ses pièces jointes', request: { params: slugParam }, responses: { 200: json(PublicArticleDetailDto, 'Article'), ...errors } }),
  page: route({ method: 'get', path: `${A}/pages/{slug}`, tags, summary: 'Une page publiée du site', request: { params: slugParam }, responses: { 200: json(PublicSitePageDto, 'Page'), ...errors } }),
  library: route({ method: 'get', path: `${A}/documents`, tags, summary: 'Bibliothèque de documents (réservés aux membres connectés pour certains)', request: { query: listQuery(DOCUMENTS) }, responses: { 200: json(listOf(LibraryDocumentDto, 'LibraryDocumentPage'), 'Documents et leurs versions'), ...errors } }),
  libraryDocument: route({ method: 'get', path: `${A}/documents/{id}`, tags, summary: 'Un document de la bibliothèque et ses versions', request: { params: idParam }, responses: { 200: json(LibraryDocumentDto, 'Document'), ...errors } }),
  // Newsletter (member collectivities)
  subscribers: route({ method: 'get', path: `${A}/newsletter/organisations/{organisationId}/subscribers`, tags, summary: 'Lettre de veille : les contacts d’une collectivité et les catégories que chacun suit', request: { params: organisationParam }, responses: { 200: json(SubscribersDto, 'Contacts ayant une adresse électronique'), ...errors } }),
  subscribe: route({ method: 'put', path: `${A}/newsletter/subscribers/{contactId}`, tags, summary: 'Lettre de veille : les catégories que suit un contact (remplace le choix précédent)', request: { params: contactParam, ...body(z.object({ categories: z.array(z.enum(ARTICLE_CATEGORIES)).max(ARTICLE_CATEGORIES.length) }).openapi('NewsletterSubscription')) }, responses: { 200: json(SubscriberDto, 'Abonnements enregistrés'), ...errors } }),
  // Editors: articles
  list: route({ method: 'get', path: `${A}/editor/articles`, tags, summary: 'Rédaction : tous les articles (recherche, filtres, tri, pagination)', request: { query: listQuery(EDITOR_ARTICLES) }, responses: { 200: json(listOf(ArticleDto, 'ArticlePage'), 'Une page d’articles'), ...errors } }),
  create: route({ method: 'post', path: `${A}/editor/articles`, tags, summary: 'Rédaction : créer un article (brouillon)', request: body(articleInput), responses: { 201: json(ArticleDto, 'Créé'), ...errors } }),
  get: route({ method: 'get', path: `${A}/editor/articles/{id}`, tags, summary: 'Rédaction : un article et ses pièces jointes', request: { params: idParam }, responses: { 200: json(ArticleDetailDto, 'Article'), ...errors } }),
  update: route({ method: 'put', path: `${A}/editor/articles/{id}`, tags, summary: 'Rédaction : enregistrer une nouvelle version', request: { params: idParam, ...body(articleInput.extend({ revision: z.number().int().optional().describe('Version de départ : refus (409) si une autre a été enregistrée depuis') })) }, responses: { 200: json(ArticleDto, 'Enregistré'), ...errors } }),
  publish: route({ method: 'post', path: `${A}/editor/articles/{id}/publish`, tags, summary: 'Rédaction : publier maintenant, ou programmer', request: { params: idParam, body: { content: { 'application/json': { schema: z.object({ publishAt: isoInstant().optional().describe('Absente : maintenant') }) } } } }, responses: { 200: json(ArticleDto, 'Publié ou programmé'), ...errors } }),
  unpublish: route({ method: 'post', path: `${A}/editor/articles/{id}/unpublish`, tags, summary: 'Rédaction : dépublier (l’article redevient brouillon)', request: { params: idParam }, responses: { 200: json(ArticleDto, 'Dépublié'), ...errors } }),
  revisions: route({ method: 'get', path: `${A}/editor/articles/{id}/revisions`, tags, summary: 'Rédaction : l’historique des versions d’un article (la plus récente d’abord)', request: { params: idParam }, responses: { 200: json(ArticleRevisionsDto, 'Versions'), ...errors } }),
  restore: route({ method: 'post', path: `${A}/editor/articles/{id}/revisions/{revision}/restore`, tags, summary: 'Rédaction : restaurer une version (son contenu devient une nouvelle version)', request: { params: revisionParams }, responses: { 200: json(ArticleDto, 'Restaurée'), ...errors } }),
  attach: route({ method: 'post', path: `${A}/editor/articles/{id}/attachments`, tags, summary: 'Rédaction : joindre un PDF à un article', request: { params: idParam, ...body(z.object({ title: z.string().max(200).optional(), file: fileInput }).openapi('AttachmentInput')) }, responses: { 201: json(ArticleDetailDto, 'Joint ; l’article et ses pièces jointes'), ...errors } }),
  // Editors: site pages and images
  pages: route({ method: 'get', path: `${A}/editor/pages`, tags, summary: 'Rédaction : les pages du site (brouillons compris)', request: { query: listQuery(PAGES) }, responses: { 200: json(listOf(SitePageDto, 'SitePagePage'), 'Une page de pages du site'), ...errors } }),
  createPage: route({ method: 'post', path: `${A}/editor/pages`, tags, summary: 'Rédaction : créer une page', request: body(pageInput), responses: { 201: json(SitePageDto, 'Créée'), ...errors } }),
  getPage: route({ method: 'get', path: `${A}/editor/pages/{id}`, tags, summary: 'Rédaction : une page du site', request: { params: idParam }, responses: { 200: json(SitePageDto, 'Page'), ...errors } }),
  updatePage: route({ method: 'put', path: `${A}/editor/pages/{id}`, tags, summary: 'Rédaction : modifier une page (l’adresse d’une page de service ne change pas)', request: { params: idParam, ...body(pageInput) }, responses: { 200: json(SitePageDto, 'Enregistrée'), ...errors } }),
  images: route({ method: 'get', path: `${A}/editor/images`, tags, summary: 'Rédaction : la médiathèque (200 images les plus récentes)', responses: { 200: json(ImagesDto, 'Images'), ...errors } }),
  uploadImage: route({ method: 'post', path: `${A}/editor/images`, tags, summary: 'Rédaction : ajouter une image (PNG, JPEG ou WebP) avec son texte alternatif', request: body(z.object({ alt: z.string(), file: fileInput }).openapi('ImageInput')), responses: { 201: json(ImageDto, 'Ajoutée'), ...errors } }),
  // Editors: documents
  documents: route({ method: 'get', path: `${A}/editor/documents`, tags, summary: 'Rédaction : la bibliothèque de documents', request: { query: listQuery(DOCUMENTS) }, responses: { 200: json(listOf(EditorDocumentDto, 'EditorDocumentPage'), 'Une page de documents'), ...errors } }),
  createDocument: route({ method: 'post', path: `${A}/editor/documents`, tags, summary: 'Rédaction : ajouter un document (PDF)', request: body(documentInput), responses: { 201: json(LibraryDocumentDto, 'Ajouté'), ...errors } }),
  getDocument: route({ method: 'get', path: `${A}/editor/documents/{id}`, tags, summary: 'Rédaction : un document et ses versions', request: { params: idParam }, responses: { 200: json(LibraryDocumentDto, 'Document'), ...errors } }),
  addVersion: route({ method: 'post', path: `${A}/editor/documents/{id}/versions`, tags, summary: 'Rédaction : déposer une nouvelle version (les précédentes restent téléchargeables)', request: { params: idParam, ...body(z.object({ file: fileInput, note: z.string().max(300).optional() }).openapi('DocumentVersionInput')) }, responses: { 201: json(LibraryDocumentDto, 'Déposée ; le document et ses versions'), ...errors } }),
  deleteDocument: route({ method: 'delete', path: `${A}/editor/documents/{id}`, tags, summary: 'Rédaction : retirer un document de la bibliothèque', request: { params: idParam }, responses: { ...noContent, ...errors } }),
  // Editors: digest
  pending: route({ method: 'get', path: `${A}/editor/newsletter/pending`, tags, summary: 'Rédaction : les articles que portera la prochaine lettre', responses: { 200: json(PendingDigestDto, 'Articles à envoyer'), ...errors } }),
  send: route({ method: 'post', path: `${A}/editor/newsletter/send`, tags, summary: 'Rédaction : envoyer la lettre aux abonnés (422 sans nouvel article)', responses: { 200: json(DigestSentDto, 'Envoyée'), ...errors } }),
};

export function mountPublicationsApi(app: OpenAPIHono<AppEnv>) {
  const origin = (c: Context<AppEnv>) => c.get('ctx').config.PUBLIC_URL;
  const now = (c: Context<AppEnv>) => c.get('ctx').clock.now();

  app.openapi(r.articles, async (c) => {
    const q = readListQuery(c, PUBLIC_ARTICLES);
    const ctx = c.get('ctx');
    // A search ranks by relevance over every category; otherwise the archive's order and filters.
    const result = q.q
      ? await searchArticles(ctx, q.q, q.page, q.pageSize)
      : await listPublicArticles(ctx, { category: q.filters.category as (typeof ARTICLE_CATEGORIES)[number] | undefined, rubric: q.filters.rubric as (typeof ARTICLE_RUBRICS)[number] | undefined, page: q.page, pageSize: q.pageSize, dir: q.dir });
    return c.json(listed({ rows: result.rows.map((a) => presentPublicArticle(origin(c), a)), total: result.total }, q), 200);
  });
  app.openapi(r.article, async (c) => c.json(presentPublicArticleDetail(origin(c), await publicArticleBySlug(c.get('ctx'), c.req.valid('param').slug)), 200));
  app.openapi(r.page, async (c) => {
    const page = await publishedPage(c.get('ctx'), c.req.valid('param').slug);
    if (!page) throw new NotFound('Page introuvable.');
    return c.json(presentPublicSitePage(page), 200);
  });
  app.openapi(r.library, async (c) => {
    const q = readListQuery(c, DOCUMENTS);
    const result = await searchLibrary(c.get('ctx'), documentQuery(q));
    // Members-only entries depend on who asks: no shared cache may keep this answer.
    c.header('Cache-Control', 'private, no-cache');
    return c.json(listed({ rows: result.rows.map((d) => presentLibraryDocument(origin(c), d)), total: result.total }, q), 200);
  });
  app.openapi(r.libraryDocument, async (c) => {
    c.header('Cache-Control', 'private, no-cache');
    return c.json(presentLibraryDocument(origin(c), await getLibraryDocument(c.get('ctx'), c.req.valid('param').id)), 200);
  });

  app.openapi(r.subscribers, async (c) => {
    const { organisationId } = c.req.valid('param');
    const rows = await subscriptionsOf(c.get('ctx'), organisationId);
    return c.json({ organisationId, items: rows.map(presentSubscriber) }, 200);
  });
  app.openapi(r.subscribe, async (c) => c.json(presentSubscriber(await setSubscriptions(c.get('ctx'), c.req.valid('param').contactId, c.req.valid('json').categories)), 200));

  app.openapi(r.list, async (c) => {
    const q = readListQuery(c, EDITOR_ARTICLES);
    const result = await listArticles(c.get('ctx'), articleQuery(q));
    return c.json(listed({ rows: result.rows.map((a) => presentArticle(a, now(c))), total: result.total }, q), 200);
  });
  app.openapi(r.create, async (c) => {
    const a = await createArticle(c.get('ctx'), c.req.valid('json'));
    return created(c, presentArticle(a, now(c)), `${A}/editor/articles/${a.id}`);
  });
  app.openapi(r.get, async (c) => {
    const ctx = c.get('ctx');
    const a = await getArticle(ctx, c.req.valid('param').id);
    return c.json(presentArticleDetail(a, await listAttachments(ctx, a.id), now(c)), 200);
  });
  app.openapi(r.update, async (c) => {
    const { revision, ...input } = c.req.valid('json');
    return c.json(presentArticle(await updateArticle(c.get('ctx'), c.req.valid('param').id, input, revision), now(c)), 200);
  });
  app.openapi(r.publish, async (c) => {
    const at = c.req.valid('json').publishAt;
    return c.json(presentArticle(await publishArticle(c.get('ctx'), c.req.valid('param').id, at ? new Date(at) : null), now(c)), 200);
  });
  app.openapi(r.unpublish, async (c) => c.json(presentArticle(await unpublishArticle(c.get('ctx'), c.req.valid('param').id), now(c)), 200));
  app.openapi(r.revisions, async (c) => c.json({ items: (await listRevisions(c.get('ctx'), c.req.valid('param').id)).map(presentRevision) }, 200));
  app.openapi(r.restore, async (c) => {
    const { id, revision } = c.req.valid('param');
    return c.json(presentArticle(await restoreRevision(c.get('ctx'), id, revision), now(c)), 200);
  });
  app.openapi(r.attach, async (c) => {
    const ctx = c.get('ctx');
    const { id } = c.req.valid('param');
    const input = c.req.valid('json');
    await addAttachment(ctx, id, uploadOfJson(input.file), input.title ?? '');
    const a = await getArticle(ctx, id);
    return created(c, presentArticleDetail(a, await listAttachments(ctx, id), now(c)), `${A}/editor/articles/${id}`);
  });

  app.openapi(r.pages, async (c) => {
    const q = readListQuery(c, PAGES);
    const result = await listPages(c.get('ctx'), pageQuery(q));
    return c.json(listed({ rows: result.rows.map(presentSitePage), total: result.total }, q), 200);
  });
  app.openapi(r.createPage, async (c) => {
    const page = await savePage(c.get('ctx'), c.req.valid('json'));
    return created(c, presentSitePage(page), `${A}/editor/pages/${page.id}`);
  });
  app.openapi(r.getPage, async (c) => c.json(presentSitePage(await getPage(c.get('ctx'), c.req.valid('param').id)), 200));
  app.openapi(r.updatePage, async (c) => {
    const ctx = c.get('ctx');
    const before = await getPage(ctx, c.req.valid('param').id);
    const input = c.req.valid('json');
    return c.json(presentSitePage(await savePage(ctx, { ...input, slug: before.kind === 'service' ? before.slug : input.slug }, before.id)), 200);
  });
  app.openapi(r.images, async (c) => c.json({ items: (await listImages(c.get('ctx'))).map((i) => presentImage(origin(c), i)) }, 200));
  app.openapi(r.uploadImage, async (c) => {
    const input = c.req.valid('json');
    const image = await uploadImage(c.get('ctx'), uploadOfJson(input.file), input.alt);
    return created(c, presentImage(origin(c), image), `/medias/${image.id}`);
  });

  app.openapi(r.documents, async (c) => {
    const q = readListQuery(c, DOCUMENTS);
    const result = await listDocuments(c.get('ctx'), documentQuery(q));
    return c.json(listed({ rows: result.rows.map(presentEditorDocument), total: result.total }, q), 200);
  });
  app.openapi(r.createDocument, async (c) => {
    const ctx = c.get('ctx');
    const { file, note, kind, ...input } = c.req.valid('json');
    const doc = await createDocument(ctx, { ...input, kind: documentKindOf(kind)! }, uploadOfJson(file), note);
    return created(c, presentLibraryDocument(origin(c), await getDocument(ctx, doc.id)), `${A}/editor/documents/${doc.id}`);
  });
  app.openapi(r.getDocument, async (c) => c.json(presentLibraryDocument(origin(c), await getDocument(c.get('ctx'), c.req.valid('param').id)), 200));
  app.openapi(r.addVersion, async (c) => {
    const ctx = c.get('ctx');
    const { id } = c.req.valid('param');
    const input = c.req.valid('json');
    await addDocumentVersion(ctx, id, uploadOfJson(input.file), input.note ?? '');
    return created(c, presentLibraryDocument(origin(c), await getDocument(ctx, id)), `${A}/editor/documents/${id}`);
  });
  app.openapi(r.deleteDocument, async (c) => {
    await deleteDocument(c.get('ctx'), c.req.valid('param').id);
    return c.body(null, 204);
  });

  app.openapi(r.pending, async (c) => c.json(presentPending(await pendingDigestArticles(c.get('ctx'))), 200));
  app.openapi(r.send, async (c) => c.json(await sendDigest(c.get('ctx')), 200));
}
