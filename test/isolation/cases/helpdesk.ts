import { randomUUID } from 'node:crypto';
import { addAttachment } from '../../../src/modules/helpdesk/attachments.ts';
import { addInventoryItem } from '../../../src/modules/helpdesk/inventory.ts';
import { changeStatus, createTicket } from '../../../src/modules/helpdesk/tickets.ts';
import { signedInStaff } from '../../helpers/factories.ts';
import { defineIsolation, type IsolationSetup, type IsolationTarget, type RouteExemption } from '../harness.ts';

const ID = '{[0-9a-fA-F-]{36}}';
const staffOnly = (route: string): RouteExemption => ({ route, reason: 'réservée au service informatique (tickets.manage ou inventory.manage) : une collectivité reçoit 403, testé dans http.test.ts' });
const ticketRoutes = (base: string) => [`GET ${base}/:id${ID}`, `POST ${base}/:id${ID}/reponse`, `POST ${base}/:id${ID}/pieces`, `GET ${base}/:id${ID}/pieces/:aid${ID}`, `POST ${base}/:id${ID}/confirmer`, `POST ${base}/:id${ID}/note`];
const INV = `/assistance/membres/:id${ID}/inventaire`;
const ITEM = `${INV}/:kind{(?:software|equipment|backup)}/:itemId${ID}`;
const DOMAIN = '/assistance/reglages/domaines/:code{[a-z0-9-]{1,80}}';

