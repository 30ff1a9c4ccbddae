import { index, integer, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import type { KeyFigures } from './key-figures-model.ts';

/**
 * Key figures published by an editor from a chosen year: the figures are frozen at publication, so the
 * public page does not move when late interventions are entered. The newest row is the one shown.
 */
export const keyFigurePublications = pgTable(
  'report_key_figures',
  {
    id: uuid().primaryKey().defaultRandom(),
    year: integer().notNull(),
    figures: jsonb().$type<KeyFigures>().notNull(),
    publishedAt: timestamp({ withTimezone: true }).notNull(),
    publishedBy: uuid(),
    publishedByName: text(),
  },
  (t) => [index().on(t.publishedAt)],
);
