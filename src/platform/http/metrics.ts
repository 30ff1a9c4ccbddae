import { Counter, Histogram, Gauge, Registry, collectDefaultMetrics } from 'prom-client';

export interface Metrics {
  registry: Registry;
  observe(method: string, route: string, status: number, seconds: number): void;
}

/** One registry per app: requests and durations per route, the database pool, event-loop lag (defaults). */
export function createMetrics(poolStats: () => { total: number; idle: number; waiting: number }): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'mutualis_' });
  const labelNames = ['method', 'route', 'status'] as const;
  const requests = new Counter({ name: 'mutualis_http_requests_total', help: 'HTTP requests', labelNames, registers: [registry] });
  const durations = new Histogram({
    name: 'mutualis_http_request_duration_seconds',
    help: 'HTTP request duration',
    labelNames,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });
  for (const key of ['total', 'idle', 'waiting'] as const) {
    new Gauge({
      name: `mutualis_db_pool_${key}`,
      help: `Database pool connections (${key})`,
      registers: [registry],
      collect() {
        this.set(poolStats()[key]);
      },
    });
  }
  return {
    registry,
    observe(method, route, status, seconds) {
      const labels = { method, route, status: String(status) };
      requests.inc(labels);
      durations.observe(labels, seconds);
    },
  };
}
