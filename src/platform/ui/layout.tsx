import type { Child } from 'hono/jsx';
import type { Actor } from '../context.ts';
import { can, type Permission } from '../auth/permissions.ts';
import { asset } from '../http/assets.ts';

export interface NavItem {
  href: string;
  label: string;
  /** Shown only to actors holding this permission; absent: shown to everybody. */
  permission?: Permission;
  /** Shown only to signed-in users. */
  signedIn?: boolean;
  /** Hidden from actors holding this permission (e.g. staff, who have their own entry). */
  unless?: Permission;
}

export interface Crumb {
  href?: string;
  label: string;
}

export interface Flash {
  kind: 'success' | 'error' | 'info' | 'warning';
  message: string;
}

export interface PageProps {
  title: string;
  actor: Actor | null;
  /** The navigation of the whole product, filtered here by the actor's permissions. */
  nav: NavItem[];
  siteName: string;
  path: string;
  description?: string;
  canonical?: string;
  breadcrumbs?: Crumb[];
  flash?: Flash | null;
  children?: Child;
  head?: Child;
}

function isCurrent(path: string, href: string): boolean {
  return href === '/' ? path === '/' : path === href || path.startsWith(`${href}/`);
}

export function Layout(p: PageProps) {
  const items = p.nav.filter((i) => (!i.signedIn || p.actor) && (!i.permission || can(p.actor, i.permission)) && !(i.unless && can(p.actor, i.unless)));
  return (
    <html lang="fr">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${p.title} — ${p.siteName}`}</title>
        {p.description ? <meta name="description" content={p.description} /> : null}
        {p.canonical ? <link rel="canonical" href={p.canonical} /> : null}
        <link rel="icon" href={asset('favicon.svg')} type="image/svg+xml" />
        <link rel="stylesheet" href={asset('app.css')} />
        <script src={asset('app.js')} defer></script>
        {p.head}
      </head>
      <body>
        <a class="skip-link" href="#contenu">
          Aller au contenu
        </a>
        <header class="site">
          <div class="bar">
            <a class="brand" href="/">
              {p.siteName}
              <small>Services mutualisés des collectivités</small>
            </a>
            <div class="account">
              {p.actor ? (
                <>
                  <a href="/profil">{p.actor.name}</a>
                  <form method="post" action="/deconnexion">
                    <input type="hidden" name="_csrf" value={p.actor.csrfToken ?? ''} />
                    <button type="submit" class="link">
                      Se déconnecter
                    </button>
                  </form>
                </>
              ) : (
                <a href="/connexion">Se connecter</a>
              )}
            </div>
          </div>
          <nav class="main" aria-label="Navigation principale">
            <ul>
              {items.map((i) => (
                <li>
                  <a href={i.href} aria-current={isCurrent(p.path, i.href) ? 'page' : undefined}>
                    {i.label}
                  </a>
                </li>
              ))}
            </ul>
          </nav>
        </header>
        <main id="contenu" tabindex={-1}>
          <div class="container">
            {p.breadcrumbs && p.breadcrumbs.length > 0 ? <Breadcrumbs items={p.breadcrumbs} /> : null}
            {p.flash ? (
              <div class={`flash ${p.flash.kind}`} role={p.flash.kind === 'error' ? 'alert' : 'status'}>
                {p.flash.message}
              </div>
            ) : null}
            {p.children}
          </div>
        </main>
        <footer class="site">
          <div class="container">
            <p>{p.siteName} — établissement public de coopération des collectivités.</p>
            <ul>
              <li>
                <a href="/contact">Contact</a>
              </li>
              <li>
                <a href="/accessibilite">Accessibilité</a>
              </li>
              <li>
                <a href="/api/docs">API</a>
              </li>
            </ul>
          </div>
        </footer>
      </body>
    </html>
  );
}

export function Breadcrumbs({ items }: { items: Crumb[] }) {
  return (
    <nav class="breadcrumbs" aria-label="Fil d’Ariane">
      <ol>
        {items.map((c, i) =>
          c.href && i < items.length - 1 ? (
            <li>
              <a href={c.href}>{c.label}</a>
            </li>
          ) : (
            <li aria-current="page">{c.label}</li>
          ),
        )}
      </ol>
    </nav>
  );
}
