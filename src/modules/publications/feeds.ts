import { XMLBuilder } from 'fast-xml-parser';
import { Feed } from 'feed';
import type { Ctx } from '../../platform/context.ts';
import { renderMarkdown } from './markdown.ts';
import { ARTICLE_CATEGORIES, ARTICLE_RUBRICS, type ArticleCategory } from './vocabulary.ts';
import { SERVICES } from './services.ts';
import { publishedPagesForSitemap } from './site-pages.ts';
import { latestArticles, listPublicArticles } from './veille.ts';
import { slugify } from './validation.ts';

export const categorySlug = (c: string) => slugify(c);
export const categoryBySlug = (slug: string) => ARTICLE_CATEGORIES.find((c) => categorySlug(c) === slug);
export const rubricBySlug = (slug: string) => ARTICLE_RUBRICS.find((r) => slugify(r) === slug);

/** RSS 2.0 and Atom feeds of the watch, for all categories or one. */
export async function buildFeed(ctx: Pick<Ctx, 'db' | 'clock' | 'config'>, format: 'rss' | 'atom', category?: ArticleCategory): Promise<string> {
  const base = ctx.config.PUBLIC_URL;
  const path = category ? `/veille/categorie/${categorySlug(category)}` : '/veille';
  const items = await latestArticles(ctx, 30, category);
  const feed = new Feed({
    id: `${base}${path}`,
    link: `${base}${path}`,
    title: `${ctx.config.SYNDICATE_NAME} — Veille${category ? ` : ${category}` : ''}`,
    description: 'Veille règlementaire, numérique et technologique pour les collectivités membres.',
    language: 'fr',
    updated: items[0]?.publishAt ?? new Date(0),
    generator: false,
    copyright: ctx.config.SYNDICATE_NAME,
    author: { name: ctx.config.SYNDICATE_NAME, link: base },
    feedLinks: { rss: `${base}${path}/rss.xml`, atom: `${base}${path}/atom.xml` },
  });
  for (const a of items) {
    const link = `${base}/veille/${a.slug}`;
    feed.addItem({
      id: link,
      guid: link,
      link,
      title: a.title,
      description: a.summary,
      content: renderMarkdown(a.body),
      date: a.publishAt!,
      published: a.publishAt!,
      author: [{ name: a.authorName }],
      category: [{ name: a.category, term: a.category }],
    });
  }
  return format === 'rss' ? feed.rss2() : feed.atom1();
}

/** Every public URL, for search engines. */
export async function buildSitemap(ctx: Pick<Ctx, 'db' | 'clock' | 'config'>): Promise<string> {
  const base = ctx.config.PUBLIC_URL;
  const urls: { loc: string; lastmod?: string }[] = [
    { loc: `${base}/` },
    { loc: `${base}/veille` },
    { loc: `${base}/documents` },
    { loc: `${base}/contact` },
    { loc: `${base}/accessibilite` },
    ...SERVICES.map((s) => ({ loc: `${base}/services/${s.slug}` })),
    ...ARTICLE_CATEGORIES.map((c) => ({ loc: `${base}/veille/categorie/${categorySlug(c)}` })),
    ...ARTICLE_RUBRICS.map((r) => ({ loc: `${base}/veille/rubrique/${slugify(r)}` })),
  ];
  for (const p of await publishedPagesForSitemap(ctx)) {
    if (p.kind === 'page' && p.slug !== 'contact' && p.slug !== 'accessibilite') urls.push({ loc: `${base}/pages/${p.slug}`, lastmod: p.updatedAt.toISOString() });
  }
  const { rows } = await listPublicArticles(ctx, { pageSize: 5000 });
  for (const a of rows) urls.push({ loc: `${base}/veille/${a.slug}`, lastmod: a.updatedAt.toISOString() });
  const builder = new XMLBuilder({ ignoreAttributes: false, format: true, processEntities: true });
  return builder.build({
    '?xml': { '@_version': '1.0', '@_encoding': 'UTF-8' },
    urlset: { '@_xmlns': 'http://www.sitemaps.org/schemas/sitemap/0.9', url: urls },
  }) as string;
}

export function robotsTxt(ctx: Pick<Ctx, 'config'>): string {
  return ['User-agent: *', 'Disallow: /redaction/', 'Disallow: /api/', 'Disallow: /lettre/', `Sitemap: ${ctx.config.PUBLIC_URL}/sitemap.xml`, ''].join('\n');
}
