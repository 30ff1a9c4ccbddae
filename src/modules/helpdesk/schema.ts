import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  customType,
  date,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  smallint,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { organisations } from '../members/index.ts';
import { users } from '../identity/index.ts';
import { files } from '../../platform/files/schema.ts';

const tsvector = customType<{ data: string }>({ dataType: () => 'tsvector' });

export const ticketStatus = pgEnum('ticket_status', [
  'new',
  'assigned',
  'in_progress',
  'waiting_member',
  'waiting_vendor',
  'resolved',
  'closed',
]);
export const ticketPriority = pgEnum('ticket_priority', ['low', 'normal', 'high', 'urgent']);
export const interventionChannel = pgEnum('intervention_channel', ['phone', 'remote', 'email', 'onsite', 'workshop']);
/** ok: within target; near: most of the allowed time is used; breached: a target was missed. */
export const slaState = pgEnum('sla_state', ['ok', 'near', 'breached']);

/** Support domains: six built in, more added by staff (Matériel, Réseau...). */
export const helpdeskDomains = pgTable('helpdesk_domains', {
  code: text().primaryKey(),
  label: text().notNull(),
  builtin: boolean().notNull().default(false),
  active: boolean().notNull().default(true),
  position: integer().notNull().default(100),
  /**
   * Convention options (codes of the memberships' tariff options) any one of which covers the domain; empty:
   * covered by the base maintenance, i.e. by any convention in force.
   */
  coveredBy: text().array().notNull().default([]),
});

/** Opening hours and SLA targets: one row (id = 1), edited by staff. */
export const helpdeskSettings = pgTable('helpdesk_settings', {
  id: smallint().primaryKey().default(1),
  openingHours: jsonb().notNull(),
  slaTargets: jsonb().notNull(),
  /** Share of the allowed time after which a ticket is "near breach" (0.8 = 80 %). */
  nearBreachRatio: integer().notNull().default(80),
  updatedAt: timestamp({ withTimezone: true }).notNull(),
});

export const tickets = pgTable(
  'tickets',
  {
    id: uuid().primaryKey().defaultRandom(),
    /** Human reference T-000123. */
    number: bigint({ mode: 'number' }).generatedAlwaysAsIdentity().notNull(),
    organisationId: uuid().notNull().references(() => organisations.id),
    requesterUserId: uuid().references(() => users.id),
    /** A contact of the members registry (no constraint: contacts belong to the members module). */
    requesterContactId: uuid(),
    requesterName: text(),
    requesterEmail: text(),
    requesterPhone: text(),
    domain: text().notNull().references(() => helpdeskDomains.code),
    softwareId: uuid().references(() => memberSoftware.id, { onDelete: 'set null' }),
    title: text().notNull(),
    description: text().notNull().default(''),
    priority: ticketPriority().notNull().default('normal'),
    status: ticketStatus().notNull().default('new'),
    assigneeId: uuid().references(() => users.id),
    /** Channel of the first contact (or of the first intervention); null for portal requests. */
    channel: interventionChannel(),
    source: text({ enum: ['portal', 'call', 'email', 'staff'] }).notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull(),
    updatedAt: timestamp({ withTimezone: true }).notNull(),
    firstResponseAt: timestamp({ withTimezone: true }),
    resolvedAt: timestamp({ withTimezone: true }),
    closedAt: timestamp({ withTimezone: true }),
    firstResponseDueAt: timestamp({ withTimezone: true }),
    resolutionDueAt: timestamp({ withTimezone: true }),
    /** Set while the ticket waits for the member: the SLA clock is paused. */
    pausedAt: timestamp({ withTimezone: true }),
    slaState: slaState().notNull().default('ok'),
    /** Last SLA state a notification was sent for, so that each one is sent once. */
    slaNotified: slaState(),
    rating: smallint(),
    ratingComment: text(),
    search: tsvector().generatedAlwaysAs(
      sql`to_tsvector('french'::regconfig, f_unaccent(coalesce(title, '') || ' ' || coalesce(description, '')))`,
    ),
  },
  (t) => [
    uniqueIndex().on(t.number),
    index().on(t.status, t.createdAt),
    index().on(t.organisationId, t.createdAt),
    index().on(t.assigneeId, t.status),
    index().on(t.domain, t.createdAt),
    index().on(t.channel, t.createdAt),
    index().on(t.slaState, t.status),
    // Covering indexes of the activity reports (opened and resolved tickets over a period).
    index('tickets_report_opened_idx').on(t.createdAt, t.firstResponseAt, t.firstResponseDueAt),
    index('tickets_report_resolved_idx').on(t.resolvedAt, t.createdAt, t.resolutionDueAt, t.rating),
    index().using('gin', t.search),
  ],
);

