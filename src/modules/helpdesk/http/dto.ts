import { z } from '@hono/zod-openapi';
import { isoDate, isoInstant, listOf } from '../../../platform/http/api.ts';
import type { Ticket } from '../access.ts';
import type { Comment } from '../comments.ts';
import type { InventoryItem } from '../inventory.ts';
import type { Intervention } from '../interventions.ts';
import type { VisitRow } from '../planning.ts';
import type { QueueRow } from '../queue.ts';
import { CHANNELS, PRIORITY_LABELS, STATUS_LABELS, type Channel, type Priority, type TicketStatus } from '../workflow.ts';
import { WORKSHOP_STATUS_LABELS, type WorkshopRow, type WorkshopStatus } from '../workshop.ts';

/** Response schemas of the helpdesk API and the presenters mapping rows to exactly their fields. */

export const STATUSES = Object.keys(STATUS_LABELS) as [TicketStatus, ...TicketStatus[]];
export const PRIORITIES = Object.keys(PRIORITY_LABELS) as [Priority, ...Priority[]];
export const WORKSHOP_STATUSES = Object.keys(WORKSHOP_STATUS_LABELS) as [WorkshopStatus, ...WorkshopStatus[]];
export const channel = z.enum(CHANNELS as [Channel, ...Channel[]]);
const slaState = z.enum(['ok', 'near', 'breached']);
const instant = (d: Date) => d.toISOString();
const maybeInstant = (d: Date | null) => (d ? d.toISOString() : null);

export const TicketDto = z
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
    softwareId: z.uuid().nullable(),
    channel: channel.nullable(),
    slaState,
    createdAt: isoInstant(),
    updatedAt: isoInstant(),
    firstResponseDueAt: isoInstant().nullable(),
    resolutionDueAt: isoInstant().nullable(),
    resolvedAt: isoInstant().nullable(),
    closedAt: isoInstant().nullable(),
  })
  .openapi('Ticket');
export const presentTicket = (t: Ticket): z.infer<typeof TicketDto> => ({
  id: t.id,
  number: t.number,
  organisationId: t.organisationId,
  domain: t.domain,
  title: t.title,
  description: t.description,
  priority: t.priority,
  status: t.status,
  assigneeId: t.assigneeId,
  softwareId: t.softwareId,
  channel: t.channel,
  slaState: t.slaState,
  createdAt: instant(t.createdAt),
  updatedAt: instant(t.updatedAt),
  firstResponseDueAt: maybeInstant(t.firstResponseDueAt),
  resolutionDueAt: maybeInstant(t.resolutionDueAt),
  resolvedAt: maybeInstant(t.resolvedAt),
  closedAt: maybeInstant(t.closedAt),
});

export const TicketSummaryDto = z
  .object({
    id: z.uuid(),
    number: z.number().int(),
    title: z.string(),
    status: z.enum(STATUSES),
    priority: z.enum(PRIORITIES),
    domain: z.string(),
    channel: channel.nullable(),
    slaState,
    organisationId: z.uuid(),
    memberName: z.string(),
    assigneeName: z.string().nullable(),
    createdAt: isoInstant(),
    updatedAt: isoInstant(),
    resolutionDueAt: isoInstant().nullable(),
  })
  .openapi('TicketSummary');
export const TicketPage = listOf(TicketSummaryDto, 'TicketPage');
export const presentTicketSummary = (r: QueueRow): z.infer<typeof TicketSummaryDto> => ({
  id: r.id,
  number: r.number,
  title: r.title,
  status: r.status,
  priority: r.priority as Priority,
  domain: r.domain,
  channel: r.channel as Channel | null,
  slaState: r.slaState,
  organisationId: r.organisationId,
  memberName: r.memberName,
  assigneeName: r.assigneeName,
  createdAt: instant(r.createdAt),
  updatedAt: instant(r.updatedAt),
  resolutionDueAt: maybeInstant(r.resolutionDueAt),
});

