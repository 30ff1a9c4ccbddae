import { chmodSync, unlinkSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { join } from 'node:path';
import type { Logger } from 'pino';
import type { DbHandle } from '../db/open.ts';
import { appliedMigrations } from '../backup/catalog.ts';
import { writeBackup } from '../backup/dump.ts';
import { codeMigrations } from '../backup/levels.ts';
import { withSnapshot } from '../backup/session.ts';

export const SOCKET_FILE = 'mutualis.sock';
/** sun_path is 108 bytes on Linux and 104 on macOS, terminating NUL included. */
const MAX_SOCKET_PATH = 103;

export function socketPath(dataDir: string): string {
  return join(dataDir, SOCKET_FILE);
}

export interface ControlServer {
  path: string;
  close(): Promise<void>;
}

export interface StatusReply {
  pid: number;
  port: number;
  driver: 'pglite' | 'pg';
  migrations: { applied: number; known: number };
}

/**
 * The running server's local door for the commands that must run beside it (online backup, status).
 * A unix socket in DATA_DIR, readable and writable by the server's own system user only (mode 0600): being
 * able to connect means being that user, who could read DATA_DIR anyway. Returns null when the path is too
 * long for a unix socket.
 */
export async function startControlServer(opts: { dataDir: string; handle: DbHandle; port: number; log: Logger }): Promise<ControlServer | null> {
  const path = socketPath(opts.dataDir);
  if (Buffer.byteLength(path) > MAX_SOCKET_PATH) {
    opts.log.warn({ path }, 'Chemin du socket de contrôle trop long : sauvegarde en ligne indisponible (raccourcissez DATA_DIR).');
    return null;
  }
  try {
    unlinkSync(path); // left by a crashed server: we hold the DATA_DIR lock, so it is not in use
  } catch {
    // none
  }
  const server = createServer((req, res) => {
    handle(req, res, opts).catch((err: unknown) => {
      opts.log.error({ err }, 'control socket request failed');
      if (!res.headersSent) reply(res, 500, { error: (err as Error).message });
      else res.destroy(err as Error);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(path, () => resolve());
  });
  chmodSync(path, 0o600);
  return {
    path,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function reply(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}

async function handle(req: IncomingMessage, res: ServerResponse, opts: { dataDir: string; handle: DbHandle; port: number; log: Logger }): Promise<void> {
  if (req.method === 'GET' && req.url === '/status') {
    const applied = await withSnapshot(opts.handle, (s) => appliedMigrations(s));
    const status: StatusReply = {
      pid: process.pid,
      port: opts.port,
      driver: opts.handle.driver,
      migrations: { applied: applied.length, known: codeMigrations().length },
    };
    reply(res, 200, status);
    return;
  }
  if (req.method === 'POST' && req.url === '/backup') {
    const started = Date.now();
    res.setHeader('content-type', 'application/gzip');
    const manifest = await writeBackup(opts.handle, opts.dataDir, res);
    const rows = manifest.tables.reduce((n, t) => n + t.rows, 0);
    opts.log.info({ rows, files: manifest.files.length, ms: Date.now() - started }, 'Sauvegarde en ligne produite');
    return;
  }
  reply(res, 404, { error: 'not found' });
}