export const ticketComments = pgTable(
  'ticket_comments',
  {
    id: uuid().primaryKey().defaultRandom(),
    ticketId: uuid().notNull().references(() => tickets.id, { onDelete: 'cascade' }),
    organisationId: uuid().notNull(),
    authorUserId: uuid().references(() => users.id),
    authorName: text().notNull(),
    body: text().notNull(),
    /** Internal notes are for staff only, never shown to the member. */
    internal: boolean().notNull().default(false),
    via: text({ enum: ['web', 'email', 'api'] }).notNull().default('web'),
    createdAt: timestamp({ withTimezone: true }).notNull(),
  },
  (t) => [index().on(t.ticketId, t.createdAt)],
);

/** The ticket's history: every change, who made it, when. */
export const ticketEvents = pgTable(
  'ticket_events',
  {
    id: uuid().primaryKey().defaultRandom(),
    ticketId: uuid().notNull().references(() => tickets.id, { onDelete: 'cascade' }),
    organisationId: uuid().notNull(),
    at: timestamp({ withTimezone: true }).notNull(),
    actorId: uuid(),
    actorName: text(),
    kind: text().notNull(),
    fromValue: text(),
    toValue: text(),
    /** Events about internal notes are hidden from members. */
    internal: boolean().notNull().default(false),
  },
  (t) => [index().on(t.ticketId, t.at)],
);

export const ticketAttachments = pgTable(
  'ticket_attachments',
  {
    id: uuid().primaryKey().defaultRandom(),
    ticketId: uuid().notNull().references(() => tickets.id, { onDelete: 'cascade' }),
    organisationId: uuid().notNull(),
    commentId: uuid().references(() => ticketComments.id, { onDelete: 'set null' }),
    name: text().notNull(),
    mime: text().notNull(),
    size: integer().notNull(),
    /** The bytes, in the platform file store; null only for attachments made before it (see below). */
    fileId: uuid().references(() => files.id),
    internal: boolean().notNull().default(false),
    createdBy: uuid(),
    createdAt: timestamp({ withTimezone: true }).notNull(),
  },
  (t) => [index().on(t.ticketId)],
);

/**
 * Bytes of the attachments received before they moved to the file store: SQL cannot write files, so the
 * migration kept them here and downloads read them from this table.
 */
export const legacyAttachmentBytes = pgTable('ticket_attachment_legacy_bytes', {
  attachmentId: uuid().primaryKey().references(() => ticketAttachments.id, { onDelete: 'cascade' }),
  content: customType<{ data: Buffer }>({ dataType: () => 'bytea' })().notNull(),
});

/** One piece of work on a ticket. Flat and denormalised (domain) so activity reports read one table. */
export const interventions = pgTable(
  'interventions',
  {
    id: uuid().primaryKey().defaultRandom(),
    organisationId: uuid().notNull().references(() => organisations.id),
    ticketId: uuid().notNull().references(() => tickets.id, { onDelete: 'cascade' }),
    channel: interventionChannel().notNull(),
    technicianId: uuid().references(() => users.id),
    startedAt: timestamp({ withTimezone: true }).notNull(),
    durationMinutes: integer().notNull(),
    travelMinutes: integer().notNull().default(0),
    domain: text().notNull(),
    summary: text().notNull().default(''),
    createdAt: timestamp({ withTimezone: true }).notNull(),
  },
  (t) => [
    // Covering index of the activity reports: a period's interventions read from the index alone.
    index('interventions_report_idx').on(t.startedAt, t.channel, t.domain, t.organisationId, t.technicianId, t.durationMinutes, t.travelMinutes),
    index().on(t.organisationId, t.startedAt),
    index().on(t.channel, t.startedAt),
    index().on(t.technicianId, t.startedAt),
    index().on(t.ticketId),
  ],
);

export const workshopItems = pgTable(
  'workshop_items',
  {
    id: uuid().primaryKey().defaultRandom(),
    organisationId: uuid().notNull().references(() => organisations.id),
    ticketId: uuid().references(() => tickets.id, { onDelete: 'set null' }),
    assetTag: text().notNull(),
    description: text().notNull(),
    receivedOn: date().notNull(),
    returnedOn: date(),
    status: text({ enum: ['received', 'diagnosis', 'repair', 'waiting_parts', 'ready', 'returned'] })
      .notNull()
      .default('received'),
    createdAt: timestamp({ withTimezone: true }).notNull(),
  },
  (t) => [index().on(t.status, t.receivedOn), index().on(t.organisationId)],
);

