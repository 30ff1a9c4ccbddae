import { createServer, request, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

/** The process's memory once garbage is collected: what requests left behind, not what awaits collection. */
export function settledMemory(): NodeJS.MemoryUsage {
  gc();
  gc();
  return process.memoryUsage();
}

export interface Listening {
  port: number;
  close(): Promise<void>;
}

/** The app's Node listener on a real socket (loopback, free port). */
export async function listen(listener: RequestListener): Promise<Listening> {
  const server: Server = createServer(listener);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export interface Flooded {
  status: number;
  body: string;
  contentType: string;
  /** Bytes the client managed to write before the answer came (or the connection closed). */
  written: number;
}

/**
 * Sends `totalBytes` as a chunked body (no Content-Length), `chunk` after `chunk`, and stops as soon as the
 * server answers: what an attacker streaming a huge body sees.
 */
export function flood(port: number, path: string, opts: { contentType: string; totalBytes: number; chunk: Buffer; headers?: Record<string, string> }): Promise<Flooded> {
  return new Promise((resolve, reject) => {
    let written = 0;
    let answered = false;
    const req = request({ host: '127.0.0.1', port, path, method: 'POST', headers: { 'content-type': opts.contentType, 'transfer-encoding': 'chunked', origin: `http://127.0.0.1:${port}`, ...opts.headers } });
    req.on('response', (res) => {
      answered = true;
      const parts: Buffer[] = [];
      res.on('data', (d: Buffer) => parts.push(d));
      res.on('end', () => {
        resolve({ status: res.statusCode ?? 0, body: Buffer.concat(parts).toString('utf8'), contentType: String(res.headers['content-type'] ?? ''), written });
        req.destroy();
      });
    });
    req.on('error', (err) => {
      if (!answered) reject(err);
    });
    const pump = () => {
      while (!answered && !req.destroyed && written < opts.totalBytes) {
        written += opts.chunk.length;
        if (!req.write(opts.chunk)) return void req.once('drain', pump);
      }
      if (!answered && !req.destroyed) req.end();
    };
    pump();
  });
}
