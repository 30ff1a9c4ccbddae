import { DEMO_ARTICLES, DEMO_CONTACT, DEMO_SERVICE_PAGES } from '../../src/modules/publications/demo-content.ts';
import { SERVICES } from '../../src/modules/publications/services.ts';
import { slugify } from '../../src/modules/publications/validation.ts';
import type { Rng } from './prng.ts';
import { copyLine } from './copy-text.ts';
import { FIRST_DAY, LAST_DAY, RECORDED_AT, type Volumes } from './volumes.ts';
import type { Table } from './tables.ts';

/**
 * The public site: the service pages and contact page of the demo, and a regulatory watch of `articles`
 * published over the ten years, written from the demo's articles (each numbered, so every slug is unique).
 */
export function publicationTables(rng: Rng, v: Volumes): Table[] {
  const pages = [
    ...SERVICES.map((s) => ({ slug: s.slug, kind: 'service', title: s.title, body: DEMO_SERVICE_PAGES[s.slug] ?? s.summary, meta: s.summary, order: 0 })),
    { slug: 'contact', kind: 'page', title: 'Contact', body: DEMO_CONTACT, meta: 'Coordonnées et horaires du syndicat.', order: 90 },
  ];
  const span = LAST_DAY - FIRST_DAY;
  return [
    {
      name: 'site_pages',
      columns: ['slug', 'kind', 'title', 'body', 'meta_description', 'menu_order', 'published', 'created_at', 'updated_at'],
      rows: pages.length,
      *lines() {
        for (const p of pages) yield copyLine([p.slug, p.kind, p.title, p.body, p.meta, p.order, true, RECORDED_AT, RECORDED_AT]);
      },
    },
    {
      name: 'articles',
      columns: ['slug', 'title', 'summary', 'body', 'category', 'rubric', 'tags', 'status', 'publish_at', 'author_name', 'created_at', 'updated_at'],
      rows: v.articles,
      *lines() {
        for (let i = 0; i < v.articles; i++) {
          const a = rng.pick(DEMO_ARTICLES);
          const title = `${a.title} (${i + 1})`;
          const at = new Date(FIRST_DAY + Math.floor(((i + rng.next()) / v.articles) * span));
          yield copyLine([`${slugify(a.title).slice(0, 70)}-${i + 1}`, title, a.summary, a.body, a.category, a.rubric, a.tags, 'published', at, 'Service communication', at, at]);
        }
      },
    },
  ];
}
