import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { body, created, errors, idParam, itemsOf, isoDate, json, listed, listQuery, noContent, readListQuery, uuid, type ApiListSpec } from '../../../platform/http/api.ts';
import type { AppEnv } from '../../../platform/http/types.ts';
import { logCall } from '../call.ts';
import { addComment, ticketDetail } from '../comments.ts';
import { addIntervention, listInterventions } from '../interventions.ts';
import { addInventoryItem, deleteInventoryItem, memberInventory, updateInventoryItem, type InventoryItem, type InventoryKind } from '../inventory.ts';
import { calendarFeedUrl, getVisit, listVisits, planVisit, resetCalendarToken, VISIT_LIST } from '../planning.ts';
import { listTickets, QUEUE_PAGE_FILTERS, TICKET_FILTER_VALUES, TICKET_LIST } from '../queue.ts';
import { changeStatus, createTicket, updateTicket } from '../tickets.ts';
import { getWorkshopItem, listWorkshop, receiveEquipment, setWorkshopStatus, WORKSHOP_LIST } from '../workshop.ts';
import {
  BackupDto,
  BackupInput,
  CallResultDto,
  channel,
  CommentDto,
  EquipmentDto,
  EquipmentInput,
  InterventionDto,
  InventoryDto,
  presentBackup,
  presentComment,
  presentEquipment,
  presentIntervention,
  presentInventory,
  presentSoftware,
  presentTicket,
  presentTicketDetail,
  presentTicketSummary,
  presentVisit,
  presentWorkshopItem,
  PRIORITIES,
  SoftwareDto,
  SoftwareInput,
  STATUSES,
  TicketDetailDto,
  TicketDto,
  TicketPage,
  VisitDto,
  VisitPage,
  WORKSHOP_STATUSES,
  WorkshopItemDto,
  WorkshopPage,
} from './dto.ts';

const tags = ['Assistance'];

/** The ticket list; the first version's French names (`statut`, `membre`…) are read for one release. */
const TICKETS: ApiListSpec<(typeof TICKET_LIST.sortable)[number], (typeof TICKET_LIST.filters)[number]> = {
  ...TICKET_LIST,
  filterValues: TICKET_FILTER_VALUES,
  aliases: Object.fromEntries(Object.entries(QUEUE_PAGE_FILTERS).filter(([fr, en]) => fr !== en)),
};
const WORKSHOP: ApiListSpec<(typeof WORKSHOP_LIST.sortable)[number], (typeof WORKSHOP_LIST.filters)[number]> = {
  ...WORKSHOP_LIST,
  filterValues: { status: WORKSHOP_STATUSES, returned: ['true', 'false'] },
};
const VISITS: ApiListSpec<(typeof VISIT_LIST.sortable)[number], (typeof VISIT_LIST.filters)[number]> = VISIT_LIST;

const ticketInput = z
  .object({
    organisationId: uuid(),
    domain: z.string().describe('Code du domaine : comptabilite, elections, etat-civil, marches-publics, numerique, securite, materiel, reseau…'),
    title: z.string(),
    description: z.string().optional(),
    priority: z.enum(PRIORITIES).optional(),
    softwareId: uuid().optional(),
    requesterName: z.string().optional(),
    requesterEmail: z.string().optional(),
    requesterPhone: z.string().optional(),
    assigneeId: uuid().optional(),
  })
  .openapi('TicketInput');
const ticketPatch = z
  .object({ title: z.string().optional(), domain: z.string().optional(), priority: z.enum(PRIORITIES).optional(), assigneeId: uuid().nullable().optional(), softwareId: uuid().nullable().optional() })
  .openapi('TicketPatch');
const callInput = z
  .object({ organisationId: uuid(), channel: z.enum(['phone', 'remote']), callerName: z.string().optional(), callerPhone: z.string().optional(), domain: z.string(), title: z.string(), summary: z.string().optional(), durationMinutes: z.number().int(), resolved: z.boolean().optional() })
  .openapi('CallInput');
const interventionInput = z
  .object({ channel, technicianId: uuid().optional(), startedAt: z.iso.datetime({ offset: true }).optional().describe('ISO 8601 ; par défaut : maintenant moins la durée'), durationMinutes: z.number().int(), travelMinutes: z.number().int().optional(), summary: z.string().optional() })
  .openapi('InterventionInput');
