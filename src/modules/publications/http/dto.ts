import { z } from '@hono/zod-openapi';
import { isoInstant, uuid } from '../../../platform/http/api.ts';
import type { Article, ArticleRevision } from '../articles.ts';
import { DOCUMENT_KIND_LABELS, type LibraryEntry } from '../documents.ts';
import { articleState, type ArticleState, type DocumentRow } from '../lists.ts';
import { imageMarkdown } from '../media.ts';
import type { SubscriberRow } from '../newsletter.ts';
import type { SitePage } from '../site-pages.ts';
import type { PublicArticle } from '../veille.ts';
import { ARTICLE_CATEGORIES, ARTICLE_RUBRICS, type DocumentKind } from '../vocabulary.ts';

/**
 * Response schemas of the publications API and the presenters that map rows to exactly their fields. URLs are
 * absolute (`origin` is PUBLIC_URL) where a client follows them to a page or a file of the site.
 */

/** The stored value an English code of the API stands for. */
const decoder =
  <K extends string>(codes: Record<K, string>) =>
  (code: string | undefined): K | undefined =>
    (Object.keys(codes) as K[]).find((k) => codes[k] === code);

/** The API's English codes for the kinds of documents (the database keeps the first version's values). */
const DOCUMENT_KIND_CODES = { convention: 'agreement', annexe: 'annex', tarifs: 'prices', deliberation: 'resolution-template', guide: 'guide', autre: 'other' } as const satisfies Record<DocumentKind, string>;
type DocumentKindCode = (typeof DOCUMENT_KIND_CODES)[DocumentKind];
export const DOCUMENT_KIND_VALUES = Object.values(DOCUMENT_KIND_CODES) as [DocumentKindCode, ...DocumentKindCode[]];
export const documentKindOf = decoder(DOCUMENT_KIND_CODES);

/** The API's English codes for an article's state (the back office's URLs keep the French ones). */
const ARTICLE_STATE_CODES = { brouillon: 'draft', programme: 'scheduled', publie: 'published' } as const satisfies Record<ArticleState, string>;
export const ARTICLE_STATE_VALUES = Object.values(ARTICLE_STATE_CODES) as [string, ...string[]];
export const articleStateOf = decoder(ARTICLE_STATE_CODES);

/** The API's English codes for a site page's state, and the back office's French ones. */
const PAGE_STATE_CODES = { publiee: 'published', brouillon: 'draft' } as const;
export const PAGE_STATE_VALUES = Object.values(PAGE_STATE_CODES) as [string, ...string[]];
export const pageStateOf = decoder(PAGE_STATE_CODES);

const category = z.enum(ARTICLE_CATEGORIES);
const rubric = z.enum(ARTICLE_RUBRICS);
const documentKind = z.enum(DOCUMENT_KIND_VALUES);
const visibility = z.enum(['public', 'members']).describe('public : tout le monde ; members : membres connectés et personnel du syndicat');

// ---- Public articles --------------------------------------------------------------------------------------

export const PublicArticleDto = z
  .object({ id: uuid(), slug: z.string(), url: z.string(), title: z.string(), summary: z.string(), category, rubric, tags: z.array(z.string()), publishedAt: isoInstant(), authorName: z.string(), sourceUrl: z.string().nullable() })
  .openapi('PublicArticle');
export const PublicArticleDetailDto = PublicArticleDto.extend({
  body: z.string().describe('Markdown'),
  attachments: z.array(z.object({ id: uuid(), title: z.string(), size: z.number().int().describe('Octets'), url: z.string() })),
}).openapi('PublicArticleDetail');

export const presentPublicArticle = (origin: string, a: PublicArticle): z.infer<typeof PublicArticleDto> => ({
  id: a.id,
  slug: a.slug,
  url: `${origin}/veille/${a.slug}`,
  title: a.title,
  summary: a.summary,
  category: a.category,
  rubric: a.rubric,
  tags: a.tags,
  publishedAt: a.publishAt!.toISOString(),
  authorName: a.authorName,
  sourceUrl: a.sourceUrl,
});
export const presentPublicArticleDetail = (origin: string, a: PublicArticle & { body: string; attachments: { id: string; title: string; size: number }[] }): z.infer<typeof PublicArticleDetailDto> => ({
  ...presentPublicArticle(origin, a),
  body: a.body,
  attachments: a.attachments.map((f) => ({ id: f.id, title: f.title, size: f.size, url: `${origin}/veille/pieces-jointes/${f.id}` })),
});

