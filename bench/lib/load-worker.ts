/**
 * Load generator, run in its own process so that it never shares an event loop with a server it measures:
 * autocannon, recording every response time so that p95 is exact (autocannon's own summary has p97.5, not
 * p95). Reads its job as JSON in argv[2], prints the result as JSON.
 */
import autocannon from 'autocannon';
import { summarize } from './stats.ts';

export interface LoadJob {
  url: string;
  method: 'GET' | 'POST';
  headers: Record<string, string>;
  body?: string;
  connections: number;
  seconds: number;
}

const job = JSON.parse(process.argv[2]!) as LoadJob;
const times: number[] = [];
const r = await new Promise<autocannon.Result>((resolve, reject) => {
  const options = { url: job.url, method: job.method, headers: job.headers, body: job.body, connections: job.connections, duration: job.seconds };
  const instance = autocannon(options, (err, result) => (err ? reject(err) : resolve(result)));
  instance.on('response', (_client: unknown, _status: number, _bytes: number, ms: number) => {
    times.push(ms);
  });
});
const status: Record<string, number> = {};
for (const [code, v] of Object.entries(r.statusCodeStats ?? {})) status[code] = (v as { count: number }).count;
process.stdout.write(
  JSON.stringify({
    requests: times.length,
    seconds: r.duration,
    rps: Math.round((times.length / r.duration) * 10) / 10,
    latency: summarize(times),
    errors: r.errors,
    timeouts: r.timeouts,
    non2xx: r.non2xx,
    status,
  }),
);