const commentInput = z.object({ body: z.string(), internal: z.boolean().optional() }).openapi('TicketCommentInput');
const workshopInput = z.object({ organisationId: uuid(), ticketId: uuid().nullish(), assetTag: z.string(), description: z.string(), receivedOn: isoDate() }).openapi('WorkshopItemInput');
const workshopStatusInput = z.object({ status: z.enum(WORKSHOP_STATUSES), returnedOn: isoDate().optional().describe('Pour « returned » ; par défaut : aujourd’hui') }).openapi('WorkshopStatusInput');
const visitInput = z
  .object({ organisationId: uuid(), technicianId: uuid(), ticketId: uuid().nullish(), day: isoDate(), time: z.string().describe('HH:MM, heure de Paris'), durationMinutes: z.number().int().optional(), purpose: z.string() })
  .openapi('VisitInput');
const itemParam = idParam.extend({ itemId: uuid() });

const r = {
  list: createRoute({ method: 'get', path: '/api/v1/tickets', tags, summary: 'Demandes (file du service ; pour une collectivité, les siennes)', description: '`status` : un statut ou `open` ; `assigneeId` : un identifiant, `me` ou `none` ; `q` : texte en français ou référence T-123.', request: { query: listQuery(TICKETS) }, responses: { 200: json(TicketPage, 'Une page de demandes'), ...errors } }),
  create: createRoute({ method: 'post', path: '/api/v1/tickets', tags, summary: 'Créer une demande', request: body(ticketInput), responses: { 201: json(TicketDto, 'Demande créée'), ...errors } }),
  call: createRoute({ method: 'post', path: '/api/v1/tickets/calls', tags, summary: 'Saisie en une étape d’un appel ou d’une télémaintenance (demande + intervention)', request: body(callInput), responses: { 201: json(CallResultDto, 'Appel enregistré'), ...errors } }),
  get: createRoute({ method: 'get', path: '/api/v1/tickets/{id}', tags, summary: 'Une demande avec ses commentaires, son historique, ses interventions et ses pièces jointes (notes internes réservées au service)', request: { params: idParam }, responses: { 200: json(TicketDetailDto, 'La demande'), ...errors } }),
  update: createRoute({ method: 'patch', path: '/api/v1/tickets/{id}', tags, summary: 'Modifier la classification ou le technicien', request: { params: idParam, ...body(ticketPatch) }, responses: { 200: json(TicketDto, 'Demande modifiée'), ...errors } }),
  status: createRoute({ method: 'post', path: '/api/v1/tickets/{id}/status', tags, summary: 'Changer le statut (table des transitions)', request: { params: idParam, ...body(z.object({ status: z.enum(STATUSES) })) }, responses: { 200: json(TicketDto, 'Statut changé'), ...errors } }),
  interventions: createRoute({ method: 'get', path: '/api/v1/tickets/{id}/interventions', tags, summary: 'Interventions d’une demande', request: { params: idParam }, responses: { 200: json(itemsOf(InterventionDto, 'TicketInterventions'), 'Interventions'), ...errors } }),
  addIntervention: createRoute({ method: 'post', path: '/api/v1/tickets/{id}/interventions', tags, summary: 'Ajouter une intervention', request: { params: idParam, ...body(interventionInput) }, responses: { 201: json(InterventionDto, 'Intervention enregistrée'), ...errors } }),
  comments: createRoute({ method: 'get', path: '/api/v1/tickets/{id}/comments', tags, summary: 'Commentaires (sans les notes internes pour une collectivité)', request: { params: idParam }, responses: { 200: json(itemsOf(CommentDto, 'TicketComments'), 'Commentaires'), ...errors } }),
  addComment: createRoute({ method: 'post', path: '/api/v1/tickets/{id}/comments', tags, summary: 'Répondre, ou écrire une note interne (service)', request: { params: idParam, ...body(commentInput) }, responses: { 201: json(CommentDto, 'Commentaire ajouté'), ...errors } }),
  inventory: createRoute({ method: 'get', path: '/api/v1/members/{id}/inventory', tags, summary: 'Inventaire informatique d’une collectivité', request: { params: idParam }, responses: { 200: json(InventoryDto, 'Inventaire'), ...errors } }),
  workshop: createRoute({ method: 'get', path: '/api/v1/workshop-items', tags, summary: 'Matériel reçu à l’atelier', description: '`returned` : `false` pour le matériel pas encore rendu, `true` pour le matériel rendu.', request: { query: listQuery(WORKSHOP) }, responses: { 200: json(WorkshopPage, 'Une page de matériel'), ...errors } }),
  receive: createRoute({ method: 'post', path: '/api/v1/workshop-items', tags, summary: 'Réceptionner du matériel à l’atelier', request: body(workshopInput), responses: { 201: json(WorkshopItemDto, 'Matériel réceptionné'), ...errors } }),
  workshopItem: createRoute({ method: 'get', path: '/api/v1/workshop-items/{id}', tags, summary: 'Un matériel de l’atelier', request: { params: idParam }, responses: { 200: json(WorkshopItemDto, 'Le matériel'), ...errors } }),
  workshopStatus: createRoute({ method: 'post', path: '/api/v1/workshop-items/{id}/status', tags, summary: 'Changer le statut d’un matériel (rendu : date de retour)', request: { params: idParam, ...body(workshopStatusInput) }, responses: { 200: json(WorkshopItemDto, 'Statut changé'), ...errors } }),
  visits: createRoute({ method: 'get', path: '/api/v1/visits', tags, summary: 'Déplacements planifiés (planning des techniciens)', description: '`from` et `to` : jours (AAAA-MM-JJ, heure de Paris) inclus.', request: { query: listQuery(VISITS) }, responses: { 200: json(VisitPage, 'Une page de déplacements'), ...errors } }),
  planVisit: createRoute({ method: 'post', path: '/api/v1/visits', tags, summary: 'Planifier un déplacement', request: body(visitInput), responses: { 201: json(VisitDto, 'Déplacement planifié'), ...errors } }),
  visit: createRoute({ method: 'get', path: '/api/v1/visits/{id}', tags, summary: 'Un déplacement', request: { params: idParam }, responses: { 200: json(VisitDto, 'Le déplacement'), ...errors } }),
  calendarFeed: createRoute({ method: 'post', path: '/api/v1/calendar-feed', tags, summary: 'Générer l’adresse de l’agenda iCal de ses déplacements (l’ancienne cesse de fonctionner)', responses: { 200: json(z.object({ url: z.string() }).openapi('CalendarFeed'), 'Adresse de l’agenda, montrée une seule fois'), ...errors } }),
};

