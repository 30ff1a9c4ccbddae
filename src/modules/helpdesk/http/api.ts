import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import { z } from 'zod';
import type { AppEnv } from '../../platform/http/types.ts';
import { parseListQuery } from '../../platform/ui/list.ts';
import { logCall } from './call.ts';
import { addComment, ticketDetail } from './comments.ts';
import { addIntervention, listInterventions } from './interventions.ts';
import { addInventoryItem, deleteInventoryItem, memberInventory, updateInventoryItem, type InventoryKind } from './inventory.ts';
import { listTickets, QUEUE_SPEC } from './queue.ts';
import { changeStatus, createTicket, updateTicket } from './tickets.ts';
import { CHANNELS, type Channel } from './workflow.ts';

const tags = ['Assistance'];
const json = <S extends z.ZodType>(schema: S, description: string) => ({ content: { 'application/json': { schema } }, description });
const body = <S extends z.ZodType>(schema: S) => ({ body: { content: { 'application/json': { schema } }, required: true } });
const errors = { 401: { description: 'Non connecté' }, 403: { description: 'Interdit' }, 404: { description: 'Introuvable' }, 409: { description: 'Transition impossible' }, 422: { description: 'Données invalides (détail par champ)' } };
const idParam = z.object({ id: z.uuid() });
const STATUSES = ['new', 'assigned', 'in_progress', 'waiting_member', 'waiting_vendor', 'resolved', 'closed'] as const;
const PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const;
const channel = z.enum(CHANNELS as [Channel, ...Channel[]]);

const ticket = z
  .object({
    id: z.uuid(),
    number: z.number().int().describe('Référence T-000123'),
    organisationId: z.uuid(),
    domain: z.string(),
    title: z.string(),
    description: z.string().describe('Markdown'),
    priority: z.enum(PRIORITIES),
    status: z.enum(STATUSES),
    assigneeId: z.uuid().nullable(),
    channel: channel.nullable(),
    slaState: z.enum(['ok', 'near', 'breached']),
    createdAt: z.string(),
    firstResponseDueAt: z.string().nullable(),
    resolutionDueAt: z.string().nullable(),
  })
  .openapi('Ticket');
const ticketInput = z
  .object({
    organisationId: z.uuid(),
    domain: z.string().describe('Code du domaine : comptabilite, elections, etat-civil, marches-publics, numerique, securite, materiel, reseau…'),
    title: z.string(),
    description: z.string().optional(),
    priority: z.enum(PRIORITIES).optional(),
    softwareId: z.uuid().optional(),
    requesterName: z.string().optional(),
    requesterEmail: z.string().optional(),
    requesterPhone: z.string().optional(),
    assigneeId: z.uuid().optional(),
  })
  .openapi('TicketInput');
const intervention = z
  .object({ id: z.uuid(), ticketId: z.uuid(), organisationId: z.uuid(), channel, technicianId: z.uuid().nullable(), startedAt: z.string(), durationMinutes: z.number().int(), travelMinutes: z.number().int(), domain: z.string(), summary: z.string() })
  .openapi('Intervention');
const interventionInput = z.object({ channel, technicianId: z.uuid().optional(), startedAt: z.string().optional().describe('ISO 8601 ; par défaut : maintenant moins la durée'), durationMinutes: z.number().int(), travelMinutes: z.number().int().optional(), summary: z.string().optional() }).openapi('InterventionInput');
const comment = z.object({ id: z.uuid(), ticketId: z.uuid(), authorName: z.string(), body: z.string(), internal: z.boolean(), createdAt: z.string() }).openapi('TicketComment');
const listQuery = z.object({ q: z.string().optional().describe('Recherche plein texte en français, ou référence T-123'), statut: z.string().optional().describe('Statut, ou « ouvertes »'), membre: z.uuid().optional(), domaine: z.string().optional(), technicien: z.string().optional().describe('Identifiant, « moi » ou « aucun »'), canal: z.string().optional(), sla: z.enum(['ok', 'near', 'breached']).optional(), tri: z.string().optional(), ordre: z.enum(['asc', 'desc']).optional(), page: z.string().optional(), taille: z.string().optional() });
const kindParam = z.object({ id: z.uuid(), kind: z.enum(['software', 'equipment', 'backup']) });

