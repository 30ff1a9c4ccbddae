import { createHash, timingSafeEqual } from 'node:crypto';
import { Hono } from 'hono';
import type { DbHandle } from '../db/open.ts';
import { arrivedDuringDrain } from './drain.ts';
import type { Metrics } from './metrics.ts';

/** A database that neither answers nor refuses (network black hole) must not hold the probe longer. */
export const READY_TIMEOUT_MS = 2_000;

/** Whether the request carries `Authorization: Bearer <token>` (compared in constant time). */
function bearerMatches(header: string | undefined, token: string): boolean {
  const digest = (s: string) => createHash('sha256').update(s).digest();
  return timingSafeEqual(digest(header ?? ''), digest(`Bearer ${token}`));
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`pas de réponse en ${ms} ms`)), ms);
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}

/**
 * Liveness (the process answers), readiness (the database answers and the instance is not stopping: a load
 * balancer stops sending traffic while it is not ready, and resumes by itself once the database is back) and
 * Prometheus metrics, served only to the bearer of METRICS_TOKEN (404 to anyone else, and to everyone when the
 * variable is unset).
 */
export function healthRoutes(handle: DbHandle, metrics: Metrics, metricsToken: string | undefined) {
  return new Hono()
    .get('/healthz', (c) => c.json({ status: 'ok' }))
    .get('/readyz', async (c) => {
      // Stopping (SIGTERM): still serving for the drain delay, but the proxy must send new requests elsewhere.
      if (arrivedDuringDrain(c.env)) return c.json({ status: 'unavailable', database: handle.driver, error: 'arrêt en cours' }, 503);
      try {
        await withTimeout(handle.ping(READY_TIMEOUT_MS), READY_TIMEOUT_MS);
        return c.json({ status: 'ok', database: handle.driver });
      } catch (err) {
        return c.json({ status: 'unavailable', database: handle.driver, error: (err as Error).message }, 503);
      }
    })
    .get('/metrics', async (c) => {
      if (!metricsToken || !bearerMatches(c.req.header('authorization'), metricsToken)) return c.notFound();
      return c.body(await metrics.registry.metrics(), 200, { 'Content-Type': metrics.registry.contentType });
    });
}
