import { bareServer, measure, type LoadResult } from './load.ts';
import { sampleRss, type AppProcess } from './app-process.ts';
import type { Summary } from './stats.ts';
import type { Scenario } from './scenarios.ts';

export interface HttpRow {
  key: string;
  label: string;
  method: 'GET' | 'POST';
  path: string;
  public: boolean;
  bytes: number;
  app: LoadResult;
  bare: LoadResult;
  /** Resident memory of the app while it served this scenario, MiB. */
  rss: Summary | null;
}

/**
 * Each scenario against the app, then against a bare node:http server answering the same status, type
 * and bytes, one after the other in the same run: the ratio is this machine's, whatever its load.
 */
export async function httpBench(
  app: AppProcess,
  list: Scenario[],
  auth: { cookie: string; csrf: string },
  opts: { seconds: number; connections: number; log: (m: string) => void },
): Promise<HttpRow[]> {
  const rows: HttpRow[] = [];
  for (const s of list) {
    const headers: Record<string, string> = s.public ? {} : { cookie: auth.cookie };
    if (s.method === 'POST') Object.assign(headers, { 'content-type': 'application/json', 'x-csrf-token': auth.csrf });
    const probe = await fetch(app.url + s.path, { method: s.method, headers, body: s.body });
    const body = Buffer.from(await probe.arrayBuffer());
    if (probe.status >= 300) throw new Error(`${s.method} ${s.path} : ${probe.status} ${body.toString().slice(0, 300)}`);
    opts.log(`${s.label} (${s.method} ${s.path}, ${body.length} octets)…`);
    const job = { method: s.method, headers, body: s.body, connections: opts.connections, seconds: opts.seconds };
    const rss = sampleRss(app.pid);
    const appResult = await measure({ ...job, url: app.url + s.path });
    const rssSummary = rss.stop();
    const bare = await bareServer(probe.status, probe.headers.get('content-type') ?? 'text/html; charset=utf-8', body);
    try {
      const bareResult = await measure({ ...job, url: bare.url + s.path });
      rows.push({ key: s.key, label: s.label, method: s.method, path: s.path, public: s.public, bytes: body.length, app: appResult, bare: bareResult, rss: rssSummary });
    } finally {
      await bare.close();
    }
  }
  return rows;
}