// ---- Editor articles --------------------------------------------------------------------------------------

const stateSchema = z.enum(['draft', 'scheduled', 'published']).describe('draft : brouillon ; scheduled : publié à une date future ; published : visible');
export const ArticleDto = z
  .object({
    id: uuid(),
    slug: z.string(),
    title: z.string(),
    summary: z.string(),
    body: z.string().describe('Markdown'),
    category,
    rubric,
    tags: z.array(z.string()),
    status: z.enum(['draft', 'published']),
    state: stateSchema,
    publishAt: isoInstant().nullable(),
    revision: z.number().int(),
    authorName: z.string(),
    sourceUrl: z.string().nullable(),
    createdAt: isoInstant(),
    updatedAt: isoInstant(),
  })
  .openapi('Article');
export const AttachmentDto = z.object({ id: uuid(), title: z.string(), size: z.number().int().describe('Octets') }).openapi('ArticleAttachment');
export const ArticleDetailDto = ArticleDto.extend({ attachments: z.array(AttachmentDto) }).openapi('ArticleDetail');
export const ArticleRevisionDto = z
  .object({ revision: z.number().int(), title: z.string(), summary: z.string(), body: z.string(), category: z.string(), rubric: z.string(), tags: z.array(z.string()), sourceUrl: z.string().nullable(), createdAt: isoInstant(), createdByName: z.string().nullable() })
  .openapi('ArticleRevision');
export const ArticleRevisionsDto = z.object({ items: z.array(ArticleRevisionDto) }).openapi('ArticleRevisions');

export const presentArticle = (a: Article, now: Date): z.infer<typeof ArticleDto> => ({
  id: a.id,
  slug: a.slug,
  title: a.title,
  summary: a.summary,
  body: a.body,
  category: a.category,
  rubric: a.rubric,
  tags: a.tags,
  status: a.status,
  state: ARTICLE_STATE_CODES[articleState(a, now)],
  publishAt: a.publishAt?.toISOString() ?? null,
  revision: a.revision,
  authorName: a.authorName,
  sourceUrl: a.sourceUrl,
  createdAt: a.createdAt.toISOString(),
  updatedAt: a.updatedAt.toISOString(),
});
export const presentArticleDetail = (a: Article, attachments: { id: string; title: string; size: number }[], now: Date): z.infer<typeof ArticleDetailDto> => ({
  ...presentArticle(a, now),
  attachments: attachments.map((f) => ({ id: f.id, title: f.title, size: f.size })),
});
export const presentRevision = (r: ArticleRevision): z.infer<typeof ArticleRevisionDto> => ({
  revision: r.revision,
  title: r.title,
  summary: r.summary,
  body: r.body,
  category: r.category,
  rubric: r.rubric,
  tags: r.tags,
  sourceUrl: r.sourceUrl,
  createdAt: r.createdAt.toISOString(),
  createdByName: r.createdByName,
});

// ---- Site pages and images --------------------------------------------------------------------------------

export const SitePageDto = z
  .object({
    id: uuid(),
    slug: z.string(),
    kind: z.enum(['page', 'service']),
    title: z.string(),
    body: z.string().describe('Markdown'),
    metaDescription: z.string(),
    menuOrder: z.number().int(),
    published: z.boolean(),
    createdAt: isoInstant(),
    updatedAt: isoInstant(),
  })
  .openapi('SitePage');
export const PublicSitePageDto = z
  .object({ slug: z.string(), kind: z.enum(['page', 'service']), title: z.string(), body: z.string().describe('Markdown'), metaDescription: z.string(), updatedAt: isoInstant() })
  .openapi('PublicSitePage');

export const presentSitePage = (p: SitePage): z.infer<typeof SitePageDto> => ({
  id: p.id,
  slug: p.slug,
  kind: p.kind,
  title: p.title,
  body: p.body,
  metaDescription: p.metaDescription,
  menuOrder: p.menuOrder,
  published: p.published,
  createdAt: p.createdAt.toISOString(),
  updatedAt: p.updatedAt.toISOString(),
});
export const presentPublicSitePage = (p: SitePage): z.infer<typeof PublicSitePageDto> => ({ slug: p.slug, kind: p.kind, title: p.title, body: p.body, metaDescription: p.metaDescription, updatedAt: p.updatedAt.toISOString() });

