import type { Role } from '../../src/platform/auth/permissions.ts';
import type { TestApp } from '../helpers/app.ts';
import type { signedInMember } from '../helpers/factories.ts';

/**
 * Tenant-isolation harness. Each module describes, in `test/isolation/cases/<module>.ts`, the requests a
 * user of member A must NOT be able to make on member B's resources; `isolation.test.ts` runs them and
 * `coverage.test.ts` fails when a route of the app is neither covered nor exempted. See docs/identity.md.
 */

/** `METHOD /path/:param`, exactly as Hono lists it in `app.routes` (OpenAPI `{id}` becomes `:id`). */
export type RouteKey = string;

export type Member = Awaited<ReturnType<typeof signedInMember>>;

export interface IsolationEnv {
  t: TestApp;
  /** The attacking collectivity; its manager is signed in. */
  a: Member;
  /** The victim collectivity; its manager (signed in) owns the resources and runs the controls. */
  b: Member;
}

export interface IsolationTarget {
  /** The route this request exercises; must be one of the case's `routes`. */
  route: RouteKey;
  /** The concrete URL, with member B's identifiers. */
  path: string;
  /** Posted as a form (`_csrf` added by the harness), or as JSON (X-CSRF-Token added). */
  form?: Record<string, string | string[]>;
  json?: unknown;
  /**
   * Who proves the request is meaningful (so a wrong URL cannot pass as "refused"): B's own manager
   * (`owner`, default), a syndicate admin (`staff`, for routes members never reach), or nobody (`none`,
   * e.g. a second destructive call). The control must answer below 400, and a JSON list it gets must not be
   * empty; reads are controlled before A's attempts, writes after.
   */
  control?: 'owner' | 'staff' | 'none';
  /**
   * `refused` (default): A gets 403 or 404. `filtered`: a list or search A may open, whose answer must not
   * contain B's secrets; the control (never `none`) must show at least one of them that the page's frame
   * does not already show, so that an empty list cannot pass for a filtered one.
   */
  expect?: 'refused' | 'filtered';
}

export type IsolationSetup = Promise<{ targets: IsolationTarget[]; secrets?: string[] }>;

export interface IsolationCase {
  name: string;
  /** Every route the case's targets exercise (read without running the setup, by the coverage test). */
  routes: RouteKey[];
  /** The roles of A's attackers: each is tried (default: a manager). */
  attackers?: Role[][];
  /** Creates B's resources; returns the requests to try and texts of B that must never show (names...). */
  setup(env: IsolationEnv): IsolationSetup;
}

export interface RouteExemption {
  route: RouteKey;
  /** Why no member can reach another member's data through it (public page, own data only, staff only…). */
  reason: string;
}

export interface ModuleIsolation {
  module: string;
  cases: IsolationCase[];
  exemptions: RouteExemption[];
}

/** What a cases file exports as default. */
export function defineIsolation(spec: ModuleIsolation): ModuleIsolation {
  return spec;
}

export const routeMethod = (key: RouteKey) => key.slice(0, key.indexOf(' '));
export const routePath = (key: RouteKey) => key.slice(key.indexOf(' ') + 1);

/** Whether a concrete path matches a Hono route pattern (`:param`, `:param{regex}`, trailing `*`). */
export function pathMatches(pattern: string, path: string): boolean {
  const bare = path.split('?')[0]!;
  const source = pattern
    .split('/')
    .map((seg) => {
      if (seg === '*') return '.*';
      const param = /^:\w+(?:\{(.+)\})?$/.exec(seg);
      if (param) return param[1] ? `(?:${param[1]})` : '[^/]+';
      return seg.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    })
    .join('/');
  return new RegExp(`^${source}$`).test(bare);
}
