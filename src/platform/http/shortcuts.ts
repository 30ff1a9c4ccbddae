import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import type { Metrics } from './metrics.ts';
import { recordRequest, requestIdFrom } from './request-context.ts';

/** A response prepared in advance (a stored page): written out as is, with its own request id. */
export interface Prepared {
  /** The route pattern that produced it, for logs and metrics. */
  route: string;
  status: number;
  /**
   * Flat list `[name, value, name, value, …]`, lower-case names, final values (security headers, encoding,
   * length): only the request id is added. Node writes a flat list as it is, with no object to build.
   */
  headers: readonly string[];
  body: Uint8Array<ArrayBuffer> | null;
}

/**
 * Answers a request from memory without going through the app, or returns null to let the app answer.
 * Synchronous by design: anything that needs to wait (a database read) belongs to the app's own path.
 */
export type Shortcut = (req: IncomingMessage) => Prepared | null;

/**
 * The Node request listener: each shortcut first, then the app. A request answered by a shortcut still gets
 * its X-Request-Id, its log line and its metrics, like any other; it skips the Request/Response objects,
 * the router and the middleware chain, which are most of the cost of a stored page (see docs/benchmarks.md).
 */
export function withShortcuts(app: RequestListener, shortcuts: Shortcut[], log: Logger, metrics: Metrics): RequestListener {
  if (shortcuts.length === 0) return app;
  return (req, res) => {
    const started = process.hrtime.bigint();
    for (const shortcut of shortcuts) {
      const prepared = shortcut(req);
      if (prepared) return write(req, res, prepared, started, log, metrics);
    }
    return app(req, res);
  };
}

function write(req: IncomingMessage, res: ServerResponse, p: Prepared, started: bigint, log: Logger, metrics: Metrics): void {
  const incoming = req.headers['x-request-id'];
  const requestId = requestIdFrom(typeof incoming === 'string' ? incoming : undefined);
  res.writeHead(p.status, [...p.headers, 'x-request-id', requestId]);
  res.end(p.body ?? undefined);
  const url = req.url ?? '/';
  const query = url.indexOf('?');
  recordRequest(log, metrics, { requestId, method: req.method ?? 'GET', path: query < 0 ? url : url.slice(0, query), route: p.route, status: p.status, started });
}
