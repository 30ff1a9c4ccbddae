import type { OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { Child } from 'hono/jsx';
import type { Logger } from 'pino';
import type { Config } from '../config.ts';
import type { Actor, Clock, Ctx } from './context.ts';
import type { DbHandle } from './db/open.ts';
import type { Shortcut } from './http/shortcuts.ts';
import type { AppEnv } from './http/types.ts';
import type { JobDefinition } from './jobs/registry.ts';
import type { NavItem } from './ui/layout.tsx';

/** What the process gives the app: built once in main.ts (or a test), passed down. */
export interface AppDeps {
  handle: DbHandle;
  config: Config;
  log: Logger;
  clock: Clock;
}

/** A step of the demo data set. Steps run in ascending `order` (members 10, publications 20, memberships 30…). */
export interface DemoStep {
  name: string;
  order: number;
  run(ctx: Ctx, progress: (message: string) => void): Promise<void>;
}

/** The collectivity a member-sheet tab is drawn for (the members module's row satisfies it). */
export interface TabMember {
  id: string;
  name: string;
  kind: string;
}

/**
 * A tab of the member sheet (/membres/:id/<slug>), contributed by any module through its manifest. The
 * members module draws its own tabs at 0–50; other modules take 100 and above.
 */
export interface MemberTab<M extends TabMember = TabMember> {
  /** URL segment; "" for the first tab (identité). */
  slug: string;
  label: string;
  order: number;
  /** Whether the actor may see this tab for this member (default: anyone who may see the member). */
  visible?: (actor: Actor, member: M) => boolean;
  render: (c: Context<AppEnv>, member: M) => Promise<Child>;
}

/** What the app gives each module when it mounts: the process's dependencies and what other modules contribute. */
export interface MountDeps extends AppDeps {
  memberTabs: readonly MemberTab[];
}

/**
 * A business capability mounted into the app: its manifest (ADR 0003). Everything a module adds to the
 * process is declared here; nothing registers itself when a file is imported.
 */
export interface Module {
  name: string;
  /** Entries of the main navigation, in order. */
  nav?: NavItem[];
  /** Background jobs: handlers, and their schedules where they run on one. */
  jobs?: JobDefinition[];
  /** The module's part of the demo data set. */
  demo?: DemoStep;
  /** Tabs this module adds to the member sheet. */
  memberTabs?: MemberTab[];
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
  mount(app: OpenAPIHono<AppEnv>, deps: MountDeps): void;
}
