import type { Module } from '../../platform/module.ts';
import { mountPublicationsApi } from './http/api.ts';
import { createPageCache, type PageCache } from './http/cache.ts';
import { mountEditorArticles } from './http/pages/editor-articles.tsx';
import { mountEditorDocuments } from './http/pages/editor-documents.tsx';
import { mountEditorSite } from './http/pages/editor-site.tsx';
import { mountMemberRoutes, signedLinkRoutes } from './http/pages/member-space.tsx';
import { mountSiteRoutes } from './http/pages/public-site.tsx';
import { mountVeilleRoutes } from './http/pages/public-veille.tsx';
import { publicationsDemo } from './demo.ts';

export { SERVICES } from './services.ts';
export { ARTICLE_CATEGORIES, ARTICLE_RUBRICS } from './vocabulary.ts';
export { moveLegacyBlobs } from './legacy-blobs.ts';

/** Each app's page cache: set up in front(), used by the routes in mount(). */
const caches = new WeakMap<object, PageCache>();

export const publicationsModule: Module = {
  name: 'publications',
  nav: [
    { href: '/', label: 'Accueil' },
    { href: '/veille', label: 'Veille' },
    { href: '/documents', label: 'Documents' },
    { href: '/redaction', label: 'Rédaction', permission: 'publications.manage' },
  ],
  demo: publicationsDemo,
  front(app, deps) {
    const cache = createPageCache(deps);
    caches.set(app, cache.cached);
    app.use(cache.serve);
    return cache.shortcut;
  },
  ownCredential(app) {
    app.route('/', signedLinkRoutes);
  },
  mount(app) {
    const cached = caches.get(app);
    if (!cached) throw new Error('publications : front() doit être appelé avant mount()');
    mountPublicationsApi(app);
    mountSiteRoutes(app, cached);
    // Fixed /veille/... paths (newsletter, feeds, search) before /veille/:slug.
    mountMemberRoutes(app);
    mountVeilleRoutes(app, cached);
    mountEditorArticles(app);
    mountEditorSite(app);
    mountEditorDocuments(app);
  },
};
