import { and, count, eq, max, or, sql, type SQL } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import { authorize } from '../../platform/auth/permissions.ts';
import type { Ctx } from '../../platform/context.ts';
import { toNumber } from '../../platform/db/types.ts';
import { files } from '../../platform/files/index.ts';
import { orderBy, pageWindow, type ListQuery, type ListSpec, containsPattern } from '../../platform/list.ts';
import type { Article } from './articles.ts';
import type { SitePage } from './site-pages.ts';
import { articles, documentVersions, documents, sitePages } from './schema.ts';
import { scheduled, visible } from './veille.ts';
import { DOCUMENT_KINDS } from './vocabulary.ts';

/** Case and accents ignored; `%` and `_` typed by the user are literal. */
function contains(columns: (AnyPgColumn | SQL)[], term: string): SQL | undefined {
  if (!term) return undefined;
  const pattern = containsPattern(term);
  return or(...columns.map((col) => sql`f_unaccent(lower(${col})) like f_unaccent(lower(${pattern}))`));
}

const sortable = (col: AnyPgColumn) => sql`f_unaccent(lower(${col}))`;

export const ARTICLE_STATES = { brouillon: 'Brouillon', programme: 'Programmé', publie: 'Publié' } as const;
export type ArticleState = keyof typeof ARTICLE_STATES;

export const ARTICLE_LIST: ListSpec<'title' | 'category' | 'rubric' | 'publishAt' | 'updatedAt', 'statut' | 'categorie' | 'rubrique'> = {
  sortable: ['title', 'category', 'rubric', 'publishAt', 'updatedAt'],
  defaultSort: 'updatedAt',
  defaultDir: 'desc',
  filters: ['statut', 'categorie', 'rubrique'],
};
export type ArticleListQuery = ListQuery<(typeof ARTICLE_LIST.sortable)[number], NonNullable<typeof ARTICLE_LIST.filters>[number]>;

/** Draft; published but its time has not come (scheduled); published and visible. */
export function articleState(a: Pick<Article, 'status' | 'publishAt'>, now: Date): ArticleState {
  if (a.status === 'draft') return 'brouillon';
  return a.publishAt && a.publishAt > now ? 'programme' : 'publie';
}

const stateCondition = (state: string | undefined, now: Date): SQL | undefined => {
  if (state === 'brouillon') return eq(articles.status, 'draft');
  if (state === 'programme') return scheduled(now);
  if (state === 'publie') return visible(now);
  return undefined;
};

/** Every article, any status, for the editors: search on title, summary and tags; filters; sort; page. */
export async function listArticles(ctx: Ctx, q: ArticleListQuery): Promise<{ rows: Article[]; total: number }> {
  authorize(ctx.actor, 'publications.manage');
  const where = and(
    contains([articles.title, articles.summary, sql`array_to_string(${articles.tags}, ' ')`], q.q),
    stateCondition(q.filters.statut, ctx.clock.now()),
    q.filters.categorie ? eq(articles.category, q.filters.categorie as Article['category']) : undefined,
    q.filters.rubrique ? eq(articles.rubric, q.filters.rubrique as Article['rubric']) : undefined,
  );
  const sorts = { title: sortable(articles.title), category: articles.category, rubric: articles.rubric, publishAt: articles.publishAt, updatedAt: articles.updatedAt };
  const { limit, offset } = pageWindow(q);
  const [rows, [total]] = await Promise.all([
    ctx.db.select().from(articles).where(where).orderBy(...orderBy(q, sorts, articles.id)).limit(limit).offset(offset),
    ctx.db.select({ n: count() }).from(articles).where(where),
  ]);
  return { rows, total: toNumber(total?.n) };
}

export const PAGE_LIST: ListSpec<'title' | 'slug' | 'menuOrder' | 'updatedAt', 'type' | 'etat'> = {
  sortable: ['title', 'slug', 'menuOrder', 'updatedAt'],
  defaultSort: 'menuOrder',
  filters: ['type', 'etat'],
};
export type PageListQuery = ListQuery<(typeof PAGE_LIST.sortable)[number], NonNullable<typeof PAGE_LIST.filters>[number]>;