export const ImageDto = z
  .object({ id: uuid(), alt: z.string(), url: z.string(), markdown: z.string().describe('À copier dans un texte'), createdAt: isoInstant() })
  .openapi('Image');
export const ImagesDto = z.object({ items: z.array(ImageDto) }).openapi('Images');
export const presentImage = (origin: string, i: { id: string; alt: string; createdAt: Date }): z.infer<typeof ImageDto> => ({
  id: i.id,
  alt: i.alt,
  url: `${origin}/medias/${i.id}`,
  markdown: imageMarkdown(i.id, i.alt),
  createdAt: i.createdAt.toISOString(),
});

// ---- Documents --------------------------------------------------------------------------------------------

export const DocumentVersionDto = z
  .object({ id: uuid(), version: z.number().int(), name: z.string(), size: z.number().int().describe('Octets'), note: z.string(), createdAt: isoInstant(), url: z.string() })
  .openapi('DocumentVersion');
export const LibraryDocumentDto = z
  .object({ id: uuid(), title: z.string(), description: z.string(), kind: documentKind, kindLabel: z.string(), visibility, updatedAt: isoInstant(), versions: z.array(DocumentVersionDto).describe('La plus récente d’abord') })
  .openapi('LibraryDocument');
export const EditorDocumentDto = z
  .object({ id: uuid(), title: z.string(), description: z.string(), kind: documentKind, kindLabel: z.string(), visibility, updatedAt: isoInstant(), version: z.number().int().describe('Dernière version'), size: z.number().int().describe('Octets, dernière version') })
  .openapi('EditorDocument');

/** The fields a document has in every list. */
const documentFields = (d: Pick<LibraryEntry, 'id' | 'title' | 'description' | 'kind' | 'visibility' | 'updatedAt'>) => ({
  id: d.id,
  title: d.title,
  description: d.description,
  kind: DOCUMENT_KIND_CODES[d.kind],
  kindLabel: DOCUMENT_KIND_LABELS[d.kind],
  visibility: d.visibility,
  updatedAt: d.updatedAt.toISOString(),
});
export const presentLibraryDocument = (origin: string, d: LibraryEntry): z.infer<typeof LibraryDocumentDto> => ({
  ...documentFields(d),
  versions: d.versions.map((v) => ({ id: v.id, version: v.version, name: v.name, size: v.size, note: v.note, createdAt: v.createdAt.toISOString(), url: `${origin}/documents/fichiers/${v.id}` })),
});
export const presentEditorDocument = (d: DocumentRow): z.infer<typeof EditorDocumentDto> => ({ ...documentFields(d), version: d.version, size: d.size });

// ---- Newsletter -------------------------------------------------------------------------------------------

export const SubscriberDto = z
  .object({ contactId: uuid(), name: z.string(), email: z.string(), categories: z.array(category).describe('Catégories suivies') })
  .openapi('NewsletterSubscriber');
export const SubscribersDto = z.object({ organisationId: uuid(), items: z.array(SubscriberDto) }).openapi('NewsletterSubscribers');
export const PendingDigestDto = z
  .object({ items: z.array(z.object({ id: uuid(), slug: z.string(), title: z.string(), summary: z.string(), category, publishedAt: isoInstant() })) })
  .openapi('NewsletterPending');
export const DigestSentDto = z.object({ recipients: z.number().int(), articles: z.number().int() }).openapi('NewsletterSent');

export const presentSubscriber = (s: SubscriberRow): z.infer<typeof SubscriberDto> => ({ contactId: s.id, name: s.name, email: s.email, categories: s.categories });
export const presentPending = (rows: { id: string; slug: string; title: string; summary: string; category: (typeof ARTICLE_CATEGORIES)[number]; publishAt: Date | null }[]): z.infer<typeof PendingDigestDto> => ({
  items: rows.map((a) => ({ id: a.id, slug: a.slug, title: a.title, summary: a.summary, category: a.category, publishedAt: a.publishAt!.toISOString() })),
});
