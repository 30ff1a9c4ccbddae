import { randomUUID } from 'node:crypto';
import type { Ctx } from '../../../src/platform/context.ts';
import { listRevisions } from '../../../src/modules/publications/articles.ts';
import { createDocument } from '../../../src/modules/publications/documents.ts';
import { uploadImage } from '../../../src/modules/publications/media.ts';
import { setSubscriptions } from '../../../src/modules/publications/newsletter.ts';
import { savePage } from '../../../src/modules/publications/site-pages.ts';
import { createContact } from '../../helpers/members-factories.ts';
import { createTestArticle, signedInEditor, testPdf } from '../../helpers/publications-factories.ts';
import { defineIsolation, type IsolationSetup } from '../harness.ts';

const publicPage = 'page publique du site, identique pour tous les visiteurs';
const api = '/api/v1/publications';
/** The smallest PNG header the file store recognises as an image. */
const png = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex');
const base64File = (name: string, bytes: Buffer) => ({ name, contentBase64: bytes.toString('base64') });

export default defineIsolation({
  module: 'publications',
  cases: [
    {
      name: 'les abonnements à la lettre des contacts de B',
      attackers: [['manager'], ['agent']],
      routes: ['GET /veille/lettre', 'POST /veille/lettre/:contactId', `GET ${api}/newsletter/organisations/:organisationId/subscribers`, `PUT ${api}/newsletter/subscribers/:contactId`],
      async setup({ t, b }): IsolationSetup {
        const name = `Contact abonné ${randomUUID().slice(0, 6)}`;
        const contact = await createContact(t.ctx, b.org.id, { name, email: `abonne-${randomUUID().slice(0, 6)}@b.test` });
        await setSubscriptions({ ...t.ctx, actor: b.actor } as Ctx, contact.id, ['Comptabilité']);
        return {
          secrets: [name, contact.email!],
          targets: [
            { route: 'GET /veille/lettre', path: `/veille/lettre?collectivite=${b.org.id}` },
            { route: 'GET /veille/lettre', path: '/veille/lettre', expect: 'filtered' },
            { route: 'POST /veille/lettre/:contactId', path: `/veille/lettre/${contact.id}`, form: { categories: ['Élections'] } },
            { route: `GET ${api}/newsletter/organisations/:organisationId/subscribers`, path: `${api}/newsletter/organisations/${b.org.id}/subscribers` },
            { route: `PUT ${api}/newsletter/subscribers/:contactId`, path: `${api}/newsletter/subscribers/${contact.id}`, json: { categories: ['Élections'] } },
          ],
        };
      },
    },
    {
      name: 'la rédaction du site, réservée au personnel du syndicat',
      attackers: [['manager'], ['agent']],
      routes: [
        'GET /redaction',
        'GET /redaction/articles',
        'GET /redaction/articles/nouveau',
        'POST /redaction/articles/nouveau',
        'GET /redaction/articles/:id',
        'POST /redaction/articles/:id',
        'POST /redaction/articles/:id/publier',
        'GET /redaction/articles/:id/depublier',
        'POST /redaction/articles/:id/depublier',
        'GET /redaction/articles/:id/versions',
        'GET /redaction/articles/:id/versions/:rev{[0-9]{1,9}}/restaurer',
        'POST /redaction/articles/:id/versions/:rev{[0-9]{1,9}}/restaurer',
        'POST /redaction/articles/:id/pieces-jointes',
        'GET /redaction/pages',
        'GET /redaction/pages/nouvelle',
        'POST /redaction/pages/nouvelle',
        'GET /redaction/pages/:id',
        'POST /redaction/pages/:id',
        'GET /redaction/documents',
        'GET /redaction/documents/:id',
        'POST /redaction/documents',
        'POST /redaction/documents/:id/versions',
        'GET /redaction/documents/:id/supprimer',
        'POST /redaction/documents/:id/supprimer',
        'GET /redaction/medias',
        'POST /redaction/medias',
        'GET /redaction/lettre',
        'POST /redaction/lettre',
        `GET ${api}/editor/articles`,
        `POST ${api}/editor/articles`,
        `GET ${api}/editor/articles/:id`,
        `PUT ${api}/editor/articles/:id`,
        `POST ${api}/editor/articles/:id/publish`,
        `POST ${api}/editor/articles/:id/unpublish`,
        `GET ${api}/editor/articles/:id/revisions`,
        `POST ${api}/editor/articles/:id/revisions/:revision/restore`,
        `POST ${api}/editor/articles/:id/attachments`,
        `GET ${api}/editor/pages`,
        `POST ${api}/editor/pages`,
        `GET ${api}/editor/pages/:id`,
        `PUT ${api}/editor/pages/:id`,
        `GET ${api}/editor/images`,
        `POST ${api}/editor/images`,
        `GET ${api}/editor/documents`,
        `POST ${api}/editor/documents`,
        `GET ${api}/editor/documents/:id`,
        `POST ${api}/editor/documents/:id/versions`,
        `DELETE ${api}/editor/documents/:id`,
        `GET ${api}/editor/newsletter/pending`,
      ],
      async setup({ t }): IsolationSetup {
        const editor = await signedInEditor(t.ctx);
        const tag = randomUUID().slice(0, 6);
        const draft = await createTestArticle(editor.ctx, { title: `Brouillon interne ${tag}`, publishAt: null });
        const published = await createTestArticle(editor.ctx, { title: `Publié ${tag}` });
        // Controls run in order: the digest (sent before the unpublishing) has this article to carry.
        await createTestArticle(editor.ctx, { title: `Pour la lettre ${tag}` });
        const revision = (await listRevisions(editor.ctx, draft.id))[0]!.revision;
        const page = await savePage(editor.ctx, { slug: `page-${tag}`, title: `Page brouillon ${tag}`, body: 'Texte.', menuOrder: 0, published: false });
        const doc = await createDocument(editor.ctx, { title: `Document ${tag}`, kind: 'autre', visibility: 'members' }, { name: 'd.pdf', bytes: await testPdf() });
        const removable = await createDocument(editor.ctx, { title: `Document à retirer ${tag}`, kind: 'guide', visibility: 'public' }, { name: 'r.pdf', bytes: await testPdf() });
        const image = await uploadImage(editor.ctx, { name: 'i.png', bytes: png }, `Image interne ${tag}`);
        const pdf = base64File('p.pdf', await testPdf());
        const article = { title: `Intrusion ${tag}`, summary: 'x', body: 'x', category: 'Comptabilité', rubric: 'Réglementation', action: 'save' };
        const pageForm = { slug: `intrus-${tag}`, title: 'Intrus', body: 'x', menuOrder: '0' };
        return {
          secrets: [draft.title, page.title, doc.title, image.alt],
          targets: [
            { route: 'GET /redaction', path: '/redaction', control: 'staff' },
            { route: 'GET /redaction/articles', path: '/redaction/articles', control: 'staff' },
            { route: 'GET /redaction/articles/nouveau', path: '/redaction/articles/nouveau', control: 'staff' },
            { route: 'POST /redaction/articles/nouveau', path: '/redaction/articles/nouveau', form: article, control: 'staff' },
            { route: 'GET /redaction/articles/:id', path: `/redaction/articles/${draft.id}`, control: 'staff' },
            { route: 'POST /redaction/articles/:id', path: `/redaction/articles/${draft.id}`, form: { ...article, action: 'preview' }, control: 'staff' },
            { route: 'GET /redaction/articles/:id/versions', path: `/redaction/articles/${draft.id}/versions`, control: 'staff' },
            { route: 'GET /redaction/articles/:id/versions/:rev{[0-9]{1,9}}/restaurer', path: `/redaction/articles/${draft.id}/versions/${revision}/restaurer`, control: 'staff' },
            { route: 'POST /redaction/articles/:id/versions/:rev{[0-9]{1,9}}/restaurer', path: `/redaction/articles/${draft.id}/versions/${revision}/restaurer`, form: { confirme: '1' }, control: 'staff' },
            { route: 'POST /redaction/articles/:id/publier', path: `/redaction/articles/${draft.id}/publier`, form: { publishAt: '2030-01-01T10:00' }, control: 'staff' },
            { route: 'POST /redaction/lettre', path: '/redaction/lettre', form: {}, control: 'staff' },
            { route: 'GET /redaction/articles/:id/depublier', path: `/redaction/articles/${published.id}/depublier`, control: 'staff' },
            { route: 'POST /redaction/articles/:id/depublier', path: `/redaction/articles/${published.id}/depublier`, form: { confirme: '1' }, control: 'staff' },
            // Uploads need a multipart body, which the harness does not send: the refusal is what is proved here,
            // the successful upload is proved in editor.test.ts and members-side.test.ts.
            { route: 'POST /redaction/articles/:id/pieces-jointes', path: `/redaction/articles/${draft.id}/pieces-jointes`, form: { title: 'x' }, control: 'none' },
            { route: 'GET /redaction/pages', path: '/redaction/pages', control: 'staff' },
            { route: 'GET /redaction/pages/nouvelle', path: '/redaction/pages/nouvelle', control: 'staff' },
            { route: 'POST /redaction/pages/nouvelle', path: '/redaction/pages/nouvelle', form: pageForm, control: 'staff' },
            { route: 'GET /redaction/pages/:id', path: `/redaction/pages/${page.id}`, control: 'staff' },
            { route: 'POST /redaction/pages/:id', path: `/redaction/pages/${page.id}`, form: { ...pageForm, slug: page.slug }, control: 'staff' },
            { route: 'GET /redaction/documents', path: '/redaction/documents', control: 'staff' },
            { route: 'GET /redaction/documents/:id', path: `/redaction/documents/${doc.id}`, control: 'staff' },
            { route: 'POST /redaction/documents', path: '/redaction/documents', form: { title: 'x', kind: 'autre', visibility: 'public' }, control: 'none' },
            { route: 'POST /redaction/documents/:id/versions', path: `/redaction/documents/${doc.id}/versions`, form: {}, control: 'none' },
            { route: 'GET /redaction/medias', path: '/redaction/medias', control: 'staff' },
            { route: 'POST /redaction/medias', path: '/redaction/medias', form: { alt: 'x' }, control: 'none' },
            { route: 'GET /redaction/lettre', path: '/redaction/lettre', control: 'staff' },
            { route: `GET ${api}/editor/articles`, path: `${api}/editor/articles`, control: 'staff' },
            { route: `POST ${api}/editor/articles`, path: `${api}/editor/articles`, json: { ...article, tags: [] }, control: 'staff' },
            { route: `GET ${api}/editor/articles/:id`, path: `${api}/editor/articles/${draft.id}`, control: 'staff' },
            { route: `PUT ${api}/editor/articles/:id`, path: `${api}/editor/articles/${draft.id}`, json: { ...article, title: draft.title }, control: 'staff' },
            { route: `POST ${api}/editor/articles/:id/publish`, path: `${api}/editor/articles/${draft.id}/publish`, json: { publishAt: '2030-01-01T10:00:00Z' }, control: 'staff' },
            { route: `POST ${api}/editor/articles/:id/unpublish`, path: `${api}/editor/articles/${published.id}/unpublish`, json: {}, control: 'staff' },
            { route: `GET ${api}/editor/articles/:id/revisions`, path: `${api}/editor/articles/${draft.id}/revisions`, control: 'staff' },
            { route: `POST ${api}/editor/articles/:id/revisions/:revision/restore`, path: `${api}/editor/articles/${draft.id}/revisions/${revision}/restore`, json: {}, control: 'staff' },
            { route: `POST ${api}/editor/articles/:id/attachments`, path: `${api}/editor/articles/${draft.id}/attachments`, json: { title: 'Annexe', file: pdf }, control: 'staff' },
            { route: `GET ${api}/editor/pages`, path: `${api}/editor/pages?status=draft`, control: 'staff' },
            { route: `POST ${api}/editor/pages`, path: `${api}/editor/pages`, json: { slug: `api-${tag}`, title: 'Intrus', body: 'x' }, control: 'staff' },
            { route: `GET ${api}/editor/pages/:id`, path: `${api}/editor/pages/${page.id}`, control: 'staff' },
            { route: `PUT ${api}/editor/pages/:id`, path: `${api}/editor/pages/${page.id}`, json: { slug: page.slug, title: page.title, body: 'Texte revu.' }, control: 'staff' },
            { route: `GET ${api}/editor/images`, path: `${api}/editor/images`, control: 'staff' },
            { route: `POST ${api}/editor/images`, path: `${api}/editor/images`, json: { alt: 'Intrus', file: base64File('i.png', png) }, control: 'staff' },
            { route: `GET ${api}/editor/documents`, path: `${api}/editor/documents?visibility=members`, control: 'staff' },
            { route: `POST ${api}/editor/documents`, path: `${api}/editor/documents`, json: { title: 'Intrus', kind: 'other', visibility: 'public', file: pdf }, control: 'staff' },
            { route: `GET ${api}/editor/documents/:id`, path: `${api}/editor/documents/${doc.id}`, control: 'staff' },
            { route: `POST ${api}/editor/documents/:id/versions`, path: `${api}/editor/documents/${doc.id}/versions`, json: { file: pdf }, control: 'staff' },
            { route: 'GET /redaction/documents/:id/supprimer', path: `/redaction/documents/${doc.id}/supprimer`, control: 'staff' },
            // Last: the other requests on this document run first (the page removes another one).
            { route: `DELETE ${api}/editor/documents/:id`, path: `${api}/editor/documents/${doc.id}`, control: 'staff' },
            { route: 'POST /redaction/documents/:id/supprimer', path: `/redaction/documents/${removable.id}/supprimer`, form: { confirme: '1' }, control: 'staff' },
            { route: `GET ${api}/editor/newsletter/pending`, path: `${api}/editor/newsletter/pending`, control: 'staff' },
          ],
        };
      },
    },
    {
      name: 'l’envoi de la lettre de veille par l’API, réservé à la rédaction',
      attackers: [['manager'], ['agent']],
      routes: [`POST ${api}/editor/newsletter/send`],
      async setup({ t }): IsolationSetup {
        const editor = await signedInEditor(t.ctx);
        // The digest the control sends carries this article: published after the last digest (sent at the clock's
        // current instant by the case above), so one second later.
        t.clock.advance(1000);
        await createTestArticle(editor.ctx, { title: `Pour la lettre par l’API ${randomUUID().slice(0, 6)}` });
        return { targets: [{ route: `POST ${api}/editor/newsletter/send`, path: `${api}/editor/newsletter/send`, json: {}, control: 'staff' }] };
      },
    },
  ],
  exemptions: [
    { route: 'GET /', reason: publicPage },
    { route: 'GET /accessibilite', reason: publicPage },
    { route: 'GET /contact', reason: publicPage },
    { route: 'GET /pages/:slug', reason: `${publicPage} (pages publiées seulement)` },
    { route: 'GET /services/:slug', reason: publicPage },
    { route: 'GET /veille', reason: publicPage },
    { route: 'GET /veille/:slug', reason: `${publicPage} (articles publiés seulement)` },
    { route: 'GET /veille/archives/:month{[0-9]{4}-(?:0[1-9]|1[0-2])}', reason: publicPage },
    { route: 'GET /veille/categorie/:slug', reason: publicPage },
    { route: 'GET /veille/rubrique/:slug', reason: publicPage },
    { route: 'GET /veille/recherche', reason: `${publicPage} (articles publiés seulement)` },
    { route: 'GET /veille/rss.xml', reason: 'flux public des articles publiés' },
    { route: 'GET /veille/atom.xml', reason: 'flux public des articles publiés' },
    { route: 'GET /veille/categorie/:slug/rss.xml', reason: 'flux public des articles publiés' },
    { route: 'GET /veille/categorie/:slug/atom.xml', reason: 'flux public des articles publiés' },
    { route: 'GET /veille/pieces-jointes/:id', reason: 'pièce jointe d’un article publié, publique comme lui' },
    { route: 'GET /medias/:id', reason: 'image des pages publiques, publique comme elles' },
    { route: `GET ${api}/articles`, reason: 'articles publiés, publics comme le site' },
    { route: `GET ${api}/articles/:slug`, reason: 'article publié, public comme le site (brouillons et programmés introuvables)' },
    { route: `GET ${api}/documents`, reason: 'bibliothèque commune aux membres ; les documents réservés ne sont jamais listés aux anonymes (http/api.test.ts)' },
    { route: `GET ${api}/documents/:id`, reason: 'document de la bibliothèque commune aux membres ; introuvable pour les anonymes s’il est réservé (http/api.test.ts)' },
    { route: `GET ${api}/pages/:slug`, reason: `${publicPage} (pages publiées seulement, http/api.test.ts)` },
    { route: 'GET /sitemap.xml', reason: 'plan public du site' },
    { route: 'GET /robots.txt', reason: 'consignes publiques aux robots' },
    {
      route: 'GET /documents',
      reason: 'bibliothèque commune à toutes les collectivités membres, sans document propre à une collectivité ; les documents réservés ne sont jamais montrés aux anonymes (members-side.test.ts)',
    },
    {
      route: 'GET /documents/fichiers/:id',
      reason: 'fichier de la bibliothèque commune aux membres ; refusé aux anonymes pour les documents réservés (members-side.test.ts)',
    },
    { route: 'GET /lettre/desabonnement', reason: 'page de confirmation sans donnée, le lien signé est la seule autorisation' },
    { route: 'POST /lettre/desabonnement', reason: 'désinscription par lien signé (HMAC) lié au contact : un lien modifié est refusé (members-side.test.ts)' },
  ],
});
