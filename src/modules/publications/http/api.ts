import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../../platform/http/types.ts';
import { parseListQuery } from '../../platform/ui/list.ts';
import { createArticle, getArticle, publishArticle, unpublishArticle, updateArticle, type Article } from './articles.ts';
import { DOCUMENT_KIND_LABELS, listLibrary } from './documents.ts';
import { ARTICLE_LIST, articleState, listArticles } from './lists.ts';
import { ARTICLE_CATEGORIES, ARTICLE_RUBRICS, DOCUMENT_KINDS } from './schema.ts';
import { listPublicArticles, publicArticleBySlug, searchArticles, type PublicArticle } from './veille.ts';

/**
 * The public site's JSON API: published articles and the documents library for anyone (members-only
 * documents for signed-in members), and the regulatory watch's editing for editors. The use cases check the
 * rights and validate the content (422 with one French message per field).
 */
const tags = ['Site public et veille'];
const json = <S extends z.ZodType>(schema: S, description: string) => ({ content: { 'application/json': { schema } }, description });
const body = <S extends z.ZodType>(schema: S) => ({ body: { content: { 'application/json': { schema } }, required: true } });
const errors = { 401: { description: 'Non connecté' }, 403: { description: 'Interdit' }, 404: { description: 'Introuvable' }, 409: { description: 'Modifié entre-temps' }, 422: { description: 'Données invalides (détail par champ)' } };
const idParam = z.object({ id: z.uuid() });
const opt = z.string().optional();
const instant = z.string().describe('Date et heure ISO 8601');

const publicArticle = z
  .object({ id: z.uuid(), slug: z.string(), url: z.string(), title: z.string(), summary: z.string(), category: z.enum(ARTICLE_CATEGORIES), rubric: z.enum(ARTICLE_RUBRICS), tags: z.array(z.string()), publishedAt: instant, authorName: z.string(), sourceUrl: z.string().nullable() })
  .openapi('PublicArticle');
const publicArticleFull = publicArticle
  .extend({ body: z.string().describe('Markdown'), attachments: z.array(z.object({ title: z.string(), size: z.number().int(), url: z.string() })) })
  .openapi('PublicArticleWithBody');
const editorArticle = z
  .object({ id: z.uuid(), slug: z.string(), title: z.string(), summary: z.string(), body: z.string(), category: z.enum(ARTICLE_CATEGORIES), rubric: z.enum(ARTICLE_RUBRICS), tags: z.array(z.string()), status: z.enum(['draft', 'published']), state: z.enum(['brouillon', 'programme', 'publie']), publishAt: instant.nullable(), revision: z.number().int(), authorName: z.string(), sourceUrl: z.string().nullable(), updatedAt: instant })
  .openapi('Article');
const articleBody = z
  .object({ title: z.string(), summary: z.string(), body: z.string().describe('Markdown'), category: z.enum(ARTICLE_CATEGORIES), rubric: z.enum(ARTICLE_RUBRICS), tags: z.array(z.string()).optional(), sourceUrl: opt })
  .openapi('ArticleInput');
const libraryDocument = z
  .object({ id: z.uuid(), title: z.string(), description: z.string(), kind: z.enum(DOCUMENT_KINDS), kindLabel: z.string(), visibility: z.enum(['public', 'members']), versions: z.array(z.object({ version: z.number().int(), name: z.string(), size: z.number().int(), createdAt: instant, note: z.string(), url: z.string() })) })
  .openapi('LibraryDocument');
const page = <S extends z.ZodType>(row: S) => z.object({ rows: z.array(row), total: z.number().int(), page: z.number().int(), pageSize: z.number().int() });

const publicQuery = z.object({
  q: opt.describe('Recherche en texte intégral (français, accents ignorés)'),
  categorie: z.enum(ARTICLE_CATEGORIES).optional(),
  rubrique: z.enum(ARTICLE_RUBRICS).optional(),
  page: z.coerce.number().int().min(1).max(10_000).optional(),
  taille: z.coerce.number().int().min(1).max(50).optional().describe('10 par défaut, 50 au plus'),
});
const editorQuery = z.object({ q: opt, statut: z.enum(['brouillon', 'programme', 'publie']).optional(), categorie: opt, rubrique: opt, tri: opt.describe('title, category, rubric, publishAt, updatedAt'), ordre: z.enum(['asc', 'desc']).optional(), page: opt, taille: opt.describe('20, 50 ou 100') });
const A = '/api/v1/publications';

