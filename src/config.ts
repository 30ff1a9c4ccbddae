import { z } from 'zod';
import { resolve } from 'node:path';

const bool = z
  .enum(['0', '1', 'true', 'false', 'yes', 'no'])
  .transform((v) => v === '1' || v === 'true' || v === 'yes');
const int = (min: number, max: number) => z.coerce.number().int().min(min).max(max);

/**
 * Every environment variable the product reads, with its default. The README's configuration table is
 * written from this list; keep both in step.
 */
const schema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: int(0, 65535).default(3000),
  HOST: z.string().min(1).default('0.0.0.0'),
  PUBLIC_URL: z.url().optional(),
  DATA_DIR: z.string().min(1).default('./data'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'doit commencer par postgres:// / must start with postgres://')
    .optional(),
  DB_POOL_SIZE: int(1, 200).default(10),
  DEMO: bool.optional(),
  ADMIN_EMAIL: z.email().default('admin@localhost'),
  ADMIN_PASSWORD: z.string().min(12, '12 caractères au moins / at least 12 characters').optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  SMTP_URL: z.string().regex(/^smtps?:\/\//, 'doit commencer par smtp:// ou smtps://').optional(),
  /** Helpdesk mailbox polled for inbound requests, e.g. imaps://user:password@imap.example.org:993 */
  IMAP_URL: z.string().regex(/^imaps?:\/\//, 'doit commencer par imap:// ou imaps://').optional(),
  IMAP_MAILBOX: z.string().min(1).default('INBOX'),
  /** Shared secret of the inbound-mail HTTP endpoint (header X-Inbound-Secret); unset: endpoint off. */
  INBOUND_MAIL_SECRET: z.string().min(16, '16 caractères au moins / at least 16 characters').optional(),
  MAIL_FROM: z.string().min(3).default('Mutualis <no-reply@localhost>'),
  SESSION_IDLE_MINUTES: int(5, 60 * 24 * 30).default(120),
  SESSION_MAX_HOURS: int(1, 24 * 90).default(12),
  TOTP_REQUIRED_FOR_STAFF: bool.default(false),
  OIDC_ISSUER: z.url().optional(),
  OIDC_CLIENT_ID: z.string().min(1).optional(),
  OIDC_CLIENT_SECRET: z.string().min(1).optional(),
  OIDC_LABEL: z.string().min(1).default('ProConnect'),
  SHUTDOWN_TIMEOUT_MS: int(0, 600_000).default(10_000),
  /** After SIGTERM, how long the instance keeps serving while /readyz answers 503 (a proxy's time to notice). */
  SHUTDOWN_DRAIN_MS: int(0, 300_000).default(5_000),
  TRUST_PROXY: bool.default(false),
  SYNDICATE_NAME: z.string().min(2).default("Territoire d'Énergie 90"),
  /** Largest request body accepted by forms and JSON routes, in bytes (checked before the body is read). */
  BODY_LIMIT_BYTES: int(16 * 1024, 64 * 1024 * 1024).default(1024 * 1024),
  /** Largest request body accepted by routes that receive a file (attachments, documents, raw e-mails). */
  UPLOAD_LIMIT_BYTES: int(1024 * 1024, 1024 * 1024 * 1024).default(32 * 1024 * 1024),
  /** Bearer token required to read /metrics; unset: /metrics answers 404. */
  METRICS_TOKEN: z.string().min(32, '32 caractères au moins / at least 32 characters').optional(),
  /**
   * authserv-id of the relay whose `Authentication-Results` header is trusted for inbound mail (DKIM, SPF,
   * DMARC checked by the relay); unset: the message's DKIM signature and SPF are verified here.
   */
  INBOUND_TRUST_AUTH_RESULTS: z.string().min(1).optional(),
  /** Signs links that must outlive a restart (newsletter unsubscribe). Required in production. */
  SECRET_KEY: z.string().min(32, '32 caractères au moins / at least 32 characters').optional(),
});

/** The names of every variable the product reads (the README's configuration table lists them all). */
export const CONFIG_KEYS = Object.keys(schema.shape);

export type Env = z.input<typeof schema>;
type Parsed = z.output<typeof schema>;

export interface Config extends Omit<Parsed, 'DEMO' | 'PUBLIC_URL' | 'DATA_DIR'> {
  DATA_DIR: string;
  PUBLIC_URL: string;
  /** Load the demo data set on first start (default: on with the embedded database, off with PostgreSQL). */
  DEMO: boolean;
  /** `pglite` when DATABASE_URL is unset. */
  dbDriver: 'pglite' | 'pg';
  secureCookies: boolean;
}

export class ConfigError extends Error {
  constructor(public readonly issues: string[]) {
    super(
      `Configuration invalide / invalid configuration:\n${issues.map((i) => `  - ${i}`).join('\n')}`,
    );
    this.name = 'ConfigError';
  }
}

/** Parses the environment once; the result is passed down, never read again from process.env. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const input: Record<string, string> = {};
  for (const key of Object.keys(schema.shape)) {
    const value = env[key];
    if (value !== undefined && value !== '') input[key] = value;
  }
  const parsed = schema.safeParse(input);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message} (valeur: ${JSON.stringify(input[String(i.path[0])])})`),
    );
  }
  const c = parsed.data;
  if (c.NODE_ENV === 'production' && !c.SECRET_KEY) {
    throw new ConfigError(['SECRET_KEY: obligatoire en production / required in production (32 caractères au moins)']);
  }
  const dbDriver = c.DATABASE_URL ? 'pg' : 'pglite';
  const publicUrl = (c.PUBLIC_URL ?? `http://localhost:${c.PORT}`).replace(/\/$/, '');
  return {
    ...c,
    DATA_DIR: resolve(c.DATA_DIR),
    PUBLIC_URL: publicUrl,
    DEMO: c.DEMO ?? dbDriver === 'pglite',
    dbDriver,
    secureCookies: publicUrl.startsWith('https://'),
  };
}