const r = {
  list: createRoute({ method: 'get', path: '/api/v1/tickets', tags, summary: 'Demandes (file du service ; pour une collectivité, les siennes)', request: { query: listQuery }, responses: { 200: json(z.object({ rows: z.array(ticket.partial()), total: z.number().int().nullable().describe('null au-delà de 10 000 résultats'), hasMore: z.boolean(), page: z.number().int(), pageSize: z.number().int() }), 'Une page de demandes'), ...errors } }),
  create: createRoute({ method: 'post', path: '/api/v1/tickets', tags, summary: 'Créer une demande', request: body(ticketInput), responses: { 201: json(ticket, 'Demande créée'), ...errors } }),
  call: createRoute({ method: 'post', path: '/api/v1/tickets/calls', tags, summary: 'Saisie en une étape d’un appel ou d’une télémaintenance (demande + intervention)', request: body(z.object({ organisationId: z.uuid(), channel: z.enum(['phone', 'remote']), callerName: z.string().optional(), callerPhone: z.string().optional(), domain: z.string(), title: z.string(), summary: z.string().optional(), durationMinutes: z.number().int(), resolved: z.boolean().optional() })), responses: { 201: json(z.object({ ticket, intervention }), 'Appel enregistré'), ...errors } }),
  get: createRoute({ method: 'get', path: '/api/v1/tickets/{id}', tags, summary: 'Une demande avec ses commentaires et son historique (notes internes réservées au service)', request: { params: idParam }, responses: { 200: json(z.object({ ticket, comments: z.array(comment), events: z.array(z.object({ kind: z.string(), at: z.string() })), interventions: z.array(intervention) }), 'La demande'), ...errors } }),
  update: createRoute({ method: 'patch', path: '/api/v1/tickets/{id}', tags, summary: 'Modifier la classification ou le technicien', request: { params: idParam, ...body(z.object({ title: z.string().optional(), domain: z.string().optional(), priority: z.enum(PRIORITIES).optional(), assigneeId: z.uuid().nullable().optional(), softwareId: z.uuid().nullable().optional() })) }, responses: { 200: json(ticket, 'Demande modifiée'), ...errors } }),
  status: createRoute({ method: 'post', path: '/api/v1/tickets/{id}/status', tags, summary: 'Changer le statut (table des transitions)', request: { params: idParam, ...body(z.object({ status: z.enum(STATUSES) })) }, responses: { 200: json(ticket, 'Statut changé'), ...errors } }),
  interventions: createRoute({ method: 'get', path: '/api/v1/tickets/{id}/interventions', tags, summary: 'Interventions d’une demande', request: { params: idParam }, responses: { 200: json(z.array(intervention), 'Interventions'), ...errors } }),
  addIntervention: createRoute({ method: 'post', path: '/api/v1/tickets/{id}/interventions', tags, summary: 'Ajouter une intervention', request: { params: idParam, ...body(interventionInput) }, responses: { 201: json(intervention, 'Intervention enregistrée'), ...errors } }),
  comments: createRoute({ method: 'get', path: '/api/v1/tickets/{id}/comments', tags, summary: 'Commentaires (sans les notes internes pour une collectivité)', request: { params: idParam }, responses: { 200: json(z.array(comment), 'Commentaires'), ...errors } }),
  addComment: createRoute({ method: 'post', path: '/api/v1/tickets/{id}/comments', tags, summary: 'Répondre, ou écrire une note interne (service)', request: { params: idParam, ...body(z.object({ body: z.string(), internal: z.boolean().optional() })) }, responses: { 201: json(comment, 'Commentaire ajouté'), ...errors } }),
  inventory: createRoute({ method: 'get', path: '/api/v1/members/{id}/inventory', tags, summary: 'Inventaire informatique d’une collectivité', request: { params: idParam }, responses: { 200: json(z.object({ software: z.array(z.record(z.string(), z.unknown())), equipment: z.array(z.record(z.string(), z.unknown())), backups: z.array(z.record(z.string(), z.unknown())), workstations: z.number().int() }), 'Inventaire'), ...errors } }),
  addItem: createRoute({ method: 'post', path: '/api/v1/members/{id}/inventory/{kind}', tags, summary: 'Ajouter un logiciel, un matériel ou une sauvegarde', request: { params: kindParam, ...body(z.record(z.string(), z.unknown()).describe('software: publisher, product, version, modules[], licences ; equipment: kind (workstation|server), label, operatingSystem, quantity ; backup: method, destination, frequency, retention, lastTestedOn')) }, responses: { 201: json(z.record(z.string(), z.unknown()), 'Élément ajouté'), ...errors } }),
  updateItem: createRoute({ method: 'put', path: '/api/v1/members/{id}/inventory/{kind}/{itemId}', tags, summary: 'Modifier un élément d’inventaire', request: { params: kindParam.extend({ itemId: z.uuid() }), ...body(z.record(z.string(), z.unknown())) }, responses: { 200: json(z.record(z.string(), z.unknown()), 'Élément modifié'), ...errors } }),
  deleteItem: createRoute({ method: 'delete', path: '/api/v1/members/{id}/inventory/{kind}/{itemId}', tags, summary: 'Supprimer un élément d’inventaire', request: { params: kindParam.extend({ itemId: z.uuid() }) }, responses: { 204: { description: 'Supprimé' }, ...errors } }),
};

