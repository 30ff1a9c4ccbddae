import { bigint, boolean, index, integer, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { organisations } from '../members/index.ts';

export const users = pgTable(
  'users',
  {
    id: uuid().primaryKey().defaultRandom(),
    organisationId: uuid()
      .notNull()
      .references(() => organisations.id),
    /** Stored lower-cased: e-mail addresses are matched case-insensitively. */
    email: text().notNull().unique(),
    name: text().notNull(),
    /** Staff roles for the syndicate's users, member roles for a collectivity's. */
    roles: text().array().notNull().default([]),
    passwordHash: text(),
    active: boolean().notNull().default(true),
    /** Base32 TOTP secret; set while enrolling, trusted once totpEnabledAt is set. */
    totpSecret: text(),
    totpEnabledAt: timestamp({ withTimezone: true }),
    /** The 30-second step of the last TOTP code accepted: a code is accepted once, never replayed. */
    totpLastStep: bigint({ mode: 'number' }),
    /** SHA-256 of the unused recovery codes; a code is removed when used. */
    recoveryCodeHashes: text().array().notNull().default([]),
    lastSignInAt: timestamp({ withTimezone: true }),
    passwordChangedAt: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull(),
    updatedAt: timestamp({ withTimezone: true }).notNull(),
  },
  (t) => [index().on(t.organisationId)],
);

/** Server-side sessions; the cookie carries a random token whose SHA-256 is the key. */
export const sessions = pgTable(
  'sessions',
  {
    id: uuid().primaryKey().defaultRandom(),
    tokenHash: text().notNull().unique(),
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    csrfToken: text().notNull(),
    /** True between a correct password and the second factor: such a session authenticates nothing. */
    mfaPending: boolean().notNull().default(false),
    createdAt: timestamp({ withTimezone: true }).notNull(),
    lastSeenAt: timestamp({ withTimezone: true }).notNull(),
    expiresAt: timestamp({ withTimezone: true }).notNull(),
    userAgent: text(),
    ip: text(),
  },
  (t) => [index().on(t.userId)],
);

/** Bearer tokens for API clients: only the SHA-256 is stored; the prefix helps people recognise them. */
export const apiTokens = pgTable(
  'api_tokens',
  {
    id: uuid().primaryKey().defaultRandom(),
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    name: text().notNull(),
    prefix: text().notNull(),
    tokenHash: text().notNull().unique(),
    scopes: text().array().notNull(),
    expiresAt: timestamp({ withTimezone: true }).notNull(),
    lastUsedAt: timestamp({ withTimezone: true }),
    revokedAt: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull(),
  },
  (t) => [index().on(t.userId)],
);

/** Single-use links sent by e-mail: invitations (7 days) and password resets (1 hour). */
export const userTokens = pgTable(
  'user_tokens',
  {
    id: uuid().primaryKey().defaultRandom(),
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    kind: text({ enum: ['invitation', 'reset'] }).notNull(),
    tokenHash: text().notNull().unique(),
    expiresAt: timestamp({ withTimezone: true }).notNull(),
    usedAt: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull(),
  },
  (t) => [index().on(t.userId)],
);

/**
 * Failed sign-in counters per account and per IP, in the database so that every instance behind a load
 * balancer sees the same counts.
 */
export const signInThrottle = pgTable('sign_in_throttle', {
  key: text().primaryKey(),
  failures: integer().notNull().default(0),
  windowStartedAt: timestamp({ withTimezone: true }).notNull(),
  lockedUntil: timestamp({ withTimezone: true }),
  updatedAt: timestamp({ withTimezone: true }).notNull(),
});

/** E-mail domains whose OpenID Connect users get an account automatically, in a member organisation. */
export const oidcDomains = pgTable('oidc_domains', {
  id: uuid().primaryKey().defaultRandom(),
  domain: text().notNull().unique(),
  organisationId: uuid()
    .notNull()
    .references(() => organisations.id, { onDelete: 'cascade' }),
  defaultRole: text({ enum: ['manager', 'agent'] }).notNull().default('agent'),
  createdAt: timestamp({ withTimezone: true }).notNull(),
});
