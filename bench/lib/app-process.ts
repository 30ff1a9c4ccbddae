import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { closeSync, existsSync, openSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { promisify } from 'node:util';
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import { CONFIG_KEYS } from '../../src/config.ts';
import { summarize, type Summary } from './stats.ts';

export interface AppProcess {
  url: string;
  pid: number;
  /** The error lines of the app's log (level ≥ 50), to explain a failed request. */
  errors(): string;
  stop(): Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

const ROOT = new URL('../../', import.meta.url).pathname;
/** Inside node_modules: ignored by git, and the build still finds the package root (migrations, public/). */
const BUILD_DIR = `${ROOT}node_modules/.cache/mutualis-bench`;

function newestSource(dir: string): number {
  let newest = statSync(dir).mtimeMs;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = `${dir}/${entry.name}`;
    newest = Math.max(newest, entry.isDirectory() ? newestSource(path) : statSync(path).mtimeMs);
  }
  return newest;
}

/**
 * Compiles the server as `npm run build` does (tsconfig.build.json), into a directory of the benchmark's
 * own so that it never overwrites dist/; skipped while that build is newer than every file of src/.
 * Returns the entry point. Type errors are reported, not fatal: tsc still emits the JavaScript.
 */
export async function buildApp(log: (m: string) => void): Promise<string> {
  const main = `${BUILD_DIR}/src/main.js`;
  if (existsSync(main) && statSync(main).mtimeMs > newestSource(`${ROOT}src`)) return main;
  log('Compilation de l’application (tsconfig.build.json)…');
  const tsc = `${ROOT}node_modules/.bin/tsc`;
  await promisify(execFile)(tsc, ['-p', `${ROOT}tsconfig.build.json`, '--outDir', BUILD_DIR], { cwd: ROOT, maxBuffer: 16 * 1024 * 1024 }).catch((err: { stdout?: string }) => {
    log(`Compilation avec des erreurs de type :\n${(err.stdout ?? '').slice(0, 2000)}`);
  });
  if (!existsSync(main)) throw new Error(`Compilation de l’application impossible (${main} absent).`);
  return main;
}

/**
 * The real server (the compiled src/main.ts, as `npm start` runs it) in production mode, in its own
 * process, on the given database (`extraEnv` adds settings, e.g. DEMO=1). Its log goes to a file, written as
 * in production and read only to explain a failure; the file is removed when the app stops.
 */
export async function startApp(main: string, database: { url: string } | { dataDir: string }, extraEnv: Record<string, string> = {}): Promise<AppProcess> {
  const port = await freePort();
  const env: Record<string, string | undefined> = { ...process.env };
  for (const key of CONFIG_KEYS) delete env[key];
  Object.assign(env, {
    NODE_ENV: 'production',
    HOST: '127.0.0.1',
    PORT: String(port),
    PUBLIC_URL: `http://127.0.0.1:${port}`,
    SECRET_KEY: randomBytes(32).toString('base64url'),
    LOG_LEVEL: 'info',
    DEMO: '0',
    ...('url' in database ? { DATABASE_URL: database.url } : { DATA_DIR: database.dataDir }),
    ...extraEnv,
  });
  const logFile = `${tmpdir()}/mutualis-bench-app-${port}.log`;
  const logFd = openSync(logFile, 'w');
  const child: ChildProcess = spawn(process.execPath, [main], { cwd: ROOT, env, stdio: ['ignore', logFd, 'pipe'] });
  closeSync(logFd);
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => {
    stderr = (stderr + d.toString()).slice(-4000);
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 120_000;
  for (;;) {
    const ready = await fetch(`${url}/readyz`).then((r) => r.ok, () => false);
    if (ready) break;
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill('SIGKILL');
      const log = readFileSync(logFile, 'utf8').slice(-4000);
      rmSync(logFile, { force: true });
      throw new Error(`L’application n’a pas démarré :\n${stderr}\n${log}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  return {
    url,
    pid: child.pid!,
    errors: () =>
      readFileSync(logFile, 'utf8')
        .split('\n')
        .filter((l) => /"level":(5|6)\d/.test(l))
        .slice(-5)
        .join('\n'),
    async stop() {
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
        await exited;
        clearTimeout(timer);
      }
      rmSync(logFile, { force: true });
    },
  };
}

/** Resident memory of a process (VmRSS, Linux), sampled every 200 ms until stopped; MiB. */
export function sampleRss(pid: number): { stop(): Summary | null } {
  const samples: number[] = [];
  const read = () => {
    try {
      const kb = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
      if (kb) samples.push(Math.round((Number(kb) / 1024) * 10) / 10);
    } catch {
      // not Linux, or the process is gone: no sample
    }
  };
  read();
  const timer = setInterval(read, 200);
  return {
    stop() {
      clearInterval(timer);
      return samples.length ? summarize(samples) : null;
    },
  };
}

const cookiesOf = (res: Response) => res.headers.getSetCookie().map((l) => l.split(';')[0]!).filter((p) => !p.endsWith('='));

/** Signs in through the real form (GET then POST /connexion); returns the session cookie and its CSRF token. */
export async function signIn(url: string, email: string, password: string): Promise<{ cookie: string; csrf: string }> {
  const form = await fetch(`${url}/connexion`);
  const anon = cookiesOf(form).join('; ');
  const token = /name="_csrf" value="([^"]*)"/.exec(await form.text())?.[1] ?? '';
  const res = await fetch(`${url}/connexion`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: anon },
    body: new URLSearchParams({ _csrf: token, email, password }),
  });
  const session = cookiesOf(res).filter((c) => !anon.includes(c));
  if (res.status !== 302 && res.status !== 303) throw new Error(`Connexion de ${email} refusée (${res.status}).`);
  const cookie = session.join('; ');
  const page = await fetch(`${url}/assistance`, { headers: { cookie } });
  const csrf = /name="_csrf" value="([^"]*)"/.exec(await page.text())?.[1];
  if (page.status !== 200 || !csrf) throw new Error(`Session de ${email} inutilisable (/assistance : ${page.status}).`);
  return { cookie, csrf };
}
