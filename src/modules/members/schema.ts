import { sql } from 'drizzle-orm';
import {
  type AnyPgColumn,
  date,
  index,
  integer,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { BUDGET_KINDS, COMPETENCES, CONTACT_FUNCTIONS, DELIBERATION_DECISIONS, MEMBER_STATUSES, ORGANISATION_KINDS } from './vocabulary.ts';

/** The syndicate itself and its member collectivities. Every other module hangs off this table. */
export const organisations = pgTable(
  'organisations',
  {
    id: uuid().primaryKey().defaultRandom(),
    /** `syndicate` for the syndicate itself; otherwise the kind of member. */
    kind: text({ enum: ORGANISATION_KINDS }).notNull(),
    name: text().notNull(),
    inseeCode: text().unique(),
    siren: text(),
    /** SIRET of the main establishment, when known (14 digits, starts with the SIREN). */
    siret: text(),
    population: integer(),
    populationYear: integer(),
    postcodes: text().array().notNull().default([]),
    /** Département code (e.g. "90", "2A"): the official import updates one département at a time. */
    departement: text(),
    /** EPCI type from the official data (CA, CC, CU, METRO), for EPCI only. */
    epciType: text(),
    address: text(),
    phone: text(),
    email: text(),
    website: text(),
    parentEpciId: uuid().references((): AnyPgColumn => organisations.id, { onDelete: 'set null' }),
    status: text({ enum: MEMBER_STATUSES }).notNull().default('active'),
    joinedOn: date(),
    leftOn: date(),
    createdAt: timestamp({ withTimezone: true }).notNull(),
    updatedAt: timestamp({ withTimezone: true }).notNull(),
  },
  (t) => [
    index().on(t.kind),
    index().on(t.name),
    index().on(t.parentEpciId),
    index().on(t.status),
    uniqueIndex('organisations_siren_unique').on(t.siren),
    // Accent- and case-insensitive search by name: trigram index on the same expression the query uses.
    index('organisations_name_search_index').using('gin', sql`f_unaccent(lower(${t.name})) gin_trgm_ops`),
    index('organisations_postcodes_index').using('gin', t.postcodes),
  ],
);

/** Budgets ("structures") of a member: each has its own SIRET and Chorus Pro structure. */
export const budgets = pgTable(
  'member_budgets',
  {
    id: uuid().primaryKey().defaultRandom(),
    organisationId: uuid()
      .notNull()
      .references(() => organisations.id, { onDelete: 'cascade' }),
    name: text().notNull(),
    kind: text({ enum: BUDGET_KINDS }).notNull(),
    siret: text(),
    chorusStructureId: text(),
    createdAt: timestamp({ withTimezone: true }).notNull(),
    updatedAt: timestamp({ withTimezone: true }).notNull(),
  },
  (t) => [index().on(t.organisationId)],
);

/**
 * People of a member. A contact who leaves keeps their row with `endedOn` set: the history stays.
 * `userId` points to identity's users (no foreign key: identity's schema depends on this one).
 */
export const contacts = pgTable(
  'member_contacts',
  {
    id: uuid().primaryKey().defaultRandom(),
    organisationId: uuid()
      .notNull()
      .references(() => organisations.id, { onDelete: 'cascade' }),
    name: text().notNull(),
    function: text({ enum: CONTACT_FUNCTIONS }).notNull(),
    functionDetail: text(),
    phone: text(),
    /** Digits only, national form (0XXXXXXXXX): the helpdesk finds callers by it. */
    phoneDigits: text(),
    email: text(),
    userId: uuid(),
    startedOn: date(),
    endedOn: date(),
    createdAt: timestamp({ withTimezone: true }).notNull(),
    updatedAt: timestamp({ withTimezone: true }).notNull(),
  },
  (t) => [index().on(t.organisationId), index().on(t.phoneDigits), index().on(t.userId)],
);

/** Deliberations of a member's council about the syndicate (joining, transfers, conventions...). */
export const deliberations = pgTable(
  'member_deliberations',
  {
    id: uuid().primaryKey().defaultRandom(),
    organisationId: uuid()
      .notNull()
      .references(() => organisations.id, { onDelete: 'cascade' }),
    adoptedOn: date().notNull(),
    number: text().notNull(),
    subject: text().notNull(),
    decision: text({ enum: DELIBERATION_DECISIONS }).notNull(),
    /** The competence transferred or taken back, when the decision is about one. */
    competence: text({ enum: COMPETENCES }),
    /** The signed PDF, stored by the platform's file store. */
    fileId: uuid(),
    fileName: text(),
    createdAt: timestamp({ withTimezone: true }).notNull(),
  },
  (t) => [index().on(t.organisationId, t.adoptedOn)],
);

/** Competences a member transferred to the syndicate, with their dates. */
export const competences = pgTable(
  'member_competences',
  {
    id: uuid().primaryKey().defaultRandom(),
    organisationId: uuid()
      .notNull()
      .references(() => organisations.id, { onDelete: 'cascade' }),
    competence: text({ enum: COMPETENCES }).notNull(),
    startedOn: date().notNull(),
    endedOn: date(),
    deliberationId: uuid().references(() => deliberations.id, { onDelete: 'set null' }),
    createdAt: timestamp({ withTimezone: true }).notNull(),
  },
  (t) => [index().on(t.organisationId), index().on(t.competence)],
);
