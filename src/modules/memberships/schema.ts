import { boolean, date, index, integer, jsonb, pgTable, primaryKey, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core';
import { organisations } from '../members/index.ts';
import type { PricingRule } from './pricing.ts';
import type { Price } from './pricing.ts';
import type { RevisionTrail } from './syntec.ts';

/** Monthly Syntec index values, per series (the revised series starts with August 2022). */
export const syntecIndices = pgTable(
  'syntec_indices',
  {
    month: text().notNull(), // YYYY-MM
    series: text({ enum: ['legacy', 'revised'] }).notNull(),
    /** Hundredths of a point (310.5 → 31050). */
    value: integer().notNull(),
    publishedOn: date().notNull(),
    /** Values loaded by the demonstration data set, shown as such: not official figures. */
    demo: boolean().notNull().default(false),
    source: text({ enum: ['manual', 'csv', 'demo'] }).notNull(),
    updatedAt: timestamp({ withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.month, t.series] })],
);

/** One tariff grid per year: proposed by the IT commission, decided by the president, then immutable. */
export const tariffGrids = pgTable('tariff_grids', {
  id: uuid().primaryKey().defaultRandom(),
  year: integer().notNull().unique(),
  effectiveOn: date().notNull(),
  status: text({ enum: ['draft', 'adopted'] }).notNull().default('draft'),
  /** The month whose Syntec index the grid's prices are expressed in (S0 of next year's revision). */
  indexBaseMonth: text().notNull(),
  commissionProposedOn: date(),
  decisionReference: text(),
  decisionOn: date(),
  decisionFileId: uuid(),
  decisionFileName: text(),
  /** When proposed by revision: the grid it came from and the revision date. */
  revisedFromId: uuid(),
  revisedAt: date(),
  adoptedAt: timestamp({ withTimezone: true }),
  createdAt: timestamp({ withTimezone: true }).notNull(),
});

/** The offer's options in a grid, each with its pricing rule. `base` is the mandatory maintenance. */
export const tariffOptions = pgTable(
  'tariff_options',
  {
    id: uuid().primaryKey().defaultRandom(),
    gridId: uuid()
      .notNull()
      .references(() => tariffGrids.id, { onDelete: 'cascade' }),
    code: text().notNull(),
    label: text().notNull(),
    mandatory: boolean().notNull().default(false),
    /** Options that can only be taken through an amendment (e.g. the mutualised DPO). */
    requiresAmendment: boolean().notNull().default(false),
    /** a, the fixed part of the Syntec revision, in ten-thousandths. */
    fixedPart: integer().notNull().default(0),
    rule: jsonb().$type<PricingRule>().notNull(),
    /** Set on grids proposed by revision: the trail of each revised amount. */
    revisionTrail: jsonb().$type<RevisionTrail[]>(),
    position: integer().notNull().default(0),
  },
  (t) => [unique().on(t.gridId, t.code)],
);

export const conventions = pgTable(
  'it_conventions',
  {
    id: uuid().primaryKey().defaultRandom(),
    organisationId: uuid()
      .notNull()
      .references(() => organisations.id, { onDelete: 'restrict' }),
    number: text().notNull().unique(),
    status: text({ enum: ['draft', 'awaiting_deliberation', 'active', 'expired', 'terminated', 'abandoned'] }).notNull().default('draft'),
    generationStartsOn: date().notNull(),
    generationEndsOn: date().notNull(),
    startsOn: date().notNull(),
    /** End of the current yearly term (tacit renewal moves it by one year, up to the generation's end). */
    currentTermEndsOn: date().notNull(),
    /** The member's deliberation (kept by the members module), checked when the signature is recorded. */
    deliberationId: uuid(),
    signedOn: date(),
    population: integer().notNull().default(0),
    populationAsOf: date(),
    terminatedOn: date(),
    terminatedBy: text({ enum: ['member', 'syndicate'] }),
    terminationReason: text({ enum: ['fault', 'free'] }),
    terminationNote: text(),
    previousId: uuid(),
    nextId: uuid(),
    createdAt: timestamp({ withTimezone: true }).notNull(),
    updatedAt: timestamp({ withTimezone: true }).notNull(),
  },
  (t) => [index().on(t.organisationId), index().on(t.status)],
);

/** An option held by a convention over a span of dates; amendments close a line and open the next. */
export const conventionOptions = pgTable(
  'it_convention_options',
  {
    id: uuid().primaryKey().defaultRandom(),
    conventionId: uuid()
      .notNull()
      .references(() => conventions.id, { onDelete: 'cascade' }),
    optionCode: text().notNull(),
    workstations: integer().notNull().default(0),
    gigabytes: integer().notNull().default(0),
    startsOn: date().notNull(),
    endsOn: date(),
    amendmentId: uuid(),
  },
  (t) => [index().on(t.conventionId)],
);

export interface AmendmentChange {
  optionCode: string;
  action: 'add' | 'remove' | 'change';
  workstations?: number;
  gigabytes?: number;
}

export const amendments = pgTable('it_amendments', {
  id: uuid().primaryKey().defaultRandom(),
  conventionId: uuid()
    .notNull()
    .references(() => conventions.id, { onDelete: 'cascade' }),
  number: integer().notNull(),
  effectiveOn: date().notNull(),
  changes: jsonb().$type<AmendmentChange[]>().notNull(),
  note: text(),
  requestId: uuid(),
  createdAt: timestamp({ withTimezone: true }).notNull(),
});

/** A member's request to change its options; accepted, it becomes an amendment. */
export const optionRequests = pgTable(
  'it_option_requests',
  {
    id: uuid().primaryKey().defaultRandom(),
    conventionId: uuid()
      .notNull()
      .references(() => conventions.id, { onDelete: 'cascade' }),
    organisationId: uuid().notNull(),
    requestedBy: uuid(),
    changes: jsonb().$type<AmendmentChange[]>().notNull(),
    wishedOn: date().notNull(),
    message: text(),
    status: text({ enum: ['pending', 'accepted', 'refused'] }).notNull().default('pending'),
    decisionNote: text(),
    decidedAt: timestamp({ withTimezone: true }),
    amendmentId: uuid(),
    createdAt: timestamp({ withTimezone: true }).notNull(),
  },
  (t) => [index().on(t.organisationId)],
);

/** A contribution run: the figures of a billing period, frozen when computed. */
export const contributionRuns = pgTable('it_contribution_runs', {
  id: uuid().primaryKey().defaultRandom(),
  label: text().notNull(),
  periodStart: date().notNull(),
  periodEnd: date().notNull(),
  gridId: uuid().notNull(),
  gridYear: integer().notNull(),
  total: integer().notNull(),
  createdBy: uuid(),
  createdAt: timestamp({ withTimezone: true }).notNull(),
});

export const contributionLines = pgTable(
  'it_contribution_lines',
  {
    id: uuid().primaryKey().defaultRandom(),
    runId: uuid()
      .notNull()
      .references(() => contributionRuns.id, { onDelete: 'cascade' }),
    organisationId: uuid().notNull(),
    organisationName: text().notNull(),
    conventionId: uuid().notNull(),
    conventionNumber: text().notNull(),
    optionCode: text().notNull(),
    optionLabel: text().notNull(),
    fromOn: date().notNull(),
    toOn: date().notNull(),
    days: integer().notNull(),
    periodDays: integer().notNull(),
    annual: integer().notNull(),
    amount: integer().notNull(),
    breakdown: jsonb().$type<Price>().notNull(),
  },
  (t) => [index().on(t.runId, t.organisationId)],
);
