/**
 * Load client run in its own process, behaving as a reverse proxy in front of one instance: it sends `rate`
 * requests a second over keep-alive connections and checks `/readyz` every `readyEveryMs`. Once `/readyz`
 * stops answering 200, it sends `graceMs` longer (the proxy's workers learning the news), then no more, and
 * waits for the answers. Every request is counted: answered by class, or lost with its socket error.
 * Bounded by `maxRequests` and `maxMs`. Reads its job as JSON in argv[2]; prints `loaded` once `warmup`
 * answers have come back (the moment to send the signal), then the result as one JSON line.
 */
import { Agent, request } from 'node:http';

export interface LoadJob {
  port: number;
  paths: string[];
  rate: number;
  readyEveryMs: number;
  graceMs: number;
  warmup: number;
  maxRequests: number;
  maxMs: number;
}

export interface LoadResult {
  sent: number;
  answered: Record<string, number>;
  /** Requests that got no answer, by socket error. */
  lost: Record<string, number>;
  /** Answers carrying `Connection: close`. */
  closing: number;
  /** `/readyz` answers by status (or error), and when it first stopped answering 200. */
  ready: Record<string, number>;
  notReadyAt: number | null;
  lastAnswerAt: number;
  startedAt: number;
}

const job = JSON.parse(process.argv[2]!) as LoadJob;
const agent = new Agent({ keepAlive: true, maxSockets: 32 });
const probeAgent = new Agent({ keepAlive: true, maxSockets: 1 });
const result: LoadResult = { sent: 0, answered: {}, lost: {}, closing: 0, ready: {}, notReadyAt: null, lastAnswerAt: 0, startedAt: Date.now() };
const count = (into: Record<string, number>, key: string) => (into[key] = (into[key] ?? 0) + 1);

function get(path: string, via: Agent): Promise<{ status: number; closing: boolean } | { error: string }> {
  return new Promise((resolve) => {
    const req = request({ host: '127.0.0.1', port: job.port, path, agent: via }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode ?? 0, closing: res.headers.connection === 'close' }));
      res.on('error', (e: NodeJS.ErrnoException) => resolve({ error: e.code ?? e.message }));
    });
    req.on('error', (e: NodeJS.ErrnoException) => resolve({ error: e.code ?? e.message }));
    req.end();
  });
}

let answers = 0;
let announced = false;
const inFlight = new Set<Promise<void>>();
function send() {
  const path = job.paths[result.sent % job.paths.length]!;
  result.sent++;
  const p = get(path, agent).then((r) => {
    inFlight.delete(p);
    if ('error' in r) {
      count(result.lost, r.error);
      return;
    }
    count(result.answered, `${Math.floor(r.status / 100)}xx`);
    if (r.closing) result.closing++;
    result.lastAnswerAt = Date.now();
    if (++answers >= job.warmup && !announced) {
      announced = true;
      process.stdout.write('loaded\n');
    }
  });
  inFlight.add(p);
}

let stopSendingAt = Number.POSITIVE_INFINITY;
const deadline = result.startedAt + job.maxMs;

async function probe() {
  while (result.notReadyAt === null && Date.now() < deadline) {
    const r = await get('/readyz', probeAgent);
    const key = 'error' in r ? r.error : String(r.status);
    count(result.ready, key);
    if (key !== '200') {
      result.notReadyAt = Date.now();
      stopSendingAt = result.notReadyAt + job.graceMs;
      return;
    }
    await new Promise((r) => setTimeout(r, job.readyEveryMs));
  }
}

async function load() {
  for (;;) {
    const now = Date.now();
    if (now >= stopSendingAt || now >= deadline || result.sent >= job.maxRequests) break;
    const due = Math.min(job.maxRequests, Math.floor(((now - result.startedAt) * job.rate) / 1000));
    while (result.sent < due) send();
    await new Promise((r) => setTimeout(r, 5));
  }
  // Every request sent gets its answer or its error; the server's own timeouts bound the wait.
  while (inFlight.size) await Promise.all([...inFlight]);
}

await Promise.all([probe(), load()]);
agent.destroy();
probeAgent.destroy();
process.stdout.write(`${JSON.stringify(result)}\n`);