const r = {
  publicList: createRoute({ method: 'get', path: `${A}/articles`, tags, summary: 'Articles publiés (recherche, catégorie, rubrique, pagination)', request: { query: publicQuery }, responses: { 200: json(page(publicArticle), 'Une page d’articles, du plus récent au plus ancien'), ...errors } }),
  publicGet: createRoute({ method: 'get', path: `${A}/articles/{slug}`, tags, summary: 'Un article publié, avec son texte et ses pièces jointes', request: { params: z.object({ slug: z.string().max(200) }) }, responses: { 200: json(publicArticleFull, 'Article'), ...errors } }),
  documents: createRoute({ method: 'get', path: `${A}/documents`, tags, summary: 'Bibliothèque de documents (réservés aux membres connectés pour certains)', responses: { 200: json(z.array(libraryDocument), 'Documents et leurs versions'), ...errors } }),
  list: createRoute({ method: 'get', path: `${A}/editor/articles`, tags, summary: 'Rédaction : tous les articles (recherche, filtres, tri, pagination)', request: { query: editorQuery }, responses: { 200: json(page(editorArticle), 'Une page d’articles'), ...errors } }),
  create: createRoute({ method: 'post', path: `${A}/editor/articles`, tags, summary: 'Rédaction : créer un article (brouillon)', request: body(articleBody), responses: { 201: json(editorArticle, 'Créé'), ...errors } }),
  get: createRoute({ method: 'get', path: `${A}/editor/articles/{id}`, tags, summary: 'Rédaction : un article', request: { params: idParam }, responses: { 200: json(editorArticle, 'Article'), ...errors } }),
  update: createRoute({ method: 'put', path: `${A}/editor/articles/{id}`, tags, summary: 'Rédaction : enregistrer une nouvelle version', request: { params: idParam, ...body(articleBody.extend({ revision: z.number().int().optional().describe('Version de départ : refus (409) si une autre a été enregistrée depuis') })) }, responses: { 200: json(editorArticle, 'Enregistré'), ...errors } }),
  publish: createRoute({ method: 'post', path: `${A}/editor/articles/{id}/publish`, tags, summary: 'Rédaction : publier maintenant, ou programmer', request: { params: idParam, body: { content: { 'application/json': { schema: z.object({ publishAt: instant.optional().describe('Absente : maintenant') }) } } } }, responses: { 200: json(editorArticle, 'Publié ou programmé'), ...errors } }),
  unpublish: createRoute({ method: 'post', path: `${A}/editor/articles/{id}/unpublish`, tags, summary: 'Rédaction : dépublier (l’article redevient brouillon)', request: { params: idParam }, responses: { 200: json(editorArticle, 'Dépublié'), ...errors } }),
};

export function mountPublicationsApi(app: OpenAPIHono<AppEnv>) {
  const base = (c: Context<AppEnv>) => c.get('ctx').config.PUBLIC_URL;
  const toPublic = (origin: string, a: PublicArticle) => ({ id: a.id, slug: a.slug, url: `${origin}/veille/${a.slug}`, title: a.title, summary: a.summary, category: a.category, rubric: a.rubric, tags: a.tags, publishedAt: a.publishAt!.toISOString(), authorName: a.authorName, sourceUrl: a.sourceUrl });
  const toEditor = (a: Article, now: Date) => ({ id: a.id, slug: a.slug, title: a.title, summary: a.summary, body: a.body, category: a.category, rubric: a.rubric, tags: a.tags, status: a.status, state: articleState(a, now), publishAt: a.publishAt?.toISOString() ?? null, revision: a.revision, authorName: a.authorName, sourceUrl: a.sourceUrl, updatedAt: a.updatedAt.toISOString() });

  app.openapi(r.publicList, async (c) => {
    const ctx = c.get('ctx');
    const q = c.req.valid('query');
    const pageNo = q.page ?? 1;
    const pageSize = q.taille ?? 10;
    // A search ranks by relevance over every category; otherwise the archive's order and filters.
    const { rows, total } = q.q?.trim() ? await searchArticles(ctx, q.q.trim().slice(0, 200), pageNo, pageSize) : await listPublicArticles(ctx, { category: q.categorie, rubric: q.rubrique, page: pageNo, pageSize });
    return c.json({ rows: rows.map((a) => toPublic(base(c), a)), total, page: pageNo, pageSize }, 200);
  });
  app.openapi(r.publicGet, async (c) => {
    const a = await publicArticleBySlug(c.get('ctx'), c.req.valid('param').slug);
    const attachments = a.attachments.map((f) => ({ title: f.title, size: f.size, url: `${base(c)}/veille/pieces-jointes/${f.id}` }));
    return c.json({ ...toPublic(base(c), a), body: a.body, attachments }, 200);
  });
  app.openapi(r.documents, async (c) => {
    const library = await listLibrary(c.get('ctx'));
    const rows = library.map((d) => ({
      id: d.id,
      title: d.title,
      description: d.description,
      kind: d.kind,
      kindLabel: DOCUMENT_KIND_LABELS[d.kind],
      visibility: d.visibility,
      versions: d.versions.map((v) => ({ version: v.version, name: v.name, size: v.size, createdAt: v.createdAt.toISOString(), note: v.note, url: `${base(c)}/documents/fichiers/${v.id}` })),
    }));
    // Members-only entries depend on who asks: no shared cache may keep this answer.
    c.header('Cache-Control', 'private, no-cache');
    return c.json(rows, 200);
  });

  app.openapi(r.list, async (c) => {
    const ctx = c.get('ctx');
    const q = parseListQuery(c.req.valid('query'), ARTICLE_LIST);
    const { rows, total } = await listArticles(ctx, q);
    return c.json({ rows: rows.map((a) => toEditor(a, ctx.clock.now())), total, page: q.page, pageSize: q.pageSize }, 200);
  });
  app.openapi(r.create, async (c) => {
    const ctx = c.get('ctx');
    return c.json(toEditor(await createArticle(ctx, c.req.valid('json')), ctx.clock.now()), 201);
  });
  app.openapi(r.get, async (c) => {
    const ctx = c.get('ctx');
    return c.json(toEditor(await getArticle(ctx, c.req.valid('param').id), ctx.clock.now()), 200);
  });
  app.openapi(r.update, async (c) => {
    const ctx = c.get('ctx');
    const { revision, ...input } = c.req.valid('json');
    return c.json(toEditor(await updateArticle(ctx, c.req.valid('param').id, input, revision), ctx.clock.now()), 200);
  });
  app.openapi(r.publish, async (c) => {
    const ctx = c.get('ctx');
    const at = c.req.valid('json').publishAt;
    return c.json(toEditor(await publishArticle(ctx, c.req.valid('param').id, at ? new Date(at) : null), ctx.clock.now()), 200);
  });
  app.openapi(r.unpublish, async (c) => {
    const ctx = c.get('ctx');
    return c.json(toEditor(await unpublishArticle(ctx, c.req.valid('param').id), ctx.clock.now()), 200);
  });
}
