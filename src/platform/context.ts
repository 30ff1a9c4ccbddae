import type { Logger } from 'pino';
import type { Config } from '../config.ts';
import type { Db } from './db/types.ts';
import type { Role } from './auth/permissions.ts';

export interface Clock {
  now(): Date;
}
export const systemClock: Clock = { now: () => new Date() };

/** Who is acting. Staff belong to the syndicate's organisation; members' users to their collectivity. */
export interface Actor {
  userId: string;
  email: string;
  name: string;
  organisationId: string;
  /** `syndicate` for the syndicate's staff, `member` for a member collectivity's users. */
  side: 'syndicate' | 'member';
  roles: Role[];
  sessionId?: string;
  /** The session's CSRF token, echoed in forms (`_csrf`) and in the X-CSRF-Token header. */
  csrfToken?: string;
  /** Set when the request is authenticated by an API token: only these scopes apply. */
  tokenScopes?: string[];
}

/** What every use case receives: `fn(ctx, input)`. A plain object; no container. */
export interface Ctx {
  db: Db;
  actor: Actor | null;
  clock: Clock;
  log: Logger;
  config: Config;
  requestId?: string;
}
