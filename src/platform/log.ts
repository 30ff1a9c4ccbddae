import pino, { type DestinationStream, type Logger } from 'pino';
import type { Config } from '../config.ts';

interface DbFailure {
  query?: unknown;
  params?: unknown;
  code?: unknown;
  cause?: unknown;
}

/** The database error in an error's cause chain (a failed query or a PostgreSQL error with its SQLSTATE). */
function databaseFailure(err: unknown): DbFailure | null {
  for (let e = err as DbFailure | undefined, depth = 0; e && typeof e === 'object' && depth < 4; e = e.cause as DbFailure | undefined, depth++) {
    if ('params' in e && 'query' in e) return e;
    if (typeof e.code === 'string' && /^[0-9A-Z]{5}$/.test(e.code) && ('severity' in e || 'routine' in e)) return e;
  }
  return null;
}

const PG_FIELDS = ['code', 'constraint', 'table', 'column', 'schema', 'routine', 'severity'] as const;

/**
 * Errors in the log: a database failure keeps its SQLSTATE, constraint, table and the query's text (with
 * its placeholders), never the parameters, the server's message or its detail, which quote the values
 * sent (user input). Any other error keeps pino's standard form.
 */
export function serializeError(err: unknown): unknown {
  if (!(err instanceof Error) || !databaseFailure(err)) return pino.stdSerializers.err(err as Error);
  const out: Record<string, unknown> = { type: err.constructor.name, message: 'Échec de requête en base de données' };
  for (let e = err as unknown as DbFailure & Record<string, unknown>, depth = 0; e && typeof e === 'object' && depth < 4; e = e.cause as typeof e, depth++) {
    if (typeof e.query === 'string' && out.query === undefined) out.query = e.query;
    for (const field of PG_FIELDS) if (typeof e[field] === 'string' && out[field] === undefined) out[field] = e[field];
  }
  // The stack's first line repeats the message (the parameters): only the frames are kept.
  out.stack = (err.stack ?? '').split('\n').filter((line) => /^\s+at /.test(line)).join('\n');
  return out;
}

export function createLogger(config: Pick<Config, 'LOG_LEVEL'>, destination?: DestinationStream): Logger {
  const options = { level: config.LOG_LEVEL, base: { app: 'mutualis' }, timestamp: pino.stdTimeFunctions.isoTime, serializers: { err: serializeError } };
  return destination ? pino(options, destination) : pino(options);
}