export const InterventionDto = z
  .object({
    id: z.uuid(),
    ticketId: z.uuid(),
    organisationId: z.uuid(),
    channel,
    technicianId: z.uuid().nullable(),
    startedAt: isoInstant(),
    durationMinutes: z.number().int(),
    travelMinutes: z.number().int(),
    domain: z.string(),
    summary: z.string(),
  })
  .openapi('Intervention');
export const presentIntervention = (i: Intervention): z.infer<typeof InterventionDto> => ({
  id: i.id,
  ticketId: i.ticketId,
  organisationId: i.organisationId,
  channel: i.channel,
  technicianId: i.technicianId,
  startedAt: instant(i.startedAt),
  durationMinutes: i.durationMinutes,
  travelMinutes: i.travelMinutes,
  domain: i.domain,
  summary: i.summary,
});

export const CommentDto = z.object({ id: z.uuid(), ticketId: z.uuid(), authorName: z.string(), body: z.string(), internal: z.boolean(), createdAt: isoInstant() }).openapi('TicketComment');
export const presentComment = (c: Comment): z.infer<typeof CommentDto> => ({ id: c.id, ticketId: c.ticketId, authorName: c.authorName, body: c.body, internal: c.internal, createdAt: instant(c.createdAt) });

const EventDto = z
  .object({ kind: z.string().describe('created, status, assigned, priority, domain, comment, note, intervention, rating…'), at: isoInstant(), actorName: z.string().nullable(), from: z.string().nullable(), to: z.string().nullable() })
  .openapi('TicketEvent');
const AttachmentDto = z.object({ id: z.uuid(), name: z.string(), mime: z.string(), size: z.number().int().describe('Octets'), internal: z.boolean(), createdAt: isoInstant() }).openapi('TicketAttachment');

export const TicketDetailDto = z
  .object({ ticket: TicketDto, comments: z.array(CommentDto), events: z.array(EventDto), interventions: z.array(InterventionDto), attachments: z.array(AttachmentDto) })
  .openapi('TicketDetail');
interface Detail {
  ticket: Ticket;
  comments: Comment[];
  events: { kind: string; at: Date; actorName: string | null; fromValue: string | null; toValue: string | null }[];
  interventions: Intervention[];
  attachments: { id: string; name: string; mime: string; size: number; internal: boolean; createdAt: Date }[];
}
export const presentTicketDetail = (d: Detail): z.infer<typeof TicketDetailDto> => ({
  ticket: presentTicket(d.ticket),
  comments: d.comments.map(presentComment),
  events: d.events.map((e) => ({ kind: e.kind, at: instant(e.at), actorName: e.actorName, from: e.fromValue, to: e.toValue })),
  interventions: d.interventions.map(presentIntervention),
  attachments: d.attachments.map((a) => ({ id: a.id, name: a.name, mime: a.mime, size: a.size, internal: a.internal, createdAt: instant(a.createdAt) })),
});

export const CallResultDto = z.object({ ticket: TicketDto, intervention: InterventionDto }).openapi('CallResult');

// Inventory, typed per kind.
const stamps = { id: z.uuid(), organisationId: z.uuid(), createdAt: isoInstant(), updatedAt: isoInstant() };
export const SoftwareDto = z
  .object({ ...stamps, publisher: z.string(), product: z.string(), version: z.string().nullable(), modules: z.array(z.string()), licences: z.number().int().nullable(), notes: z.string().nullable() })
  .openapi('Software');
export const EquipmentDto = z
  .object({ ...stamps, kind: z.enum(['workstation', 'server']), label: z.string(), operatingSystem: z.string().nullable(), quantity: z.number().int(), notes: z.string().nullable() })
  .openapi('Equipment');
export const BackupDto = z
  .object({ ...stamps, method: z.string(), destination: z.string().nullable(), frequency: z.string().nullable(), retention: z.string().nullable(), lastTestedOn: isoDate().nullable(), notes: z.string().nullable() })
  .openapi('Backup');
