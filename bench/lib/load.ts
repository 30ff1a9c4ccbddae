import { execFile } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import { promisify } from 'node:util';
import type { Summary } from './stats.ts';
import type { LoadJob } from './load-worker.ts';

const run = promisify(execFile);
const WORKER = new URL('./load-worker.ts', import.meta.url).pathname;

export interface LoadResult {
  requests: number;
  seconds: number;
  rps: number;
  latency: Summary;
  errors: number;
  timeouts: number;
  non2xx: number;
  status: Record<string, number>;
}

/** Runs one autocannon measurement in a child process (node --import tsx). */
export async function measure(job: LoadJob): Promise<LoadResult> {
  const { stdout } = await run(process.execPath, ['--import', 'tsx', WORKER, JSON.stringify(job)], { maxBuffer: 16 * 1024 * 1024 });
  return JSON.parse(stdout) as LoadResult;
}

/** A bare node:http server answering the same status, type and bytes to every request: this machine's ceiling. */
export function bareServer(status: number, type: string, body: Buffer): Promise<{ url: string; close(): Promise<void> }> {
  const server: Server = createServer((req, res) => {
    // Read the request body (a POST) before answering, as the app must.
    req.resume();
    req.on('end', () => {
      res.writeHead(status, { 'Content-Type': type, 'Content-Length': body.length });
      res.end(body);
    });
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({
        url: `http://127.0.0.1:${(server.address() as { port: number }).port}`,
        close: () => new Promise<void>((done) => server.close(() => done())),
      }),
    ),
  );
}
