import type { OpenAPIHono } from '@hono/zod-openapi';
import { Hono } from 'hono';
import type { AppEnv } from '../../../../platform/http/types.ts';
import { setFlash } from '../../../../platform/ui/flash.ts';
import { CsrfInput } from '../../../../platform/ui/form.tsx';
import { render } from '../../../../platform/ui/render.tsx';
import { DOCUMENT_KIND_LABELS, downloadDocumentVersion, listLibrary } from '../../documents.ts';
import { setSubscriptions, subscriptionsOf, unsubscribe } from '../../newsletter.ts';
import { ARTICLE_CATEGORIES } from '../../vocabulary.ts';
import { isUuid } from '../../validation.ts';
import { sendFile } from '../files.ts';
import { readCategories } from '../forms.ts';
import { formatSize, longDate } from '../../../../platform/format.ts';

/** Documents library, newsletter subscriptions and one-click unsubscribe. */
export function mountMemberRoutes(app: OpenAPIHono<AppEnv>) {
  app.get('/documents', async (c) => {
    const ctx = c.get('ctx');
    const library = await listLibrary(ctx);
    const groups = (['public', 'members'] as const).map((v) => ({ v, docs: library.filter((d) => d.visibility === v) }));
    return render(
      c,
      { title: 'Documents', description: 'Conventions, annexes, tarifs et modèles de délibération du syndicat.', canonical: `${ctx.config.PUBLIC_URL}/documents`, breadcrumbs: [{ href: '/', label: 'Accueil' }, { label: 'Documents' }] },
      <>
        <h1>Documents</h1>
        {ctx.actor ? null : (
          <p>
            Les conventions, annexes, tarifs et modèles de délibération sont réservés aux collectivités membres : <a href="/connexion?retour=/documents">connectez-vous</a> pour les consulter.
          </p>
        )}
        {groups.map((g) =>
          g.v === 'members' && !library.some((d) => d.visibility === 'members') ? null : (
            <section aria-labelledby={`docs-${g.v}`}>
              <h2 id={`docs-${g.v}`}>{g.v === 'public' ? 'Documents publics' : 'Documents réservés aux membres'}</h2>
              {g.docs.length === 0 ? (
                <p class="empty">Aucun document.</p>
              ) : (
                <ul class="cards">
                  {g.docs.map((d) => (
                    <li class="card">
                      <h3>{d.title}</h3>
                      <p>
                        <span class="badge">{DOCUMENT_KIND_LABELS[d.kind]}</span>
                      </p>
                      {d.description ? <p>{d.description}</p> : null}
                      <ul>
                        {d.versions.map((v, i) => (
                          <li>
                            <a href={`/documents/fichiers/${v.id}`}>
                              {i === 0 ? 'Télécharger' : 'Version précédente'} (version {v.version}, PDF, {formatSize(v.size)})
                            </a>{' '}
                            — <time datetime={v.createdAt.toISOString()}>{longDate(v.createdAt)}</time>
                            {v.note ? ` — ${v.note}` : ''}
                          </li>
                        ))}
                      </ul>
                    </li>
                  ))}
                </ul>
              )}
            </section>
          ),
        )}
      </>,
    );
  });

  app.get('/documents/fichiers/:id', async (c) => {
    const { file, visibility } = await downloadDocumentVersion(c.get('ctx'), c.req.param('id'));
    // Members-only files must not be kept by shared caches.
    return sendFile(c, c.get('ctx'), file, visibility === 'members' ? 'private' : 'public');
  });

  // The link in every digest. GET asks for confirmation (mail scanners follow links); POST unsubscribes,
  // which is also what a mail client does with List-Unsubscribe-Post (RFC 8058).
  app.get('/lettre/desabonnement', (c) => {
    const token = c.req.query('jeton') ?? '';
    return render(
      c,
      { title: 'Se désinscrire de la lettre' },
      <>
        <h1>Se désinscrire de la lettre de veille</h1>
        <form method="post" action={`/lettre/desabonnement?jeton=${encodeURIComponent(token)}`}>
          <p>Vous ne recevrez plus la lettre de veille du syndicat à cette adresse.</p>
          <button type="submit">Confirmer la désinscription</button>
        </form>
      </>,
    );
  });

  app.get('/veille/lettre', async (c) => {
    const ctx = c.get('ctx');
    if (!ctx.actor) return c.redirect('/connexion?retour=/veille/lettre', 303);
    const orgId = c.req.query('collectivite') ?? ctx.actor.organisationId;
    const people = await subscriptionsOf(ctx, orgId);
    return render(
      c,
      { title: 'Lettre de veille', breadcrumbs: [{ href: '/', label: 'Accueil' }, { href: '/veille', label: 'Veille' }, { label: 'Lettre' }] },
      <>
        <h1>Lettre de veille</h1>
        <p>Choisissez, pour chaque contact de la collectivité, les catégories dont il recevra les nouveaux articles.</p>
        {people.length === 0 ? <p class="empty">Aucun contact avec une adresse électronique.</p> : null}
        {people.map((p) => (
          <form method="post" action={`/veille/lettre/${p.id}?collectivite=${orgId}`}>
            <CsrfInput token={ctx.actor?.csrfToken} />
            <fieldset>
              <legend>
                {p.name} ({p.email})
              </legend>
              {ARTICLE_CATEGORIES.map((cat, i) => (
                <div>
                  <input type="checkbox" id={`c-${p.id}-${i}`} name="categories" value={cat} checked={p.categories.includes(cat)} />
                  <label class="inline" for={`c-${p.id}-${i}`}>
                    {cat}
                  </label>
                </div>
              ))}
              <button type="submit">Enregistrer pour {p.name}</button>
            </fieldset>
          </form>
        ))}
      </>,
    );
  });

  app.post('/veille/lettre/:contactId', async (c) => {
    await setSubscriptions(c.get('ctx'), c.req.param('contactId'), await readCategories(c));
    setFlash(c, 'success', 'Abonnements enregistrés.');
    const org = c.req.query('collectivite');
    return c.redirect(`/veille/lettre${org && isUuid(org) ? `?collectivite=${org}` : ''}`, 303);
  });
}

/**
 * The one-click unsubscribe POST (RFC 8058) comes from mail clients, with no session and no form token: its
 * signed link is its credential. Mounted before the CSRF protection (see app.ts).
 */
export const signedLinkRoutes = new Hono<AppEnv>().post('/lettre/desabonnement', async (c) => {
  await unsubscribe(c.get('ctx'), c.req.query('jeton') ?? '');
  return render(
    c,
    { title: 'Désinscription enregistrée' },
    <>
      <h1>Désinscription enregistrée</h1>
      <p>Vous ne recevrez plus la lettre de veille à cette adresse.</p>
    </>,
  );
});
