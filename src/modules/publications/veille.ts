import { and, asc, count, desc, eq, gt, lte, min, sql, type SQL } from 'drizzle-orm';
import type { Ctx } from '../../platform/context.ts';
import { rowsOf, toNumber } from '../../platform/db/types.ts';
import { NotFound } from '../../platform/errors.ts';
import { fileRow, files } from '../../platform/files/index.ts';
import { markdownToText } from './markdown.ts';
import { isUuid } from './validation.ts';
import { articleAttachments, articles } from './schema.ts';
import type { ArticleCategory, ArticleRubric } from './vocabulary.ts';

/** Published and its time has come: the one definition of "visible to the public". */
export const visible = (now: Date) => and(eq(articles.status, 'published'), lte(articles.publishAt, now));
/** Published, its time not yet come. */
export const scheduled = (now: Date) => and(eq(articles.status, 'published'), gt(articles.publishAt, now));

export type PublicArticle = Pick<
  typeof articles.$inferSelect,
  'id' | 'slug' | 'title' | 'summary' | 'category' | 'rubric' | 'tags' | 'publishAt' | 'authorName' | 'sourceUrl' | 'updatedAt'
>;
const listColumns = {
  id: articles.id,
  slug: articles.slug,
  title: articles.title,
  summary: articles.summary,
  category: articles.category,
  rubric: articles.rubric,
  tags: articles.tags,
  publishAt: articles.publishAt,
  authorName: articles.authorName,
  sourceUrl: articles.sourceUrl,
  updatedAt: articles.updatedAt,
};

export interface ArchiveFilter {
  category?: ArticleCategory;
  rubric?: ArticleRubric;
  /** `YYYY-MM`, in Europe/Paris. */
  month?: string;
  page?: number;
  pageSize?: number;
  /** Newest first (default) or oldest first. */
  dir?: 'asc' | 'desc';
}

const parisMonth = sql`to_char(${articles.publishAt} at time zone 'Europe/Paris', 'YYYY-MM')`;

export async function listPublicArticles(ctx: Pick<Ctx, 'db' | 'clock'>, f: ArchiveFilter = {}): Promise<{ rows: PublicArticle[]; total: number }> {
  const conditions: (SQL | undefined)[] = [visible(ctx.clock.now())];
  if (f.category) conditions.push(eq(articles.category, f.category));
  if (f.rubric) conditions.push(eq(articles.rubric, f.rubric));
  if (f.month) conditions.push(sql`${parisMonth} = ${f.month}`);
  const where = and(...conditions);
  const pageSize = f.pageSize ?? 10;
  const offset = (Math.max(1, f.page ?? 1) - 1) * pageSize;
  const [rows, [total]] = await Promise.all([
    ctx.db.select(listColumns).from(articles).where(where).orderBy(f.dir === 'asc' ? asc(articles.publishAt) : desc(articles.publishAt), asc(articles.title)).limit(pageSize).offset(offset),
    ctx.db.select({ n: count() }).from(articles).where(where),
  ]);
  return { rows, total: toNumber(total?.n) };
}

/** An archive page: one page of articles and the months index, read at once. */
export async function loadArchive(ctx: Pick<Ctx, 'db' | 'clock'>, f: ArchiveFilter) {
  const [{ rows, total }, months] = await Promise.all([listPublicArticles(ctx, f), archiveMonths(ctx)]);
  return { rows, total, months };
}

/** Months that have articles, newest first, with their count (the archive's index). */
export async function archiveMonths(ctx: Pick<Ctx, 'db' | 'clock'>): Promise<{ month: string; count: number }[]> {
  const rows = await ctx.db
    .select({ month: sql<string>`${parisMonth}`, n: count() })
    .from(articles)
    .where(visible(ctx.clock.now()))
    .groupBy(parisMonth)
    .orderBy(desc(parisMonth));
  return rows.map((r) => ({ month: r.month, count: toNumber(r.n) }));
}

export async function publicArticleBySlug(ctx: Pick<Ctx, 'db' | 'clock'>, slug: string) {
  const [row] = await ctx.db
    .select()
    .from(articles)
    .where(and(eq(articles.slug, slug), visible(ctx.clock.now())));
  if (!row) throw new NotFound('Article introuvable.');
  const attachments = await ctx.db
    .select({ id: articleAttachments.id, title: articleAttachments.title, size: files.size, name: files.name })
    .from(articleAttachments)
    .innerJoin(files, eq(files.id, articleAttachments.fileId))
    .where(eq(articleAttachments.articleId, row.id))
    .orderBy(asc(articleAttachments.createdAt));
  return { ...row, attachments };
}

