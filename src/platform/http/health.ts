import { Hono } from 'hono';
import type { DbHandle } from '../db/open.ts';
import type { Metrics } from './metrics.ts';

/** Liveness, readiness (the database answers) and Prometheus metrics. */
export function healthRoutes(handle: DbHandle, metrics: Metrics) {
  return new Hono()
    .get('/healthz', (c) => c.json({ status: 'ok' }))
    .get('/readyz', async (c) => {
      try {
        await handle.ping(2_000);
        return c.json({ status: 'ok', database: handle.driver });
      } catch (err) {
        return c.json({ status: 'unavailable', database: handle.driver, error: (err as Error).message }, 503);
      }
    })
    .get('/metrics', async (c) =>
      c.body(await metrics.registry.metrics(), 200, { 'Content-Type': metrics.registry.contentType }),
    );
}
