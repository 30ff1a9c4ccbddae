import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import pg from 'pg';
import { ROOT_DIR } from '../../src/paths.ts';
import { childEnv, startServerProcess, type ServerProcess } from '../helpers/processes.ts';
import type { LoadJob, LoadResult } from './load-client.ts';

/** Waits (bounded) until `promise` settles; rejects naming `what` past `ms`. */
export function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} : rien après ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** Polls `GET url` (bounded) until it answers `status`. */
export async function waitForStatus(url: string, status: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < deadline) {
    try {
      const res = await fetch(url);
      await res.arrayBuffer();
      if (res.status === status) return;
      last = String(res.status);
    } catch (err) {
      last = (err as Error).message;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${url} : ${status} attendu, dernière réponse ${last}`);
}

export interface RollingRestartFigures {
  drainMs: number;
  load: LoadResult;
  /** From SIGTERM to the first `/readyz` that was not 200, as the load client saw it. */
  notReadyAfterMs: number | null;
  /** Requests answered after SIGTERM. */
  answeredAfterSignal: boolean;
  /** From SIGTERM to the process's exit, and its exit code. */
  stoppedAfterMs: number;
  exitCode: number | string;
  output: string;
}

/**
 * One instance under load from a client in another process (see load-client.ts), SIGTERM once the load runs:
 * what every request became, whether /readyz said 503 before the instance went away, and how it exited.
 */
export async function rollingRestart(opts: { env: Record<string, string>; drainMs: number; rate: number }): Promise<RollingRestartFigures> {
  const server: ServerProcess = await startServerProcess({ ...opts.env, SHUTDOWN_DRAIN_MS: String(opts.drainMs) });
  try {
    await waitForStatus(`${server.url}/readyz`, 200, 30_000);
    const exitedAt = server.exited.then(() => Date.now());
    const job: LoadJob = { port: server.port, paths: ['/', '/healthz'], rate: opts.rate, readyEveryMs: 100, graceMs: 500, warmup: opts.rate * 2, maxRequests: opts.rate * 30, maxMs: 30_000 };
    const client = spawn(process.execPath, ['--import', 'tsx', 'test/faults/load-client.ts', JSON.stringify(job)], { cwd: ROOT_DIR, env: childEnv({}), stdio: ['ignore', 'pipe', 'pipe'] });
    let errors = '';
    client.stderr!.on('data', (d: Buffer) => (errors += d.toString()));
    let signalledAt = 0;
    let last = '';
    const lines = createInterface({ input: client.stdout! });
    lines.on('line', (line) => {
      if (line === 'loaded' && !signalledAt) {
        signalledAt = Date.now();
        server.child.kill('SIGTERM');
      } else last = line;
    });
    const clientExit = new Promise<number | null>((resolve) => client.on('exit', (code) => resolve(code)));
    const code = await within(clientExit, job.maxMs + 30_000, 'client de charge').finally(() => client.exitCode === null && client.kill('SIGKILL'));
    if (code !== 0 || !last) throw new Error(`client de charge : sortie ${code}\n${errors}`);
    const load = JSON.parse(last) as LoadResult;
    if (!signalledAt) throw new Error(`la charge n'a jamais pris : ${last}\n${server.output()}`);
    const exitCode = await within(server.exited, 60_000, 'arrêt du serveur');
    return {
      drainMs: opts.drainMs,
      load,
      notReadyAfterMs: load.notReadyAt === null ? null : load.notReadyAt - signalledAt,
      answeredAfterSignal: load.lastAnswerAt > signalledAt,
      stoppedAfterMs: (await exitedAt) - signalledAt,
      exitCode,
      output: server.output(),
    };
  } finally {
    if (server.child.exitCode === null && server.child.signalCode === null) server.child.kill('SIGKILL');
  }
}

/** Requests that got no answer, or an answer that is not 2xx/3xx. */
export function failedRequests(load: LoadResult): number {
  const lost = Object.values(load.lost).reduce((a, b) => a + b, 0);
  return lost + (load.answered['4xx'] ?? 0) + (load.answered['5xx'] ?? 0);
}

export interface StartedTogether {
  running: ServerProcess[];
  /** Why the instances that did not start failed (their output's start). */
  failures: string[];
  /** From the spawn of the processes to the last one answering /readyz 200. */
  readyAfterMs: number;
  /** How many instances loaded the demo, created the first admin, waited for the start-up lock. */
  loadedDemo: number;
  createdAdmin: number;
  waited: number;
}

/** `count` instances of one configuration started at the same moment, each awaited until ready (bounded). */
export async function startTogether(count: number, env: Record<string, string>): Promise<StartedTogether> {
  const began = Date.now();
  const started = await Promise.allSettled(Array.from({ length: count }, () => startServerProcess(env, 240_000)));
  const running = started.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
  const failures = started.flatMap((s) => (s.status === 'rejected' ? [String(s.reason).slice(0, 2_000)] : []));
  try {
    for (const p of running) await waitForStatus(`${p.url}/readyz`, 200, 30_000);
  } catch (err) {
    for (const p of running) p.child.kill('SIGKILL');
    throw err;
  }
  const outputs = running.map((p) => p.output());
  const saying = (text: string) => outputs.filter((o) => o.includes(text)).length;
  return {
    running,
    failures,
    readyAfterMs: Date.now() - began,
    loadedDemo: saying('Données de démonstration chargées.'),
    createdAdmin: saying(`Compte administrateur : ${env.ADMIN_EMAIL}`),
    waited: saying('Une autre instance prépare la base'),
  };
}

export interface StartupRows {
  /** Users with ADMIN_EMAIL, and first-admin creations in the audit log. */
  admins: number;
  bootstraps: number;
  demoLoads: number;
  organisations: number;
  /** Organisations sharing a name with another: a demo loaded twice repeats its organisations. */
  repeatedOrganisations: number;
}

/** What the start-up steps left in database `url`. */
export async function startupRows(url: string, adminEmail: string): Promise<StartupRows> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const one = async (query: string, params: unknown[] = []) => Number((await client.query<{ n: string }>(query, params)).rows[0]!.n);
    return {
      admins: await one('select count(*) as n from users where email = $1', [adminEmail]),
      bootstraps: await one(`select count(*) as n from audit_log where action = 'user.bootstrap'`),
      demoLoads: await one(`select count(*) as n from app_meta where key = 'demo_loaded_at'`),
      organisations: await one('select count(*) as n from organisations'),
      repeatedOrganisations: await one('select count(*) - count(distinct name) as n from organisations'),
    };
  } finally {
    await client.end();
  }
}
