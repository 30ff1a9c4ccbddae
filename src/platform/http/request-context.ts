import { randomUUID } from 'node:crypto';
import { createMiddleware } from 'hono/factory';
import { matchedRoutes } from 'hono/route';
import type { Logger } from 'pino';
import type { AppEnv } from './types.ts';
import type { Metrics } from './metrics.ts';

const SAFE_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** Request id in and out, one JSON log line per request with status and duration, metrics per route. */
export function requestContext(log: Logger, metrics: Metrics) {
  return createMiddleware<AppEnv>(async (c, next) => {
    const incoming = c.req.header('x-request-id');
    const requestId = incoming && SAFE_ID.test(incoming) ? incoming : randomUUID();
    const started = process.hrtime.bigint();
    c.set('requestId', requestId);
    c.set('log', log.child({ requestId }));
    c.header('X-Request-Id', requestId);
    try {
      await next();
    } finally {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      const route = matchedRoutes(c).filter((r) => r.method !== 'ALL').at(-1)?.path ?? 'unmatched';
      const status = c.res.status;
      metrics.observe(c.req.method, route, status, seconds);
      log.info(
        { requestId, method: c.req.method, path: c.req.path, route, status, durationMs: Math.round(seconds * 1e4) / 10 },
        'request',
      );
    }
  });
}
