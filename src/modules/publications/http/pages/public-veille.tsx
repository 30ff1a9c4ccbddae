import type { OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { NotFound } from '../../../../platform/errors.ts';
import type { AppEnv } from '../../../../platform/http/types.ts';
import type { PageCache } from '../cache.ts';
import { buildFeed, categoryBySlug, categorySlug, rubricBySlug } from '../../feeds.ts';
import { ARTICLE_CATEGORIES, ARTICLE_RUBRICS } from '../../vocabulary.ts';
import { slugify } from '../../validation.ts';
import { loadArchive, publicArticleBySlug, publicAttachment, searchArticles, type ArchiveFilter } from '../../veille.ts';
import { sendFile } from '../files.ts';
import { formatSize, monthLabel } from '../../../../platform/format.ts';
import { ArticleList, ArticleMeta, Markdown, Pager, SearchForm, publicPage } from './components.tsx';

const PAGE_SIZE = 10;
const pageOf = (c: Context<AppEnv>) => Math.max(1, Math.min(10_000, Math.floor(Number(c.req.query('page'))) || 1));

/** The watch's side menu: categories, rubrics, months, feeds. */
function ArchiveNav({ months }: { months: { month: string; count: number }[] }) {
  return (
    <aside aria-label="Archives de la veille">
      <h2>Par catégorie</h2>
      <ul>
        {ARTICLE_CATEGORIES.map((cat) => (
          <li>
            <a href={`/veille/categorie/${categorySlug(cat)}`}>{cat}</a>
          </li>
        ))}
      </ul>
      <h2>Par rubrique</h2>
      <ul>
        {ARTICLE_RUBRICS.map((r) => (
          <li>
            <a href={`/veille/rubrique/${slugify(r)}`}>{r}</a>
          </li>
        ))}
      </ul>
      {months.length > 0 ? (
        <>
          <h2>Par mois</h2>
          <ul>
            {months.slice(0, 24).map((m) => (
              <li>
                <a href={`/veille/archives/${m.month}`}>
                  {monthLabel(m.month)} ({m.count})
                </a>
              </li>
            ))}
          </ul>
        </>
      ) : null}
      <h2>S’abonner</h2>
      <ul>
        <li>
          <a href="/veille/rss.xml">Flux RSS</a>
        </li>
        <li>
          <a href="/veille/atom.xml">Flux Atom</a>
        </li>
        <li>
          <a href="/veille/lettre">Lettre d’information (contacts des collectivités membres)</a>
        </li>
      </ul>
    </aside>
  );
}

async function archivePage(c: Context<AppEnv>, title: string, path: string, filter: ArchiveFilter, feeds?: string) {
  const page = pageOf(c);
  const { rows, total, months } = await loadArchive(c.get('ctx'), { ...filter, page, pageSize: PAGE_SIZE });
  if (page > 1 && rows.length === 0) throw new NotFound('Page introuvable.');
  const crumbs = path === '/veille' ? [{ href: '/', label: 'Accueil' }, { label: 'Veille' }] : [{ href: '/', label: 'Accueil' }, { href: '/veille', label: 'Veille' }, { label: title }];
  return publicPage(
    c,
    {
      title: page > 1 ? `${title} (page ${page})` : title,
      path: page > 1 ? `${path}?page=${page}` : path,
      description: 'Veille règlementaire et numérique pour les collectivités : comptabilité, élections, état civil, marchés publics, numérique, sécurité.',
      breadcrumbs: crumbs,
      head: feeds ? (
        <>
          <link rel="alternate" type="application/rss+xml" title={`${title} (RSS)`} href={`${feeds}/rss.xml`} />
          <link rel="alternate" type="application/atom+xml" title={`${title} (Atom)`} href={`${feeds}/atom.xml`} />
        </>
      ) : undefined,
    },
    <>
      <h1>{title}</h1>
      <SearchForm />
      <p>
        {total} article{total > 1 ? 's' : ''}
        {feeds ? (
          <>
            {' '}
            · <a href={`${feeds}/rss.xml`}>flux RSS</a> · <a href={`${feeds}/atom.xml`}>flux Atom</a>
          </>
        ) : null}
      </p>
      <ArticleList rows={rows} />
      <Pager base={path} page={page} total={total} pageSize={PAGE_SIZE} />
      <ArchiveNav months={months} />
    </>,
  );
}

export function mountVeilleRoutes(app: OpenAPIHono<AppEnv>, cached: PageCache) {
  const xml = (format: 'rss' | 'atom') => (format === 'rss' ? 'application/rss+xml; charset=utf-8' : 'application/atom+xml; charset=utf-8');
  for (const format of ['rss', 'atom'] as const) {
    app.get(`/veille/${format}.xml`, (c) => cached(c, async () => ({ body: await buildFeed(c.get('ctx'), format), type: xml(format) })));
    app.get(`/veille/categorie/:slug/${format}.xml`, (c) =>
      cached(c, async () => {
        const category = categoryBySlug(c.req.param('slug'));
        if (!category) throw new NotFound('Catégorie introuvable.');
        return { body: await buildFeed(c.get('ctx'), format, category), type: xml(format) };
      }),
    );
  }

  app.get('/veille', (c) => cached(c, async () => ({ body: await archivePage(c, 'Veille', '/veille', {}, '/veille') })));

  app.get('/veille/categorie/:slug', (c) =>
    cached(c, async () => {
      const category = categoryBySlug(c.req.param('slug'));
      if (!category) throw new NotFound('Catégorie introuvable.');
      const path = `/veille/categorie/${c.req.param('slug')}`;
      return { body: await archivePage(c, category, path, { category }, path) };
    }),
  );

  app.get('/veille/rubrique/:slug', (c) =>
    cached(c, async () => {
      const rubric = rubricBySlug(c.req.param('slug'));
      if (!rubric) throw new NotFound('Rubrique introuvable.');
      return { body: await archivePage(c, rubric, `/veille/rubrique/${c.req.param('slug')}`, { rubric }) };
    }),
  );

  app.get('/veille/archives/:month{[0-9]{4}-(?:0[1-9]|1[0-2])}', (c) =>
    cached(c, async () => {
      const month = c.req.param('month');
      return { body: await archivePage(c, `Archives de ${monthLabel(month)}`, `/veille/archives/${month}`, { month }) };
    }),
  );

  app.get('/veille/recherche', (c) => {
    const q = (c.req.query('q') ?? '').trim().slice(0, 200);
    const page = pageOf(c);
    return cached(c, async () => {
      const { rows, total } = await searchArticles(c.get('ctx'), q, page, PAGE_SIZE);
      const body = await publicPage(
        c,
        { title: q ? `Recherche : ${q}` : 'Rechercher dans la veille', path: '/veille/recherche', breadcrumbs: [{ href: '/', label: 'Accueil' }, { href: '/veille', label: 'Veille' }, { label: 'Recherche' }] },
        <>
          <h1>Rechercher dans la veille</h1>
          <SearchForm q={q} />
          {q ? (
            <p role="status">
              {total === 0 ? `Aucun article ne correspond à « ${q} ».` : `${total} article${total > 1 ? 's correspondent' : ' correspond'} à « ${q} ».`}
            </p>
          ) : null}
          {rows.length > 0 ? <ArticleList rows={rows} excerpts={rows.map((r) => r.excerptHtml)} /> : null}
          <Pager base="/veille/recherche" page={page} total={total} pageSize={PAGE_SIZE} params={{ q }} />
        </>,
      );
      return { body };
    });
  });

  app.get('/veille/pieces-jointes/:id', async (c) => {
    return sendFile(c, c.get('ctx'), await publicAttachment(c.get('ctx'), c.req.param('id')), 'public');
  });

  app.get('/veille/:slug', (c) =>
    cached(c, async () => {
      const a = await publicArticleBySlug(c.get('ctx'), c.req.param('slug'));
      const body = await publicPage(
        c,
        {
          title: a.title,
          path: `/veille/${a.slug}`,
          description: a.summary.slice(0, 300),
          ogType: 'article',
          breadcrumbs: [{ href: '/', label: 'Accueil' }, { href: '/veille', label: 'Veille' }, { label: a.title }],
          head: <meta property="article:published_time" content={a.publishAt!.toISOString()} />,
        },
        <article>
          <h1>{a.title}</h1>
          <ArticleMeta a={a} />
          <p>
            <strong>{a.summary}</strong>
          </p>
          <Markdown source={a.body} />
          {a.attachments.length > 0 ? (
            <>
              <h2>Documents joints</h2>
              <ul>
                {a.attachments.map((f) => (
                  <li>
                    <a href={`/veille/pieces-jointes/${f.id}`}>{f.title}</a> (PDF, {formatSize(f.size)})
                  </li>
                ))}
              </ul>
            </>
          ) : null}
          {a.sourceUrl ? (
            <p>
              Source : <a href={a.sourceUrl}>{new URL(a.sourceUrl).hostname}</a>
            </p>
          ) : null}
          {a.tags.length > 0 ? <p>Mots-clés : {a.tags.join(', ')}</p> : null}
          <p>Par {a.authorName}</p>
        </article>,
      );
      return { body };
    }),
  );
}
