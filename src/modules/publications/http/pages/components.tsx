import type { Context } from 'hono';
import type { Child } from 'hono/jsx';
import { raw } from 'hono/html';
import type { AppEnv } from '../../../../platform/http/types.ts';
import { longDate } from '../../../../platform/format.ts';
import { render, type RenderOptions } from '../../../../platform/ui/render.tsx';
import { renderMarkdown } from '../../markdown.ts';
import { categorySlug } from '../../feeds.ts';
import type { PublicArticle } from '../../veille.ts';
import { slugify } from '../../validation.ts';

/** Sanitised Markdown, inserted as HTML. */
export function Markdown({ source }: { source: string }) {
  return <div class="prose">{raw(renderMarkdown(source))}</div>;
}

export interface SeoOptions extends RenderOptions {
  /** Path of the page's canonical URL (query strings that do not change the content left out). */
  path: string;
  ogType?: 'website' | 'article';
}

/** A public page with its canonical link and Open Graph tags, rendered to a string for the page cache. */
export async function publicPage(c: Context<AppEnv>, opts: SeoOptions, children: Child): Promise<string> {
  const ctx = c.get('ctx');
  const url = `${ctx.config.PUBLIC_URL}${opts.path}`;
  const head = (
    <>
      <meta property="og:type" content={opts.ogType ?? 'website'} />
      <meta property="og:title" content={opts.title} />
      {opts.description ? <meta property="og:description" content={opts.description} /> : null}
      <meta property="og:url" content={url} />
      <meta property="og:site_name" content={ctx.config.SYNDICATE_NAME} />
      <meta property="og:locale" content="fr_FR" />
      <link rel="alternate" type="application/rss+xml" title="Veille (RSS)" href="/veille/rss.xml" />
      <link rel="alternate" type="application/atom+xml" title="Veille (Atom)" href="/veille/atom.xml" />
      {opts.head}
    </>
  );
  const res = await render(c, { ...opts, canonical: url, head }, children);
  return res.text();
}

export function SearchForm({ q = '' }: { q?: string }) {
  return (
    <form class="filters" role="search" action="/veille/recherche" method="get" aria-label="Rechercher dans la veille">
      <div class="field">
        <label for="recherche-veille">Rechercher dans la veille</label>
        <input id="recherche-veille" name="q" type="search" value={q} />
      </div>
      <button type="submit">Rechercher</button>
    </form>
  );
}

export function ArticleMeta({ a }: { a: PublicArticle }) {
  return (
    <p class="meta">
      <a href={`/veille/rubrique/${slugify(a.rubric)}`}>{a.rubric}</a> · <a href={`/veille/categorie/${categorySlug(a.category)}`}>{a.category}</a> ·{' '}
      <time datetime={a.publishAt!.toISOString()}>{longDate(a.publishAt!)}</time>
    </p>
  );
}

/** A list of articles (archives, home); `excerpts` replaces summaries with search excerpts (safe HTML). */
export function ArticleList({ rows, level = 2, excerpts }: { rows: PublicArticle[]; level?: 2 | 3; excerpts?: string[] }) {
  if (rows.length === 0) return <p class="empty">Aucun article pour le moment.</p>;
  return (
    <ul class="cards">
      {rows.map((a, i) => (
        <li class="card">
          {level === 2 ? (
            <h2>
              <a href={`/veille/${a.slug}`}>{a.title}</a>
            </h2>
          ) : (
            <h3>
              <a href={`/veille/${a.slug}`}>{a.title}</a>
            </h3>
          )}
          <ArticleMeta a={a} />
          {excerpts ? <p>{raw(excerpts[i] ?? '')}</p> : <p>{a.summary}</p>}
        </li>
      ))}
    </ul>
  );
}

export function Pager({ base, page, total, pageSize, params = {} }: { base: string; page: number; total: number; pageSize: number; params?: Record<string, string> }) {
  const pages = Math.ceil(total / pageSize);
  if (pages <= 1) return null;
  const href = (p: number) => `${base}?${new URLSearchParams({ ...params, ...(p > 1 ? { page: String(p) } : {}) }).toString()}`.replace(/\?$/, '');
  return (
    <nav class="pagination" aria-label="Pagination">
      <ul>
        {Array.from({ length: pages }, (_, i) => i + 1).map((p) => (
          <li>{p === page ? <span aria-current="page">Page {p}</span> : <a href={href(p)}>Page {p}</a>}</li>
        ))}
      </ul>
    </nav>
  );
}
