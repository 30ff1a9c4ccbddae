import { randomUUID } from 'node:crypto';
import { addAttachment } from '../../../src/modules/helpdesk/attachments.ts';
import { UUID } from '../../../src/modules/helpdesk/http/forms.ts';
import { addComment } from '../../../src/modules/helpdesk/comments.ts';
import { addIntervention } from '../../../src/modules/helpdesk/interventions.ts';
import { addInventoryItem } from '../../../src/modules/helpdesk/inventory.ts';
import { planVisit } from '../../../src/modules/helpdesk/planning.ts';
import { changeStatus, createTicket } from '../../../src/modules/helpdesk/tickets.ts';
import { receiveEquipment } from '../../../src/modules/helpdesk/workshop.ts';
import type { TestApp } from '../../helpers/app.ts';
import { signedInStaff } from '../../helpers/factories.ts';
import { defineIsolation, type IsolationSetup, type IsolationTarget, type RouteExemption } from '../harness.ts';

const ID = `{${UUID}}`;
const staffOnly = (route: string): RouteExemption => ({
  route,
  reason: 'réservée au service informatique (tickets.manage), sans donnée d’une collectivité dans l’URL : une collectivité reçoit 403, testé dans src/modules/helpdesk/http/api.test.ts (« refuses the service’s pages and API »)',
});
const ticketRoutes = (base: string) => [`GET ${base}/:id${ID}`, `POST ${base}/:id${ID}/reponse`, `POST ${base}/:id${ID}/pieces`, `GET ${base}/:id${ID}/pieces/:aid${ID}`, `POST ${base}/:id${ID}/confirmer`, `POST ${base}/:id${ID}/note`];
const INV = `/assistance/membres/:id${ID}/inventaire`;
const ITEM = `${INV}/:kind{(?:software|equipment|backup)}/:itemId${ID}`;
const DOMAIN = '/assistance/reglages/domaines/:code{[a-z0-9-]{1,80}}';
const KINDS = ['software', 'equipment', 'backup'] as const;
const inventoryApi = KINDS.flatMap((k) => [`POST /api/v1/members/:id/inventory/${k}`, `PUT /api/v1/members/:id/inventory/${k}/:itemId`, `DELETE /api/v1/members/:id/inventory/${k}/:itemId`]);
const tech = (t: TestApp) => signedInStaff(t.ctx, ['technician']);

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
      'GET /assistance/atelier', 'POST /assistance/atelier', 'GET /assistance/planning', 'POST /assistance/planning', 'POST /assistance/planning/agenda', 'POST /api/v1/calendar-feed',
      'GET /assistance/tri', `POST /assistance/tri/:id${ID}`,
      'GET /assistance/reglages', 'POST /assistance/reglages', 'POST /assistance/reglages/domaines', `GET ${DOMAIN}`, `POST ${DOMAIN}`, `GET ${DOMAIN}/supprimer`, `POST ${DOMAIN}/supprimer`,
    ].map(staffOnly),
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
        const reply = `Précision secrète ${randomUUID().slice(0, 6)}`;
        await addComment({ ...t.ctx, actor: b.actor }, ticket.id, { body: reply });
        const staff = { ...t.ctx, actor: (await tech(t)).actor };
        const work = `Intervention secrète ${randomUUID().slice(0, 6)}`;
        await addIntervention(staff, ticket.id, { channel: 'phone', durationMinutes: 5, summary: work });
        await changeStatus(staff, ticket.id, 'resolved');
        const targets = (base: string): IsolationTarget[] => [
          { route: `GET ${base}/:id${ID}`, path: `${base}/${ticket.id}` },
          { route: `GET ${base}/:id${ID}/pieces/:aid${ID}`, path: `${base}/${ticket.id}/pieces/${file.id}` },
          { route: `POST ${base}/:id${ID}/pieces`, path: `${base}/${ticket.id}/pieces`, form: {}, control: 'none' as const },
          { route: `POST ${base}/:id${ID}/note`, path: `${base}/${ticket.id}/note`, form: { rating: '1' } },
          { route: `POST ${base}/:id${ID}/confirmer`, path: `${base}/${ticket.id}/confirmer`, form: {}, control: 'none' as const },
          { route: `POST ${base}/:id${ID}/reponse`, path: `${base}/${ticket.id}/reponse`, form: { body: 'intrusion' } },
        ];
        return {
          secrets: [title, reply, work],
          targets: [
            ...targets('/mes-demandes'),
            ...targets('/assistance/tickets').map((x): IsolationTarget => ({ ...x, control: 'none' })),
            { route: 'GET /mes-demandes', path: '/mes-demandes', expect: 'filtered' },
            { route: 'GET /api/v1/tickets', path: `/api/v1/tickets?organisationId=${b.org.id}`, expect: 'filtered' },
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
      name: 'les actions du service sur une demande de B : statut, classement, interventions (pages et API)',
      attackers: [['manager'], ['agent']],
      routes: [`POST /assistance/tickets/:id${ID}/statut`, `POST /assistance/tickets/:id${ID}/classer`, `POST /assistance/tickets/:id${ID}/interventions`, 'PATCH /api/v1/tickets/:id', 'POST /api/v1/tickets/:id/status', 'POST /api/v1/tickets/:id/interventions'],
      async setup({ t, b }): IsolationSetup {
        const title = `Demande secrète ${randomUUID().slice(0, 6)}`;
        const ticket = await createTicket({ ...t.ctx, actor: b.actor }, { organisationId: b.org.id, domain: 'comptabilite', title });
        const page = `/assistance/tickets/${ticket.id}`;
        return {
          secrets: [title],
          targets: [
            { route: `POST /assistance/tickets/:id${ID}/statut`, path: `${page}/statut`, form: { status: 'in_progress' }, control: 'staff' },
            { route: `POST /assistance/tickets/:id${ID}/classer`, path: `${page}/classer`, form: { priority: 'high', domain: 'comptabilite', assigneeId: '' }, control: 'staff' },
            { route: `POST /assistance/tickets/:id${ID}/interventions`, path: `${page}/interventions`, form: { channel: 'phone', durationMinutes: '5', summary: 'Rappel' }, control: 'staff' },
            { route: 'PATCH /api/v1/tickets/:id', path: `/api/v1/tickets/${ticket.id}`, json: { title: 'Renommée par A' }, control: 'staff' },
            { route: 'POST /api/v1/tickets/:id/status', path: `/api/v1/tickets/${ticket.id}/status`, json: { status: 'waiting_vendor' }, control: 'staff' },
            { route: 'POST /api/v1/tickets/:id/interventions', path: `/api/v1/tickets/${ticket.id}/interventions`, json: { channel: 'remote', durationMinutes: 10 }, control: 'staff' },
          ],
        };
      },
    },
    {
      name: 'l’inventaire informatique de B : consultation et écritures par l’API, pour chaque sorte d’élément',
      attackers: [['manager'], ['agent']],
      routes: ['GET /api/v1/members/:id/inventory', ...inventoryApi],
      async setup({ t, b }): IsolationSetup {
        const as = { ...t.ctx, actor: (await tech(t)).actor };
        const product = `Logiciel secret ${randomUUID().slice(0, 6)}`;
        const items = {
          software: await addInventoryItem(as, b.org.id, 'software', { publisher: 'Éditeur', product }),
          equipment: await addInventoryItem(as, b.org.id, 'equipment', { kind: 'server', label: `Serveur secret ${product}`, quantity: 1 }),
          backup: await addInventoryItem(as, b.org.id, 'backup', { method: `Sauvegarde secrète ${product}` }),
        };
        const inputs = { software: { publisher: 'Intrus', product: 'Intrusion' }, equipment: { kind: 'workstation', label: 'Intrusion', quantity: 1 }, backup: { method: 'Intrusion' } };
        const base = `/api/v1/members/${b.org.id}/inventory`;
        return {
          secrets: [product],
          targets: [
            { route: 'GET /api/v1/members/:id/inventory', path: base },
            ...KINDS.flatMap((k): IsolationTarget[] => [
              { route: `POST /api/v1/members/:id/inventory/${k}`, path: `${base}/${k}`, json: inputs[k], control: 'staff' },
              { route: `PUT /api/v1/members/:id/inventory/${k}/:itemId`, path: `${base}/${k}/${items[k].id}`, json: inputs[k], control: 'staff' },
              { route: `DELETE /api/v1/members/:id/inventory/${k}/:itemId`, path: `${base}/${k}/${items[k].id}`, control: 'staff' },
            ]),
          ],
        };
      },
    },
    {
      name: 'les pages du service sur l’inventaire de B : consultation, ajout, modification, suppression',
      attackers: [['manager'], ['agent']],
      routes: [`GET ${INV}`, `POST ${INV}/:kind{(?:software|equipment|backup)}`, `GET ${ITEM}/modifier`, `POST ${ITEM}/modifier`, `GET ${ITEM}/supprimer`, `POST ${ITEM}/supprimer`],
      async setup({ t, b }): IsolationSetup {
        const label = `Serveur secret ${randomUUID().slice(0, 6)}`;
        const item = await addInventoryItem({ ...t.ctx, actor: (await tech(t)).actor }, b.org.id, 'equipment', { kind: 'server', label, quantity: 1 });
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
    {
      name: 'le matériel de B à l’atelier et les déplacements chez B (API et page de statut)',
      attackers: [['manager'], ['agent']],
      routes: [
        'GET /api/v1/workshop-items', 'POST /api/v1/workshop-items', 'GET /api/v1/workshop-items/:id', 'POST /api/v1/workshop-items/:id/status', `POST /assistance/atelier/:id${ID}/statut`,
        'GET /api/v1/visits', 'POST /api/v1/visits', 'GET /api/v1/visits/:id',
      ],
      async setup({ t, b }): IsolationSetup {
        const technician = await tech(t);
        const as = { ...t.ctx, actor: technician.actor };
        const secret = randomUUID().slice(0, 6);
        const item = await receiveEquipment(as, { organisationId: b.org.id, assetTag: `PC-${secret}`, description: `Portable du maire ${secret}`, receivedOn: '2026-03-02' });
        const visit = await planVisit(as, { organisationId: b.org.id, technicianId: technician.user.id, day: '2026-03-12', time: '09:00', purpose: `Visite secrète ${secret}` });
        return {
          secrets: [`PC-${secret}`, `Visite secrète ${secret}`],
          targets: [
            { route: 'GET /api/v1/workshop-items', path: `/api/v1/workshop-items?organisationId=${b.org.id}`, expect: 'filtered', control: 'staff' },
            { route: 'GET /api/v1/workshop-items/:id', path: `/api/v1/workshop-items/${item.id}`, control: 'staff' },
            { route: 'POST /api/v1/workshop-items', path: '/api/v1/workshop-items', json: { organisationId: b.org.id, assetTag: 'Intrus', description: 'Intrusion', receivedOn: '2026-03-03' }, control: 'staff' },
            { route: 'POST /api/v1/workshop-items/:id/status', path: `/api/v1/workshop-items/${item.id}/status`, json: { status: 'repair' }, control: 'staff' },
            { route: `POST /assistance/atelier/:id${ID}/statut`, path: `/assistance/atelier/${item.id}/statut`, form: { status: 'ready' }, control: 'staff' },
            { route: 'GET /api/v1/visits', path: `/api/v1/visits?organisationId=${b.org.id}`, expect: 'filtered', control: 'staff' },
            { route: 'GET /api/v1/visits/:id', path: `/api/v1/visits/${visit.id}`, control: 'staff' },
            { route: 'POST /api/v1/visits', path: '/api/v1/visits', json: { organisationId: b.org.id, technicianId: technician.user.id, day: '2026-03-13', time: '10:00', purpose: 'Intrusion' }, control: 'staff' },
          ],
        };
      },
    },
  ],
});
