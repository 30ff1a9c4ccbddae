import type { OpenAPIHono } from '@hono/zod-openapi';
import type { Logger } from 'pino';
import type { Config } from '../config.ts';
import type { Clock } from './context.ts';
import type { DbHandle } from './db/open.ts';
import type { Shortcut } from './http/shortcuts.ts';
import type { AppEnv } from './http/types.ts';
import type { NavItem } from './ui/layout.tsx';

/** What the process gives the app: built once in main.ts (or a test), passed down. */
export interface AppDeps {
  handle: DbHandle;
  config: Config;
  log: Logger;
  clock: Clock;
}

/** A business capability mounted into the app. */
export interface Module {
  name: string;
  /** Entries of the main navigation, in order. */
  nav?: NavItem[];
  /**
   * Middleware that must run before security headers, compression, sessions and CSRF (a page cache); may
   * return a shortcut, tried by the Node listener before the app is entered at all.
   */
  front?(app: OpenAPIHono<AppEnv>, deps: AppDeps): Shortcut | void;
  /**
   * Routes carrying their own credential (a signed link, a shared secret) instead of a session: mounted
   * before the CSRF check, which would refuse them.
   */
  ownCredential?(app: OpenAPIHono<AppEnv>, deps: AppDeps): void;
  /** Adds the module's API (/api/v1/...) and page routes. */
  mount(app: OpenAPIHono<AppEnv>, deps: AppDeps): void;
}