const presentStamps = (r: { id: string; organisationId: string; createdAt: Date; updatedAt: Date }) => ({ id: r.id, organisationId: r.organisationId, createdAt: instant(r.createdAt), updatedAt: instant(r.updatedAt) });
export const presentSoftware = (r: InventoryItem<'software'>): z.infer<typeof SoftwareDto> => ({ ...presentStamps(r), publisher: r.publisher, product: r.product, version: r.version, modules: r.modules, licences: r.licences, notes: r.notes });
export const presentEquipment = (r: InventoryItem<'equipment'>): z.infer<typeof EquipmentDto> => ({ ...presentStamps(r), kind: r.kind, label: r.label, operatingSystem: r.operatingSystem, quantity: r.quantity, notes: r.notes });
export const presentBackup = (r: InventoryItem<'backup'>): z.infer<typeof BackupDto> => ({ ...presentStamps(r), method: r.method, destination: r.destination, frequency: r.frequency, retention: r.retention, lastTestedOn: r.lastTestedOn, notes: r.notes });

export const InventoryDto = z
  .object({ software: z.array(SoftwareDto), equipment: z.array(EquipmentDto), backups: z.array(BackupDto), workstations: z.number().int().describe('Nombre de postes de travail') })
  .openapi('Inventory');
export const presentInventory = (inv: { software: InventoryItem<'software'>[]; equipment: InventoryItem<'equipment'>[]; backups: InventoryItem<'backup'>[]; workstations: number }): z.infer<typeof InventoryDto> => ({
  software: inv.software.map(presentSoftware),
  equipment: inv.equipment.map(presentEquipment),
  backups: inv.backups.map(presentBackup),
  workstations: inv.workstations,
});

export const SoftwareInput = z
  .object({ publisher: z.string(), product: z.string(), version: z.string().nullish(), modules: z.array(z.string()).optional(), licences: z.number().int().nullish(), notes: z.string().nullish() })
  .openapi('SoftwareInput');
export const EquipmentInput = z
  .object({ kind: z.enum(['workstation', 'server']), label: z.string(), operatingSystem: z.string().nullish(), quantity: z.number().int().optional(), notes: z.string().nullish() })
  .openapi('EquipmentInput');
export const BackupInput = z
  .object({ method: z.string(), destination: z.string().nullish(), frequency: z.string().nullish(), retention: z.string().nullish(), lastTestedOn: isoDate().nullish(), notes: z.string().nullish() })
  .openapi('BackupInput');

// Workshop and visits.
export const WorkshopItemDto = z
  .object({
    id: z.uuid(),
    organisationId: z.uuid(),
    memberName: z.string(),
    ticketId: z.uuid().nullable(),
    assetTag: z.string(),
    description: z.string(),
    receivedOn: isoDate(),
    returnedOn: isoDate().nullable(),
    status: z.enum(WORKSHOP_STATUSES),
    createdAt: isoInstant(),
  })
  .openapi('WorkshopItem');
export const WorkshopPage = listOf(WorkshopItemDto, 'WorkshopItemPage');
export const presentWorkshopItem = (r: WorkshopRow): z.infer<typeof WorkshopItemDto> => ({
  id: r.id,
  organisationId: r.organisationId,
  memberName: r.memberName,
  ticketId: r.ticketId,
  assetTag: r.assetTag,
  description: r.description,
  receivedOn: r.receivedOn,
  returnedOn: r.returnedOn,
  status: r.status,
  createdAt: instant(r.createdAt),
});

export const VisitDto = z
  .object({ id: z.uuid(), organisationId: z.uuid(), memberName: z.string(), technicianId: z.uuid(), ticketId: z.uuid().nullable(), startsAt: isoInstant(), durationMinutes: z.number().int(), purpose: z.string() })
  .openapi('Visit');
export const VisitPage = listOf(VisitDto, 'VisitPage');
export const presentVisit = (r: VisitRow): z.infer<typeof VisitDto> => ({
  id: r.id,
  organisationId: r.organisationId,
  memberName: r.memberName,
  technicianId: r.technicianId,
  ticketId: r.ticketId,
  startsAt: instant(r.startsAt),
  durationMinutes: r.durationMinutes,
  purpose: r.purpose,
});