/**
 * The next instant a scheduled article becomes visible: a cached page rendered before it must be rendered
 * again from then on, although no content changed.
 */
export async function nextScheduledAt(ctx: Pick<Ctx, 'db' | 'clock'>): Promise<Date | null> {
  const [row] = await ctx.db
    .select({ at: min(articles.publishAt) })
    .from(articles)
    .where(scheduled(ctx.clock.now()));
  return row?.at ? new Date(row.at) : null;
}

export interface SearchHit extends PublicArticle {
  /** Plain text escaped for HTML, with the matched words wrapped in <mark>. */
  excerptHtml: string;
}

const MARK_START = '\u0001';
const MARK_END = '\u0002';

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch]!);
}

/**
 * The headline comes back as plain text with control-character markers (stripped from every article on save):
 * the text is escaped first, and only then are the markers turned into <mark> elements.
 */
export function headlineToHtml(headline: string): string {
  return escapeHtml(headline).replaceAll(MARK_START, '<mark>').replaceAll(MARK_END, '</mark>');
}

/** French full-text search: stemming and accents ignored, best matches first, with highlighted excerpts. */
export async function searchArticles(ctx: Pick<Ctx, 'db' | 'clock'>, q: string, page = 1, pageSize = 10): Promise<{ rows: SearchHit[]; total: number }> {
  const text = q.trim().slice(0, 200);
  if (!text) return { rows: [], total: 0 };
  const query = sql`websearch_to_tsquery('public.french_unaccent', ${text})`;
  const where = and(visible(ctx.clock.now()), sql`${articles.search} @@ ${query}`);
  const [rows, [total]] = await Promise.all([
    ctx.db
      .select({ ...listColumns, body: articles.body, rank: sql<number>`ts_rank(${articles.search}, ${query})` })
      .from(articles)
      .where(where)
      .orderBy(sql`ts_rank(${articles.search}, ${query}) desc`, desc(articles.publishAt))
      .limit(pageSize)
      .offset((Math.max(1, page) - 1) * pageSize),
    ctx.db.select({ n: count() }).from(articles).where(where),
  ]);
  if (rows.length === 0) return { rows: [], total: toNumber(total?.n) };
  // Headlines are computed on the plain text of summary + body, not on the Markdown source.
  const docs = rows.map((r) => `${r.summary} ${markdownToText(r.body)}`);
  const options = `StartSel=${MARK_START}, StopSel=${MARK_END}, MaxWords=35, MinWords=15, MaxFragments=2, FragmentDelimiter=" … "`;
  const headlines = rowsOf<{ h: string }>(
    await ctx.db.execute(
      sql`select ts_headline('public.french_unaccent', d, ${query}, ${options}) as h from unnest(${sql.param(docs)}::text[]) with ordinality as t(d, i) order by i`,
    ),
  );
  return {
    rows: rows.map(({ body: _body, rank: _rank, ...r }, i) => ({ ...r, excerptHtml: headlineToHtml(headlines[i]?.h ?? r.summary) })),
    total: toNumber(total?.n),
  };
}

/** The newest visible articles (home page, feeds, sitemap). */
export async function latestArticles(ctx: Pick<Ctx, 'db' | 'clock'>, limit: number, category?: ArticleCategory) {
  return ctx.db
    .select({ ...listColumns, body: articles.body })
    .from(articles)
    .where(and(visible(ctx.clock.now()), category ? eq(articles.category, category) : undefined))
    .orderBy(desc(articles.publishAt))
    .limit(limit);
}

export async function countPublicArticles(ctx: Pick<Ctx, 'db' | 'clock'>): Promise<number> {
  const [row] = await ctx.db.select({ n: count() }).from(articles).where(visible(ctx.clock.now()));
  return toNumber(row?.n);
}

/** A PDF attached to an article, only once the article is visible to the public. */
export async function publicAttachment(ctx: Pick<Ctx, 'db' | 'clock' | 'config'>, id: string) {
  if (!isUuid(id)) throw new NotFound('Pièce jointe introuvable.');
  const [row] = await ctx.db
    .select({ fileId: articleAttachments.fileId })
    .from(articleAttachments)
    .innerJoin(articles, eq(articles.id, articleAttachments.articleId))
    .where(and(eq(articleAttachments.id, id), visible(ctx.clock.now())));
  if (!row) throw new NotFound('Pièce jointe introuvable.');
  return fileRow(ctx, row.fileId);
}
