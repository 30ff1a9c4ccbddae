import { randomUUID } from 'node:crypto';
import type { Context } from 'hono';
import { createMiddleware } from 'hono/factory';
import { matchedRoutes } from 'hono/route';
import type { Logger } from 'pino';
import type { AppEnv } from './types.ts';
import type { Metrics } from './metrics.ts';

const SAFE_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** The caller's request id when it is a safe token, else a new one. */
export function requestIdFrom(incoming: string | undefined): string {
  return incoming && SAFE_ID.test(incoming) ? incoming : randomUUID();
}

/** The route pattern that answered (`/veille/:slug`), for logs and metrics: never the raw path. */
export function routeOf(c: Context): string {
  return matchedRoutes(c).filter((r) => r.method !== 'ALL').at(-1)?.path ?? 'unmatched';
}

export interface Answered {
  requestId: string;
  method: string;
  path: string;
  route: string;
  status: number;
  /** process.hrtime.bigint() when the request arrived. */
  started: bigint;
}

/** One JSON log line and the metrics of a request, however it was answered. */
export function recordRequest(log: Logger, metrics: Metrics, r: Answered): void {
  const seconds = Number(process.hrtime.bigint() - r.started) / 1e9;
  metrics.observe(r.method, r.route, r.status, seconds);
  log.info({ requestId: r.requestId, method: r.method, path: r.path, route: r.route, status: r.status, durationMs: Math.round(seconds * 1e4) / 10 }, 'request');
}

/** Request id in and out, one JSON log line per request with status and duration, metrics per route. */
export function requestContext(log: Logger, metrics: Metrics) {
  return createMiddleware<AppEnv>(async (c, next) => {
    const requestId = requestIdFrom(c.req.header('x-request-id'));
    const started = process.hrtime.bigint();
    c.set('requestId', requestId);
    c.set('log', log.child({ requestId }));
    c.header('X-Request-Id', requestId);
    try {
      await next();
    } finally {
      recordRequest(log, metrics, { requestId, method: c.req.method, path: c.req.path, route: routeOf(c), status: c.res.status, started });
    }
  });
}