export default defineIsolation({
  module: 'helpdesk',
  exemptions: [
    { route: 'POST /api/v1/helpdesk/inbound-mail', reason: 'réception de courriels authentifiée par un secret partagé, sans session ; le tri par expéditeur est testé dans inbound.test.ts' },
    { route: 'GET /assistance/agenda/:file{[A-Za-z0-9_-]{20,64}\\.ics}', reason: 'agenda iCal d’un technicien, ouvert par son jeton secret ; ne concerne pas les collectivités' },
    { route: 'GET /mes-demandes/nouvelle', reason: 'formulaire vide ; les logiciels proposés sont ceux de la collectivité de l’utilisateur' },
    { route: 'POST /mes-demandes/nouvelle', reason: 'crée toujours la demande pour la collectivité de l’utilisateur connecté (aucun identifiant dans le formulaire)' },
    { route: 'GET /mes-demandes/inventaire', reason: 'montre l’inventaire de la collectivité de l’utilisateur connecté seulement' },
    ...[
      'GET /assistance', 'POST /assistance/vues', `POST /assistance/vues/:id${ID}/supprimer`, 'GET /assistance/appel', 'POST /assistance/appel', 'POST /api/v1/tickets/calls',
      'GET /assistance/atelier', 'POST /assistance/atelier', `POST /assistance/atelier/:id${ID}/statut`, 'GET /assistance/planning', 'POST /assistance/planning', 'POST /assistance/planning/agenda',
      'GET /assistance/tri', `POST /assistance/tri/:id${ID}`, `POST /assistance/tickets/:id${ID}/statut`, `POST /assistance/tickets/:id${ID}/classer`, `POST /assistance/tickets/:id${ID}/interventions`,
      'PATCH /api/v1/tickets/:id', 'POST /api/v1/tickets/:id/status', 'POST /api/v1/tickets/:id/interventions', 'POST /api/v1/members/:id/inventory/:kind', 'PUT /api/v1/members/:id/inventory/:kind/:itemId',
      'DELETE /api/v1/members/:id/inventory/:kind/:itemId',
    ].map(staffOnly),
    ...['GET /assistance/reglages', 'POST /assistance/reglages', 'POST /assistance/reglages/domaines', `GET ${DOMAIN}`, `POST ${DOMAIN}`, `GET ${DOMAIN}/supprimer`, `POST ${DOMAIN}/supprimer`].map((route) => ({
      route,
      reason: 'réglages du service (horaires, délais, domaines), sans donnée d’une collectivité ; réservés à tickets.manage, une collectivité reçoit 403 (views.test.ts, settings.test.ts)',
    })),
  ],
  cases: [
    {
      name: 'une demande de B : fiche, échanges, pièces jointes, confirmation, note, API et listes',
      attackers: [['manager'], ['agent']],
      routes: [...ticketRoutes('/mes-demandes'), ...ticketRoutes('/assistance/tickets'), 'GET /mes-demandes', 'GET /api/v1/tickets', 'POST /api/v1/tickets', 'GET /api/v1/tickets/:id', 'GET /api/v1/tickets/:id/comments', 'POST /api/v1/tickets/:id/comments', 'GET /api/v1/tickets/:id/interventions'],
      async setup({ t, b }): IsolationSetup {
        const title = `Demande secrète ${randomUUID().slice(0, 6)}`;
        const ticket = await createTicket({ ...t.ctx, actor: b.actor }, { organisationId: b.org.id, domain: 'comptabilite', title });
        const file = await addAttachment({ ...t.ctx, actor: b.actor }, ticket.id, { name: 'capture.txt', bytes: Buffer.from('contenu de B') });
        const tech = await signedInStaff(t.ctx, ['technician']);
        await changeStatus({ ...t.ctx, actor: tech.actor }, ticket.id, 'resolved');
        const targets = (base: string): IsolationTarget[] => [
          { route: `GET ${base}/:id${ID}`, path: `${base}/${ticket.id}` },
          { route: `GET ${base}/:id${ID}/pieces/:aid${ID}`, path: `${base}/${ticket.id}/pieces/${file.id}` },
          { route: `POST ${base}/:id${ID}/pieces`, path: `${base}/${ticket.id}/pieces`, form: {}, control: 'none' as const },
          { route: `POST ${base}/:id${ID}/note`, path: `${base}/${ticket.id}/note`, form: { rating: '1' } },
          { route: `POST ${base}/:id${ID}/confirmer`, path: `${base}/${ticket.id}/confirmer`, form: {}, control: 'none' as const },
          { route: `POST ${base}/:id${ID}/reponse`, path: `${base}/${ticket.id}/reponse`, form: { body: 'intrusion' } },
        ];
        return {
          secrets: [title],
          targets: [
            ...targets('/mes-demandes'),
            ...targets('/assistance/tickets').map((x): IsolationTarget => ({ ...x, control: 'none' })),
            { route: 'GET /mes-demandes', path: '/mes-demandes', expect: 'filtered' },
            { route: 'GET /api/v1/tickets', path: `/api/v1/tickets?membre=${b.org.id}`, expect: 'filtered' },
            { route: 'POST /api/v1/tickets', path: '/api/v1/tickets', json: { organisationId: b.org.id, domain: 'comptabilite', title: 'Intrusion' } },
            { route: 'GET /api/v1/tickets/:id', path: `/api/v1/tickets/${ticket.id}` },
            { route: 'GET /api/v1/tickets/:id/comments', path: `/api/v1/tickets/${ticket.id}/comments` },
            { route: 'POST /api/v1/tickets/:id/comments', path: `/api/v1/tickets/${ticket.id}/comments`, json: { body: 'intrusion' } },
            { route: 'GET /api/v1/tickets/:id/interventions', path: `/api/v1/tickets/${ticket.id}/interventions` },
          ],
        };
      },
    },
    {
      name: 'l’inventaire informatique de B',
      routes: ['GET /api/v1/members/:id/inventory'],
      async setup({ t, b }): IsolationSetup {
        const tech = await signedInStaff(t.ctx, ['technician']);
        const product = `Logiciel secret ${randomUUID().slice(0, 6)}`;
        await addInventoryItem({ ...t.ctx, actor: tech.actor }, b.org.id, 'software', { publisher: 'Éditeur', product });
        return { secrets: [product], targets: [{ route: 'GET /api/v1/members/:id/inventory', path: `/api/v1/members/${b.org.id}/inventory` }] };
      },
    },
    {
      name: 'les pages du service sur l’inventaire de B : consultation, ajout, modification, suppression',
      attackers: [['manager'], ['agent']],
      routes: [`GET ${INV}`, `POST ${INV}/:kind{(?:software|equipment|backup)}`, `GET ${ITEM}/modifier`, `POST ${ITEM}/modifier`, `GET ${ITEM}/supprimer`, `POST ${ITEM}/supprimer`],
      async setup({ t, b }): IsolationSetup {
        const tech = await signedInStaff(t.ctx, ['technician']);
        const label = `Serveur secret ${randomUUID().slice(0, 6)}`;
        const item = await addInventoryItem({ ...t.ctx, actor: tech.actor }, b.org.id, 'equipment', { kind: 'server', label, quantity: 1 });
        const base = `/assistance/membres/${b.org.id}/inventaire`;
        const itemPath = `${base}/equipment/${item.id}`;
        return {
          secrets: [label],
          targets: [
            { route: `GET ${INV}`, path: base, control: 'staff' },
            { route: `POST ${INV}/:kind{(?:software|equipment|backup)}`, path: `${base}/software`, form: { publisher: 'Intrus', product: 'Intrusion' }, control: 'staff' },
            { route: `GET ${ITEM}/modifier`, path: `${itemPath}/modifier`, control: 'staff' },
            { route: `POST ${ITEM}/modifier`, path: `${itemPath}/modifier`, form: { kind: 'server', label: 'Renommé par A', quantity: '1' }, control: 'none' },
            { route: `GET ${ITEM}/supprimer`, path: `${itemPath}/supprimer`, control: 'staff' },
            { route: `POST ${ITEM}/supprimer`, path: `${itemPath}/supprimer`, form: {}, control: 'none' },
          ],
        };
      },
    },
  ],
});
