import { and, desc, eq, like, or } from 'drizzle-orm';
import { audit } from '../../platform/audit/index.ts';
import { authorize } from '../../platform/auth/permissions.ts';
import type { Ctx } from '../../platform/context.ts';
import { inTransaction } from '../../platform/db/tx.ts';
import { Conflict, Invalid, NotFound } from '../../platform/errors.ts';
import { bumpContentVersion } from './meta.ts';
import { articleRevisions, articles } from './schema.ts';
import { articleInput, isUuid, parse, slugify, type ArticleInput } from './validation.ts';

export type Article = typeof articles.$inferSelect;
export type ArticleRevision = typeof articleRevisions.$inferSelect;

async function uniqueSlug(ctx: Pick<Ctx, 'db'>, title: string): Promise<string> {
  const base = slugify(title);
  const taken = new Set(
    (await ctx.db.select({ slug: articles.slug }).from(articles).where(or(eq(articles.slug, base), like(articles.slug, `${base}-%`)))).map((r) => r.slug),
  );
  if (!taken.has(base)) return base;
  for (let i = 2; ; i++) if (!taken.has(`${base}-${i}`)) return `${base}-${i}`;
}

function snapshot(a: Pick<ArticleRevision, 'title' | 'summary' | 'body' | 'category' | 'rubric' | 'tags' | 'sourceUrl'>) {
  return { title: a.title, summary: a.summary, body: a.body, category: a.category, rubric: a.rubric, tags: a.tags, sourceUrl: a.sourceUrl };
}

/** The article for the editor (any status). */
export async function getArticle(ctx: Ctx, id: string): Promise<Article> {
  authorize(ctx.actor, 'publications.manage');
  if (!isUuid(id)) throw new NotFound('Article introuvable.');
  const [row] = await ctx.db.select().from(articles).where(eq(articles.id, id));
  if (!row) throw new NotFound('Article introuvable.');
  return row;
}

export async function createArticle(ctx: Ctx, raw: ArticleInput): Promise<Article> {
  authorize(ctx.actor, 'publications.manage');
  const input = parse(articleInput, raw);
  return inTransaction(ctx, async (tx) => {
    const now = tx.clock.now();
    const [row] = await tx.db
      .insert(articles)
      .values({ ...input, slug: await uniqueSlug(tx, input.title), authorId: tx.actor!.userId, authorName: tx.actor!.name, createdAt: now, updatedAt: now })
      .returning();
    await tx.db.insert(articleRevisions).values({ articleId: row!.id, revision: 1, ...snapshot(row!), createdBy: tx.actor!.userId, createdByName: tx.actor!.name, createdAt: now });
    await audit(tx, { action: 'article.create', entity: 'article', entityId: row!.id, after: snapshot(row!) });
    return row!;
  });
}

/**
 * Saves a new revision. `expectedRevision` is the revision the editor started from: a save on top of someone
 * else's newer one is refused rather than silently overwriting it.
 */
export async function updateArticle(ctx: Ctx, id: string, raw: ArticleInput, expectedRevision?: number): Promise<Article> {
  const before = await getArticle(ctx, id);
  const input = parse(articleInput, raw);
  return inTransaction(ctx, async (tx) => {
    const now = tx.clock.now();
    const [row] = await tx.db
      .update(articles)
      .set({ ...input, revision: before.revision + 1, updatedAt: now })
      .where(and(eq(articles.id, id), eq(articles.revision, expectedRevision ?? before.revision)))
      .returning();
    if (!row) throw new Conflict('Cet article a été modifié entre-temps. Rechargez la page pour repartir de la dernière version.');
    await tx.db.insert(articleRevisions).values({ articleId: id, revision: row.revision, ...snapshot(row), createdBy: tx.actor!.userId, createdByName: tx.actor!.name, createdAt: now });
    await audit(tx, { action: 'article.update', entity: 'article', entityId: id, before: snapshot(before), after: snapshot(row) });
    if (row.status === 'published') await bumpContentVersion(tx);
    return row;
  });
}

/** Publishes now, or at `publishAt` when it is in the future (scheduled publication). */
export async function publishArticle(ctx: Ctx, id: string, publishAt?: Date | null): Promise<Article> {
  const before = await getArticle(ctx, id);
  if (publishAt && Number.isNaN(publishAt.getTime())) throw new Invalid('Date de publication invalide.', { publishAt: 'Date de publication invalide.' });
  return inTransaction(ctx, async (tx) => {
    const at = publishAt ?? tx.clock.now();
    const [row] = await tx.db.update(articles).set({ status: 'published', publishAt: at, updatedAt: tx.clock.now() }).where(eq(articles.id, id)).returning();
    await audit(tx, { action: at > tx.clock.now() ? 'article.schedule' : 'article.publish', entity: 'article', entityId: id, before: { status: before.status, publishAt: before.publishAt }, after: { status: 'published', publishAt: at } });
    await bumpContentVersion(tx);
    return row!;
  });
}

export async function unpublishArticle(ctx: Ctx, id: string): Promise<Article> {
  const before = await getArticle(ctx, id);
  return inTransaction(ctx, async (tx) => {
    const [row] = await tx.db.update(articles).set({ status: 'draft', updatedAt: tx.clock.now() }).where(eq(articles.id, id)).returning();
    await audit(tx, { action: 'article.unpublish', entity: 'article', entityId: id, before: { status: before.status }, after: { status: 'draft' } });
    await bumpContentVersion(tx);
    return row!;
  });
}

export async function listRevisions(ctx: Ctx, id: string): Promise<ArticleRevision[]> {
  await getArticle(ctx, id);
  return ctx.db.select().from(articleRevisions).where(eq(articleRevisions.articleId, id)).orderBy(desc(articleRevisions.revision));
}

/** Restoring copies an old revision's content into a new revision: history is never rewritten. */
export async function restoreRevision(ctx: Ctx, id: string, revision: number): Promise<Article> {
  const current = await getArticle(ctx, id);
  if (!Number.isInteger(revision)) throw new NotFound('Version introuvable.');
  const [old] = await ctx.db
    .select()
    .from(articleRevisions)
    .where(and(eq(articleRevisions.articleId, id), eq(articleRevisions.revision, revision)));
  if (!old) throw new NotFound('Version introuvable.');
  return updateArticle(ctx, id, { ...snapshot(old), sourceUrl: old.sourceUrl ?? '' } as ArticleInput, current.revision);
}
