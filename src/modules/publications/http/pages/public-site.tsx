import type { OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../../../../platform/http/types.ts';
import { NotFound } from '../../../../platform/errors.ts';
import type { PageCache } from '../cache.ts';
import { buildSitemap, robotsTxt } from '../../feeds.ts';
import { SERVICES } from '../../services.ts';
import { loadHome } from '../../home.ts';
import { publishedPage, type SitePage } from '../../site-pages.ts';
import { ArticleList, Markdown, SearchForm, publicPage } from './components.tsx';

/** Built-in text of the statement, until the editors publish their own `accessibilite` page. */
const ACCESSIBILITY_DEFAULT = `Le syndicat s’engage à rendre son site accessible conformément à l’article 47 de la loi n° 2005-102 du 11 février 2005 et au référentiel général d’amélioration de l’accessibilité (RGAA 4.1).

## État de conformité

Le site vise la conformité au niveau AA des règles WCAG 2.1. Chaque page publique est vérifiée automatiquement à chaque évolution (outil axe et validation HTML), et la navigation au clavier est testée.

## Retour d’information et contact

Si vous ne parvenez pas à accéder à un contenu ou à un service, écrivez-nous depuis la page [Contact](/contact) : nous vous répondrons et vous proposerons une alternative accessible.

## Voie de recours

Si vous constatez un défaut d’accessibilité vous empêchant d’accéder à un contenu, que vous nous l’avez signalé et que vous n’avez pas obtenu de réponse satisfaisante, vous pouvez saisir le Défenseur des droits.`;

export function mountSiteRoutes(app: OpenAPIHono<AppEnv>, cached: PageCache) {
  app.get('/', (c) =>
    cached(c, async () => {
      const ctx = c.get('ctx');
      const siteName = ctx.config.SYNDICATE_NAME;
      const { members, articles, documents, latest, menu } = await loadHome(ctx);
      const body = await publicPage(
        c,
        { title: 'Accueil', path: '/', description: `${siteName} : services publics mutualisés pour ${members} collectivités membres.` },
        <>
          <h1>{siteName}</h1>
          <p>
            Syndicat départemental d’énergie, il met en commun des services publics pour ses <strong>{members}</strong> collectivités membres : énergie,
            éclairage, numérique et protection des données.
          </p>
          <SearchForm />
          <h2>Chiffres clés</h2>
          <ul class="figures">
            <li>
              <strong>{members}</strong> collectivités membres
            </li>
            <li>
              <strong>{SERVICES.length}</strong> services mutualisés
            </li>
            <li>
              <strong>{articles}</strong> articles de veille
            </li>
            <li>
              <strong>{documents}</strong> documents publics
            </li>
          </ul>
          <h2>Nos services</h2>
          <ul class="cards">
            {SERVICES.map((s) => (
              <li class="card">
                <h3>
                  <a href={`/services/${s.slug}`}>{s.title}</a>
                </h3>
                <p>{s.summary}</p>
              </li>
            ))}
          </ul>
          <h2>Dernières actualités</h2>
          <ArticleList rows={latest} level={3} />
          <p>
            <a href="/veille">Toute la veille</a>
          </p>
          {menu.length > 0 ? (
            <nav aria-label="Pages du site">
              <h2>En savoir plus</h2>
              <ul>
                {menu.map((p) => (
                  <li>
                    <a href={`/pages/${p.slug}`}>{p.title}</a>
                  </li>
                ))}
              </ul>
            </nav>
          ) : null}
        </>,
      );
      // The member count is not part of the content version: refresh the home page every minute.
      return { body, ttlSeconds: 60 };
    }),
  );

  app.get('/services/:slug', (c) =>
    cached(c, async () => {
      const service = SERVICES.find((s) => s.slug === c.req.param('slug'));
      if (!service) throw new NotFound('Service introuvable.');
      const page = await publishedPage(c.get('ctx'), service.slug);
      const title = page?.title ?? service.title;
      const body = await publicPage(
        c,
        { title, path: `/services/${service.slug}`, description: page?.metaDescription || service.summary, breadcrumbs: [{ href: '/', label: 'Accueil' }, { label: title }] },
        <article>
          <h1>{title}</h1>
          {page ? <Markdown source={page.body} /> : <p>{service.summary}</p>}
        </article>,
      );
      return { body };
    }),
  );

  const editable = (c: Parameters<PageCache>[0], page: SitePage | null, path: string, fallback?: { title: string; body: string }) =>
    publicPage(
      c,
      { title: page?.title ?? fallback!.title, path, description: page?.metaDescription || undefined, breadcrumbs: [{ href: '/', label: 'Accueil' }, { label: page?.title ?? fallback!.title }] },
      <article>
        <h1>{page?.title ?? fallback!.title}</h1>
        <Markdown source={page?.body ?? fallback!.body} />
      </article>,
    );

  app.get('/pages/:slug', (c) =>
    cached(c, async () => {
      const page = await publishedPage(c.get('ctx'), c.req.param('slug'));
      if (!page || page.kind !== 'page') throw new NotFound('Page introuvable.');
      return { body: await editable(c, page, `/pages/${page.slug}`) };
    }),
  );

  app.get('/contact', (c) =>
    cached(c, async () => {
      const ctx = c.get('ctx');
      const page = await publishedPage(ctx, 'contact');
      const fallback = { title: 'Contact', body: `**${ctx.config.SYNDICATE_NAME}**\n\nLes collectivités membres joignent le syndicat depuis leur espace : [se connecter](/connexion).` };
      return { body: await editable(c, page, '/contact', fallback) };
    }),
  );

  app.get('/accessibilite', (c) =>
    cached(c, async () => {
      const page = await publishedPage(c.get('ctx'), 'accessibilite');
      return { body: await editable(c, page, '/accessibilite', { title: 'Déclaration d’accessibilité', body: ACCESSIBILITY_DEFAULT }) };
    }),
  );

  app.get('/sitemap.xml', (c) => cached(c, async () => ({ body: await buildSitemap(c.get('ctx')), type: 'application/xml; charset=utf-8' })));
  app.get('/robots.txt', (c) => c.text(robotsTxt(c.get('ctx'))));
}