export async function listPages(ctx: Ctx, q: PageListQuery): Promise<{ rows: SitePage[]; total: number }> {
  authorize(ctx.actor, 'publications.manage');
  const where = and(
    contains([sitePages.title, sitePages.slug], q.q),
    q.filters.type === 'page' || q.filters.type === 'service' ? eq(sitePages.kind, q.filters.type) : undefined,
    q.filters.etat === 'publiee' ? eq(sitePages.published, true) : q.filters.etat === 'brouillon' ? eq(sitePages.published, false) : undefined,
  );
  const sorts = { title: sortable(sitePages.title), slug: sitePages.slug, menuOrder: sitePages.menuOrder, updatedAt: sitePages.updatedAt };
  const { limit, offset } = pageWindow(q);
  const [rows, [total]] = await Promise.all([
    ctx.db.select().from(sitePages).where(where).orderBy(...orderBy(q, sorts, sitePages.id)).limit(limit).offset(offset),
    ctx.db.select({ n: count() }).from(sitePages).where(where),
  ]);
  return { rows, total: toNumber(total?.n) };
}

export const DOCUMENT_LIST: ListSpec<'title' | 'kind' | 'visibility' | 'updatedAt', 'type' | 'lecteurs'> = {
  sortable: ['title', 'kind', 'visibility', 'updatedAt'],
  defaultSort: 'title',
  filters: ['type', 'lecteurs'],
};
export type DocumentListQuery = ListQuery<(typeof DOCUMENT_LIST.sortable)[number], NonNullable<typeof DOCUMENT_LIST.filters>[number]>;

export interface DocumentRow {
  id: string;
  title: string;
  description: string;
  kind: (typeof documents.$inferSelect)['kind'];
  visibility: 'public' | 'members';
  updatedAt: Date;
  /** The latest version: its number and file. */
  version: number;
  size: number;
}

/** Search on title and description, and the kind and visibility filters (the library and the back office). */
export function documentConditions(q: DocumentListQuery): SQL | undefined {
  const kind = DOCUMENT_KINDS.find((k) => k === q.filters.type);
  const visibility = q.filters.lecteurs === 'public' || q.filters.lecteurs === 'members' ? q.filters.lecteurs : undefined;
  return and(contains([documents.title, documents.description], q.q), kind ? eq(documents.kind, kind) : undefined, visibility ? eq(documents.visibility, visibility) : undefined);
}

/** ORDER BY of a documents list. */
export function documentOrder(q: DocumentListQuery): SQL[] {
  return orderBy(q, { title: sortable(documents.title), kind: documents.kind, visibility: documents.visibility, updatedAt: documents.updatedAt }, documents.id);
}

export async function listDocuments(ctx: Ctx, q: DocumentListQuery): Promise<{ rows: DocumentRow[]; total: number }> {
  authorize(ctx.actor, 'publications.manage');
  const where = documentConditions(q);
  const latest = ctx.db
    .select({ documentId: documentVersions.documentId, version: max(documentVersions.version).as('latest') })
    .from(documentVersions)
    .groupBy(documentVersions.documentId)
    .as('latest');
  const { limit, offset } = pageWindow(q);
  const [rows, [total]] = await Promise.all([
    ctx.db
      .select({ id: documents.id, title: documents.title, description: documents.description, kind: documents.kind, visibility: documents.visibility, updatedAt: documents.updatedAt, version: documentVersions.version, size: files.size })
      .from(documents)
      .innerJoin(latest, eq(latest.documentId, documents.id))
      .innerJoin(documentVersions, and(eq(documentVersions.documentId, documents.id), eq(documentVersions.version, latest.version)))
      .innerJoin(files, eq(files.id, documentVersions.fileId))
      .where(where)
      .orderBy(...documentOrder(q))
      .limit(limit)
      .offset(offset),
    ctx.db.select({ n: count() }).from(documents).where(where),
  ]);
  return { rows, total: toNumber(total?.n) };
}
