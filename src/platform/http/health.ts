import { Hono } from 'hono';
import type { DbHandle } from '../db/open.ts';
import type { Metrics } from './metrics.ts';

/** A database that neither answers nor refuses (network black hole) must not hold the probe longer. */
const READY_TIMEOUT_MS = 2_000;

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`pas de réponse en ${ms} ms`)), ms);
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}

/**
 * Liveness (the process answers), readiness (the database answers: a load balancer stops sending traffic
 * while it does not, and resumes by itself once it is back) and Prometheus metrics.
 */
export function healthRoutes(handle: DbHandle, metrics: Metrics) {
  return new Hono()
    .get('/healthz', (c) => c.json({ status: 'ok' }))
    .get('/readyz', async (c) => {
      try {
        await withTimeout(handle.ping(READY_TIMEOUT_MS), READY_TIMEOUT_MS);
        return c.json({ status: 'ok', database: handle.driver });
      } catch (err) {
        return c.json({ status: 'unavailable', database: handle.driver, error: (err as Error).message }, 503);
      }
    })
    .get('/metrics', async (c) =>
      c.body(await metrics.registry.metrics(), 200, { 'Content-Type': metrics.registry.contentType }),
    );
}