export function mountHelpdeskApi(app: OpenAPIHono<AppEnv>) {
  app.openapi(r.list, async (c) => {
    const q = parseListQuery(c.req.valid('query') as Record<string, string | undefined>, QUEUE_SPEC);
    const res = await listTickets(c.get('ctx'), q);
    return c.json({ ...res, page: q.page, pageSize: q.pageSize }, 200);
  });
  app.openapi(r.create, async (c) => c.json(await createTicket(c.get('ctx'), { ...c.req.valid('json'), source: 'staff' }), 201));
  app.openapi(r.call, async (c) => c.json(await logCall(c.get('ctx'), c.req.valid('json')), 201));
  app.openapi(r.get, async (c) => {
    const d = await ticketDetail(c.get('ctx'), c.req.valid('param').id);
    return c.json({ ticket: d.ticket, comments: d.comments, events: d.events, interventions: d.interventions, attachments: d.attachments }, 200);
  });
  app.openapi(r.update, async (c) => c.json(await updateTicket(c.get('ctx'), c.req.valid('param').id, c.req.valid('json')), 200));
  app.openapi(r.status, async (c) => c.json(await changeStatus(c.get('ctx'), c.req.valid('param').id, c.req.valid('json').status), 200));
  app.openapi(r.interventions, async (c) => c.json(await listInterventions(c.get('ctx'), c.req.valid('param').id), 200));
  app.openapi(r.addIntervention, async (c) => c.json(await addIntervention(c.get('ctx'), c.req.valid('param').id, c.req.valid('json')), 201));
  app.openapi(r.comments, async (c) => c.json((await ticketDetail(c.get('ctx'), c.req.valid('param').id)).comments, 200));
  app.openapi(r.addComment, async (c) => c.json(await addComment(c.get('ctx'), c.req.valid('param').id, { ...c.req.valid('json'), via: 'api' }), 201));
  app.openapi(r.inventory, async (c) => c.json(await memberInventory(c.get('ctx'), c.req.valid('param').id), 200));
  app.openapi(r.addItem, async (c) => {
    const p = c.req.valid('param');
    return c.json(await addInventoryItem(c.get('ctx'), p.id, p.kind as InventoryKind, c.req.valid('json')), 201);
  });
  app.openapi(r.updateItem, async (c) => {
    const p = c.req.valid('param');
    return c.json(await updateInventoryItem(c.get('ctx'), p.id, p.kind as InventoryKind, p.itemId, c.req.valid('json')), 200);
  });
  app.openapi(r.deleteItem, async (c) => {
    const p = c.req.valid('param');
    await deleteInventoryItem(c.get('ctx'), p.id, p.kind as InventoryKind, p.itemId);
    return c.body(null, 204);
  });
}