/** Planned on-site visits, shown per technician by week and in the technician's iCal feed. */
export const visits = pgTable(
  'visits',
  {
    id: uuid().primaryKey().defaultRandom(),
    organisationId: uuid().notNull().references(() => organisations.id),
    ticketId: uuid().references(() => tickets.id, { onDelete: 'set null' }),
    technicianId: uuid().notNull().references(() => users.id),
    startsAt: timestamp({ withTimezone: true }).notNull(),
    durationMinutes: integer().notNull().default(60),
    purpose: text().notNull(),
    cancelled: boolean().notNull().default(false),
    createdAt: timestamp({ withTimezone: true }).notNull(),
  },
  (t) => [index().on(t.technicianId, t.startsAt), index().on(t.startsAt)],
);

/** Secret token of a technician's iCal feed (only its SHA-256 is stored). */
export const calendarFeeds = pgTable('calendar_feeds', {
  userId: uuid().primaryKey().references(() => users.id, { onDelete: 'cascade' }),
  tokenHash: text().notNull().unique(),
  createdAt: timestamp({ withTimezone: true }).notNull(),
});

export const memberSoftware = pgTable(
  'member_software',
  {
    id: uuid().primaryKey().defaultRandom(),
    organisationId: uuid().notNull().references(() => organisations.id),
    publisher: text().notNull(),
    product: text().notNull(),
    version: text(),
    modules: text().array().notNull().default([]),
    licences: integer(),
    notes: text(),
    createdAt: timestamp({ withTimezone: true }).notNull(),
    updatedAt: timestamp({ withTimezone: true }).notNull(),
  },
  (t) => [index().on(t.organisationId)],
);

/** Workstations and servers; `quantity` lets a member record "6 identical workstations" in one row. */
export const memberEquipment = pgTable(
  'member_equipment',
  {
    id: uuid().primaryKey().defaultRandom(),
    organisationId: uuid().notNull().references(() => organisations.id),
    kind: text({ enum: ['workstation', 'server'] }).notNull(),
    label: text().notNull(),
    operatingSystem: text(),
    quantity: integer().notNull().default(1),
    notes: text(),
    createdAt: timestamp({ withTimezone: true }).notNull(),
    updatedAt: timestamp({ withTimezone: true }).notNull(),
  },
  (t) => [index().on(t.organisationId, t.kind)],
);

export const memberBackups = pgTable(
  'member_backups',
  {
    id: uuid().primaryKey().defaultRandom(),
    organisationId: uuid().notNull().references(() => organisations.id),
    method: text().notNull(),
    destination: text(),
    frequency: text(),
    retention: text(),
    lastTestedOn: date(),
    notes: text(),
    createdAt: timestamp({ withTimezone: true }).notNull(),
    updatedAt: timestamp({ withTimezone: true }).notNull(),
  },
  (t) => [index().on(t.organisationId)],
);

/** A staff member's named queue filters (the query string of /assistance). */
export const savedViews = pgTable(
  'helpdesk_saved_views',
  {
    id: uuid().primaryKey().defaultRandom(),
    userId: uuid().notNull().references(() => users.id, { onDelete: 'cascade' }),
    name: text().notNull(),
    query: text().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull(),
  },
  (t) => [index().on(t.userId)],
);

/** Inbound e-mail: kept whole; unknown senders wait here (triage) until staff attach them to a member. */
export const inboundMessages = pgTable(
  'inbound_messages',
  {
    id: uuid().primaryKey().defaultRandom(),
    messageId: text(),
    fromAddress: text().notNull(),
    fromName: text(),
    subject: text().notNull(),
    body: text().notNull(),
    receivedAt: timestamp({ withTimezone: true }).notNull(),
    status: text({ enum: ['triage', 'ticket', 'reply', 'discarded'] }).notNull(),
    ticketId: uuid().references(() => tickets.id, { onDelete: 'set null' }),
    organisationId: uuid(),
  },
  (t) => [uniqueIndex().on(t.messageId), index().on(t.status, t.receivedAt)],
);

/** Message-IDs known to belong to a ticket (sent notifications and received mails), for threading. */
export const mailReferences = pgTable('ticket_mail_references', {
  messageId: text().primaryKey(),
  ticketId: uuid().notNull().references(() => tickets.id, { onDelete: 'cascade' }),
});
