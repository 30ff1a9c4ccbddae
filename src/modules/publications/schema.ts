import { sql } from 'drizzle-orm';
import { boolean, customType, index, integer, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { files } from '../../platform/files/schema.ts';
import { ARTICLE_CATEGORIES, ARTICLE_RUBRICS, DOCUMENT_KINDS } from './vocabulary.ts';

const tsvector = customType<{ data: string }>({ dataType: () => 'tsvector' });

/** Editable pages of the public site. `service` pages describe one of the syndicate's services. */
export const sitePages = pgTable('site_pages', {
  id: uuid().primaryKey().defaultRandom(),
  slug: text().notNull().unique(),
  kind: text({ enum: ['page', 'service'] }).notNull().default('page'),
  title: text().notNull(),
  body: text().notNull(),
  metaDescription: text().notNull().default(''),
  menuOrder: integer().notNull().default(0),
  published: boolean().notNull().default(false),
  updatedBy: uuid(),
  createdAt: timestamp({ withTimezone: true }).notNull(),
  updatedAt: timestamp({ withTimezone: true }).notNull(),
});

/**
 * Articles of the regulatory watch. Visible to the public when `status` is published and `publishAt` has
 * come: a scheduled article is simply a published one whose time has not come yet.
 */
export const articles = pgTable(
  'articles',
  {
    id: uuid().primaryKey().defaultRandom(),
    slug: text().notNull().unique(),
    title: text().notNull(),
    summary: text().notNull(),
    body: text().notNull(),
    category: text({ enum: ARTICLE_CATEGORIES }).notNull(),
    rubric: text({ enum: ARTICLE_RUBRICS }).notNull(),
    tags: text().array().notNull().default([]),
    status: text({ enum: ['draft', 'published'] }).notNull().default('draft'),
    publishAt: timestamp({ withTimezone: true }),
    authorId: uuid(),
    authorName: text().notNull(),
    sourceUrl: text(),
    /** Bumped by each revision; the edit form carries it to refuse overwriting someone else's change. */
    revision: integer().notNull().default(1),
    createdAt: timestamp({ withTimezone: true }).notNull(),
    updatedAt: timestamp({ withTimezone: true }).notNull(),
    /**
     * French stemming after unaccent (configuration `french_unaccent`, see the migration): "délibérations"
     * and "délibéré" share a stem, and ts_headline highlights the accented words of the original text.
     */
    search: tsvector().generatedAlwaysAs(
      sql`setweight(to_tsvector('public.french_unaccent'::regconfig, coalesce(title, '')), 'A') || setweight(to_tsvector('public.french_unaccent'::regconfig, coalesce(summary, '')), 'B') || setweight(to_tsvector('public.french_unaccent'::regconfig, coalesce(body, '')), 'C')`,
    ),
  },
  (t) => [index().on(t.status, t.publishAt), index().on(t.category), index().on(t.rubric), index('articles_search_index').using('gin', t.search)],
);

/** Each saved state of an article, for history and restore. */
export const articleRevisions = pgTable(
  'article_revisions',
  {
    id: uuid().primaryKey().defaultRandom(),
    articleId: uuid()
      .notNull()
      .references(() => articles.id, { onDelete: 'cascade' }),
    revision: integer().notNull(),
    title: text().notNull(),
    summary: text().notNull(),
    body: text().notNull(),
    category: text().notNull(),
    rubric: text().notNull(),
    tags: text().array().notNull().default([]),
    sourceUrl: text(),
    createdBy: uuid(),
    createdByName: text(),
    createdAt: timestamp({ withTimezone: true }).notNull(),
  },
  (t) => [uniqueIndex().on(t.articleId, t.revision)],
);

export const articleAttachments = pgTable(
  'article_attachments',
  {
    id: uuid().primaryKey().defaultRandom(),
    articleId: uuid()
      .notNull()
      .references(() => articles.id, { onDelete: 'cascade' }),
    fileId: uuid()
      .notNull()
      .references(() => files.id),
    title: text().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull(),
  },
  (t) => [index().on(t.articleId)],
);

/** Images usable in pages and articles; the alternative text is mandatory (RGAA). */
export const publicationImages = pgTable('publication_images', {
  id: uuid().primaryKey().defaultRandom(),
  fileId: uuid()
    .notNull()
    .references(() => files.id),
  alt: text().notNull(),
  createdAt: timestamp({ withTimezone: true }).notNull(),
});

/** Library of documents; `members` ones are only for signed-in users of member collectivities and staff. */
export const documents = pgTable('documents', {
  id: uuid().primaryKey().defaultRandom(),
  title: text().notNull(),
  description: text().notNull().default(''),
  kind: text({ enum: DOCUMENT_KINDS }).notNull(),
  visibility: text({ enum: ['public', 'members'] }).notNull(),
  createdAt: timestamp({ withTimezone: true }).notNull(),
  updatedAt: timestamp({ withTimezone: true }).notNull(),
});

export const documentVersions = pgTable(
  'document_versions',
  {
    id: uuid().primaryKey().defaultRandom(),
    documentId: uuid()
      .notNull()
      .references(() => documents.id, { onDelete: 'cascade' }),
    version: integer().notNull(),
    fileId: uuid()
      .notNull()
      .references(() => files.id),
    note: text().notNull().default(''),
    createdBy: uuid(),
    createdAt: timestamp({ withTimezone: true }).notNull(),
  },
  (t) => [uniqueIndex().on(t.documentId, t.version)],
);

/** A member contact's subscription to the digest of one category. */
export const newsletterSubscriptions = pgTable(
  'newsletter_subscriptions',
  {
    id: uuid().primaryKey().defaultRandom(),
    contactId: uuid().notNull(),
    organisationId: uuid().notNull(),
    email: text().notNull(),
    category: text({ enum: ARTICLE_CATEGORIES }).notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull(),
  },
  (t) => [uniqueIndex().on(t.contactId, t.category), index().on(t.organisationId)],
);

/** Each digest sent: which articles it carried, so the next one starts after them. */
export const newsletterIssues = pgTable('newsletter_issues', {
  id: uuid().primaryKey().defaultRandom(),
  articleIds: uuid().array().notNull(),
  recipients: integer().notNull(),
  sentBy: uuid(),
  sentAt: timestamp({ withTimezone: true }).notNull(),
});
