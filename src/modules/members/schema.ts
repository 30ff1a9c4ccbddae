import { date, index, integer, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

/** The syndicate itself and its member collectivities. Every other module hangs off this table. */
export const organisations = pgTable(
  'organisations',
  {
    id: uuid().primaryKey().defaultRandom(),
    /** `syndicate` for the syndicate itself; otherwise the kind of member. */
    kind: text({ enum: ['syndicate', 'commune', 'epci', 'syndicat', 'ccas', 'other'] }).notNull(),
    name: text().notNull(),
    inseeCode: text().unique(),
    siren: text(),
    population: integer(),
    populationYear: integer(),
    postcodes: text().array().notNull().default([]),
    status: text({ enum: ['active', 'left', 'prospect'] }).notNull().default('active'),
    joinedOn: date(),
    leftOn: date(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index().on(t.kind), index().on(t.name)],
);
