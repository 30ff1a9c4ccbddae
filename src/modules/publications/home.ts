import type { Ctx } from '../../platform/context.ts';
import { countActiveMembers } from '../members/index.ts';
import { countPublicDocuments } from './documents.ts';
import { menuPages } from './site-pages.ts';
import { countPublicArticles, latestArticles } from './veille.ts';

/** What the home page shows: key figures, the latest articles and the site's menu, read at once. */
export async function loadHome(ctx: Pick<Ctx, 'db' | 'clock'>) {
  const [members, articles, documents, latest, menu] = await Promise.all([countActiveMembers(ctx), countPublicArticles(ctx), countPublicDocuments(ctx), latestArticles(ctx, 4), menuPages(ctx)]);
  return { members, articles, documents, latest, menu };
}