/** Routes of one kind of inventory item, typed by its own input and answer. */
function mountInventoryKind<K extends InventoryKind>(app: OpenAPIHono<AppEnv>, kind: K, segment: string, input: z.ZodObject, dto: z.ZodObject, present: (row: InventoryItem<K>) => z.infer<z.ZodObject>, what: string) {
  const path = `/api/v1/members/{id}/inventory/${segment}`;
  const add = createRoute({ method: 'post', path, tags, summary: `Ajouter ${what}`, request: { params: idParam, ...body(input) }, responses: { 201: json(dto, 'Élément ajouté'), ...errors } });
  const update = createRoute({ method: 'put', path: `${path}/{itemId}`, tags, summary: `Modifier ${what}`, request: { params: itemParam, ...body(input) }, responses: { 200: json(dto, 'Élément modifié'), ...errors } });
  const remove = createRoute({ method: 'delete', path: `${path}/{itemId}`, tags, summary: `Supprimer ${what}`, request: { params: itemParam }, responses: { ...noContent, ...errors } });
  app.openapi(add, async (c) => {
    const { id } = c.req.valid('param');
    return created(c, present(await addInventoryItem(c.get('ctx'), id, kind, c.req.valid('json'))), `/api/v1/members/${id}/inventory`);
  });
  app.openapi(update, async (c) => {
    const p = c.req.valid('param');
    return c.json(present(await updateInventoryItem(c.get('ctx'), p.id, kind, p.itemId, c.req.valid('json'))), 200);
  });
  app.openapi(remove, async (c) => {
    const p = c.req.valid('param');
    await deleteInventoryItem(c.get('ctx'), p.id, kind, p.itemId);
    return c.body(null, 204);
  });
}

