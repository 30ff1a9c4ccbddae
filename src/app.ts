import { OpenAPIHono, z } from '@hono/zod-openapi';
import { getRequestListener } from '@hono/node-server';
import { compress } from 'hono/compress';
import { createMiddleware } from 'hono/factory';
import type { AppDeps } from './platform/module.ts';
import type { AppEnv } from './platform/http/types.ts';
import { createMetrics } from './platform/http/metrics.ts';
import { requestContext } from './platform/http/request-context.ts';
import { withShortcuts, type Shortcut } from './platform/http/shortcuts.ts';
import { securityHeaders } from './platform/http/security.ts';
import { handleError, handleNotFound } from './platform/http/errors.tsx';
import { healthRoutes } from './platform/http/health.ts';
import { bodyLimits } from './platform/http/body-limit.ts';
import { rejectNulInBody, rejectNulInUrl } from './platform/http/nul-guard.ts';
import { staticRoutes } from './platform/http/assets.ts';
import { API_INFO, mountApiDocs } from './platform/http/docs.tsx';
import { readFlash } from './platform/ui/flash.ts';
import { responseCheck } from './platform/http/api.ts';
import { Invalid } from './platform/errors.ts';
import { resolveActor } from './modules/identity/index.ts';
import { csrfProtection } from './platform/auth/csrf.ts';
import { registerJobs } from './platform/jobs/index.ts';
import { mailJobs } from './platform/mail/index.ts';
import { modules } from './modules/index.ts';

/**
 * Builds the whole app: platform middleware first, then each module. No listening here: `app` answers
 * `app.request()` (tests) and `listener()` gives what a Node server runs (the modules' shortcuts, then `app`).
 */
export function createApp(deps: AppDeps) {
  // Validation messages reach people: French ones.
  z.config(z.locales.fr());
  registerJobs([...mailJobs, ...modules.flatMap((m) => m.jobs ?? [])], deps.config);
  const metrics = createMetrics(() => deps.handle.poolStats());
  const app = new OpenAPIHono<AppEnv>({
    // zod validation failures become the product's French 422 error.
    defaultHook: (result) => {
      if (!result.success) {
        const fields: Record<string, string> = {};
        for (const issue of result.error.issues) fields[issue.path.join('.') || '_'] = issue.message;
        throw new Invalid('Les données envoyées ne sont pas valides.', fields);
      }
    },
  });
  const nav = modules.flatMap((m) => m.nav ?? []);

  app.onError(handleError);
  app.notFound(handleNotFound);
  app.use(requestContext(deps.log, metrics));
  const shortcuts: Shortcut[] = [];
  for (const m of modules) {
    const shortcut = m.front?.(app, deps);
    if (shortcut) shortcuts.push(shortcut);
  }
  app.use(securityHeaders(deps.config));
  app.use(compress());
  app.use(
    createMiddleware<AppEnv>(async (c, next) => {
      c.set('ui', { nav, siteName: deps.config.SYNDICATE_NAME });
      c.set('actor', null);
      c.set('ctx', {
        db: deps.handle.db,
        actor: null,
        clock: deps.clock,
        log: c.get('log'),
        config: deps.config,
        requestId: c.get('requestId'),
      });
      await next();
    }),
  );
  // Before anything reads a body (the CSRF check parses forms): over its route's limit, a 413 unread.
  app.use(bodyLimits({ body: deps.config.BODY_LIMIT_BYTES, upload: deps.config.UPLOAD_LIMIT_BYTES }, () => app.openAPIRegistry.definitions as never));
  app.use(rejectNulInUrl);
  app.route('/', healthRoutes(deps.handle, metrics, deps.config.METRICS_TOKEN));
  app.route('/', staticRoutes);
  app.use(readFlash);
  app.use(resolveActor);
  // Signed one-click links, shared-secret relays: their own credential, so before CSRF.
  for (const m of modules) m.ownCredential?.(app, deps);
  app.use(csrfProtection);
  app.use(rejectNulInBody);
  mountApiDocs(app);
  if (deps.config.NODE_ENV === 'test') app.use('/api/v1/*', responseCheck(() => app.openAPIRegistry.definitions as never));
  const mountDeps = { ...deps, memberTabs: modules.flatMap((m) => m.memberTabs ?? []) };
  for (const m of modules) m.mount(app, mountDeps);

  app.doc31('/api/openapi.json', { openapi: '3.1.0', info: API_INFO });
  // Built on demand: the Node adapter replaces the global Request and Response classes when it is set up.
  const listener = () => withShortcuts(getRequestListener(app.fetch, { hostname: deps.config.HOST }), shortcuts, deps.log, metrics);
  return { app, listener };
}

export type App = ReturnType<typeof createApp>['app'];
