import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT_DIR } from '../../src/paths.ts';

function readLockFile(dataDir: string): { socket?: string | null; port?: number } | null {
  try {
    return JSON.parse(readFileSync(join(dataDir, 'mutualis.lock'), 'utf8')) as { socket?: string | null; port?: number };
  } catch {
    return null;
  }
}

/** Environment of a child server or command: quiet, no demo data, loopback only. */
export function childEnv(extra: Record<string, string>): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined && !k.startsWith('VITEST') && k !== 'TEST_DB') env[k] = v;
  return { ...env, NODE_ENV: 'test', PORT: '0', HOST: '127.0.0.1', DEMO: '0', LOG_LEVEL: 'info', MUTUALIS_FROM_SOURCE: '1', ...extra };
}

export interface ServerProcess {
  child: ChildProcess;
  port: number;
  url: string;
  output(): string;
  /** Resolves with the exit code (or the signal's name). */
  exited: Promise<number | string>;
}

/** Starts `src/main.ts` in a child process (through tsx) and waits until it listens. */
export async function startServerProcess(env: Record<string, string>, timeoutMs = 90_000): Promise<ServerProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], { cwd: ROOT_DIR, env: childEnv(env), stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | string>((resolve) => child.on('exit', (code, signal) => resolve(code ?? signal ?? -1)));
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${out}`)), timeoutMs);
    const check = () => {
      const m = /"url":"http:\/\/[^"]*:(\d+)"/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(Number(m[1]));
      }
    };
    child.stdout!.on('data', check);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`server exited (${code}) before listening:\n${out}`));
    });
  });
  // On the embedded database the lock names the port and control socket just after listening: wait for it.
  if (!env.DATABASE_URL && env.DATA_DIR) {
    const deadline = Date.now() + 30_000;
    while (Date.now() < deadline) {
      const lock = readLockFile(env.DATA_DIR);
      if (lock?.socket && lock.port === port) break;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  return { child, port, url: `http://127.0.0.1:${port}`, output: () => out, exited };
}

/** Starts a server that is expected to refuse to start; returns its exit code and output. */
export async function runServerProcess(env: Record<string, string>): Promise<{ code: number | string; output: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], { cwd: ROOT_DIR, env: childEnv(env), stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const code = await new Promise<number | string>((resolve) => child.on('exit', (c, s) => resolve(c ?? s ?? -1)));
  return { code, output: out };
}

/** Runs `bin/mutualis.js` as a user would; `input` is piped to its standard input. */
export async function runCliProcess(args: string[], env: Record<string, string>, input?: string): Promise<{ code: number; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, ['bin/mutualis.js', ...args], { cwd: ROOT_DIR, env: childEnv(env), stdio: ['pipe', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  child.stdin!.end(input ?? '');
  const code = await new Promise<number>((resolve) => child.on('exit', (c) => resolve(c ?? -1)));
  return { code, stdout, stderr };
}

/** Stops a server child with SIGTERM and waits for it. */
export async function stopServerProcess(p: ServerProcess): Promise<number | string> {
  p.child.kill('SIGTERM');
  return p.exited;
}

/** Runs a command in this process (faster than a child; the lock and socket behave the same). */
export async function runCliInProcess(args: string[], env: Record<string, string>, input = ''): Promise<{ code: number; stdout: string; stderr: string }> {
  const { runCli } = await import('../../src/cli/run.ts');
  const { Readable } = await import('node:stream');
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, {
    env: { NODE_ENV: 'test', LOG_LEVEL: 'warn', ...env },
    stdin: Readable.from([input]),
    out: (t) => (stdout += t),
    err: (t) => (stderr += t),
  });
  return { code, stdout, stderr };
}
