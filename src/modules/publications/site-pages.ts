import { and, asc, eq } from 'drizzle-orm';
import { audit } from '../../platform/audit/index.ts';
import { authorize } from '../../platform/auth/permissions.ts';
import type { Ctx } from '../../platform/context.ts';
import { inTransaction } from '../../platform/db/tx.ts';
import { Conflict, NotFound } from '../../platform/errors.ts';
import { bumpContentVersion } from './meta.ts';
import { sitePages } from './schema.ts';
import { isUuid, pageInput, parse, type PageInput } from './validation.ts';

export type SitePage = typeof sitePages.$inferSelect;

/** A published page for the public; drafts are only seen in the back office. */
export async function publishedPage(ctx: Pick<Ctx, 'db'>, slug: string): Promise<SitePage | null> {
  const [row] = await ctx.db
    .select()
    .from(sitePages)
    .where(and(eq(sitePages.slug, slug), eq(sitePages.published, true)));
  return row ?? null;
}

/** Published ordinary pages in menu order (the site's secondary menu). */
export async function menuPages(ctx: Pick<Ctx, 'db'>): Promise<Pick<SitePage, 'slug' | 'title'>[]> {
  return ctx.db
    .select({ slug: sitePages.slug, title: sitePages.title })
    .from(sitePages)
    .where(and(eq(sitePages.published, true), eq(sitePages.kind, 'page')))
    .orderBy(asc(sitePages.menuOrder), asc(sitePages.title));
}

export async function publishedPagesForSitemap(ctx: Pick<Ctx, 'db'>) {
  return ctx.db.select({ slug: sitePages.slug, kind: sitePages.kind, updatedAt: sitePages.updatedAt }).from(sitePages).where(eq(sitePages.published, true));
}


export async function getPage(ctx: Ctx, id: string): Promise<SitePage> {
  authorize(ctx.actor, 'publications.manage');
  const [row] = isUuid(id) ? await ctx.db.select().from(sitePages).where(eq(sitePages.id, id)) : [];
  if (!row) throw new NotFound('Page introuvable.');
  return row;
}

/** Creates the page, or updates it when `id` is given. Service pages keep their kind. */
export async function savePage(ctx: Ctx, raw: PageInput & { kind?: 'page' | 'service' }, id?: string): Promise<SitePage> {
  authorize(ctx.actor, 'publications.manage');
  const input = parse(pageInput, raw);
  const before = id ? await getPage(ctx, id) : null;
  return inTransaction(ctx, async (tx) => {
    const [clash] = await tx.db.select({ id: sitePages.id }).from(sitePages).where(eq(sitePages.slug, input.slug));
    if (clash && clash.id !== id) throw new Conflict('Une autre page utilise déjà cette adresse.');
    const now = tx.clock.now();
    const values = { ...input, updatedBy: tx.actor?.userId ?? null, updatedAt: now };
    const [row] = before
      ? await tx.db.update(sitePages).set(values).where(eq(sitePages.id, before.id)).returning()
      : await tx.db
          .insert(sitePages)
          .values({ ...values, kind: raw.kind ?? 'page', createdAt: now })
          .returning();
    await audit(tx, { action: before ? 'page.update' : 'page.create', entity: 'site_page', entityId: row!.id, before, after: row });
    await bumpContentVersion(tx);
    return row!;
  });
}