export function mountHelpdeskApi(app: OpenAPIHono<AppEnv>) {
  app.openapi(r.list, async (c) => {
    const q = readListQuery(c, TICKETS);
    const res = await listTickets(c.get('ctx'), q);
    return c.json(listed({ rows: res.rows.map(presentTicketSummary), total: res.total }, q), 200);
  });
  app.openapi(r.create, async (c) => {
    const t = await createTicket(c.get('ctx'), { ...c.req.valid('json'), source: 'staff' });
    return created(c, presentTicket(t), `/api/v1/tickets/${t.id}`);
  });
  app.openapi(r.call, async (c) => {
    const done = await logCall(c.get('ctx'), c.req.valid('json'));
    return created(c, { ticket: presentTicket(done.ticket), intervention: presentIntervention(done.intervention) }, `/api/v1/tickets/${done.ticket.id}`);
  });
  app.openapi(r.get, async (c) => c.json(presentTicketDetail(await ticketDetail(c.get('ctx'), c.req.valid('param').id)), 200));
  app.openapi(r.update, async (c) => c.json(presentTicket(await updateTicket(c.get('ctx'), c.req.valid('param').id, c.req.valid('json'))), 200));
  app.openapi(r.status, async (c) => c.json(presentTicket(await changeStatus(c.get('ctx'), c.req.valid('param').id, c.req.valid('json').status)), 200));
  app.openapi(r.interventions, async (c) => c.json({ items: (await listInterventions(c.get('ctx'), c.req.valid('param').id)).map(presentIntervention) }, 200));
  app.openapi(r.addIntervention, async (c) => {
    const { id } = c.req.valid('param');
    return created(c, presentIntervention(await addIntervention(c.get('ctx'), id, c.req.valid('json'))), `/api/v1/tickets/${id}/interventions`);
  });
  app.openapi(r.comments, async (c) => c.json({ items: (await ticketDetail(c.get('ctx'), c.req.valid('param').id)).comments.map(presentComment) }, 200));
  app.openapi(r.addComment, async (c) => {
    const { id } = c.req.valid('param');
    return created(c, presentComment(await addComment(c.get('ctx'), id, { ...c.req.valid('json'), via: 'api' })), `/api/v1/tickets/${id}/comments`);
  });
  app.openapi(r.inventory, async (c) => c.json(presentInventory(await memberInventory(c.get('ctx'), c.req.valid('param').id)), 200));
  mountInventoryKind(app, 'software', 'software', SoftwareInput, SoftwareDto, presentSoftware, 'un logiciel');
  mountInventoryKind(app, 'equipment', 'equipment', EquipmentInput, EquipmentDto, presentEquipment, 'un matériel (poste ou serveur)');
  mountInventoryKind(app, 'backup', 'backup', BackupInput, BackupDto, presentBackup, 'une sauvegarde');

  app.openapi(r.workshop, async (c) => {
    const q = readListQuery(c, WORKSHOP);
    const res = await listWorkshop(c.get('ctx'), q);
    return c.json(listed({ rows: res.rows.map(presentWorkshopItem), total: res.total }, q), 200);
  });
  app.openapi(r.receive, async (c) => {
    const item = await receiveEquipment(c.get('ctx'), c.req.valid('json'));
    return created(c, presentWorkshopItem(item), `/api/v1/workshop-items/${item.id}`);
  });
  app.openapi(r.workshopItem, async (c) => c.json(presentWorkshopItem(await getWorkshopItem(c.get('ctx'), c.req.valid('param').id)), 200));
  app.openapi(r.workshopStatus, async (c) => {
    const v = c.req.valid('json');
    return c.json(presentWorkshopItem(await setWorkshopStatus(c.get('ctx'), c.req.valid('param').id, v.status, v.returnedOn)), 200);
  });
  app.openapi(r.visits, async (c) => {
    const q = readListQuery(c, VISITS);
    const res = await listVisits(c.get('ctx'), q);
    return c.json(listed({ rows: res.rows.map(presentVisit), total: res.total }, q), 200);
  });
  app.openapi(r.planVisit, async (c) => {
    const visit = await planVisit(c.get('ctx'), c.req.valid('json'));
    return created(c, presentVisit(visit), `/api/v1/visits/${visit.id}`);
  });
  app.openapi(r.visit, async (c) => c.json(presentVisit(await getVisit(c.get('ctx'), c.req.valid('param').id)), 200));
  app.openapi(r.calendarFeed, async (c) => {
    const ctx = c.get('ctx');
    return c.json({ url: calendarFeedUrl(ctx, await resetCalendarToken(ctx)) }, 200);
  });
}
