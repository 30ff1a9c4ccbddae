import { closeSync, mkdirSync, openSync, readFileSync, renameSync, statSync, unlinkSync, writeFileSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { dirname, join } from 'node:path';

/**
 * One process per data directory. PGlite has no locking of its own: two processes opening the same
 * directory both succeed and one's writes vanish. The holder writes its pid, port and boot id into
 * `DATA_DIR/mutualis.lock`, created atomically (O_EXCL); a lock whose process is gone (crash, kill -9,
 * reboot) is taken over, a live one never is.
 */
export const LOCK_FILE = 'mutualis.lock';

export interface LockInfo {
  pid: number;
  /** Port the server listens on; null for a CLI command. */
  port: number | null;
  /** What holds it: `server`, or the CLI command's name. */
  holder: string;
  hostname: string;
  bootId: string | null;
  startedAt: string;
  /** Local control socket of the running server (online backup, status). */
  socket?: string | null;
}

/** Lock files held by this very process (a second acquire here must fail, not take over its own lock). */
const held = new Set<string>();

export class DataDirLocked extends Error {
  constructor(
    public readonly dataDir: string,
    public readonly info: LockInfo,
  ) {
    super(describeHolder(dataDir, info));
    this.name = 'DataDirLocked';
  }
}

export function describeHolder(dataDir: string, info: LockInfo): string {
  const who =
    info.holder === 'server'
      ? `un serveur Mutualis (pid ${info.pid}${info.port ? `, port ${info.port}` : ''})`
      : `la commande « mutualis ${info.holder} » (pid ${info.pid})`;
  return `Le répertoire de données ${dataDir} est déjà utilisé par ${who}${info.hostname !== hostname() ? ` sur la machine ${info.hostname}` : ''}. ` +
    'Une seule instance peut ouvrir la base embarquée : arrêtez-la d’abord, ou utilisez celle qui tourne.';
}

export interface DataDirLock {
  readonly path: string;
  readonly info: LockInfo;
  /** Rewrites the lock file, e.g. once the listening port is known. */
  update(patch: Partial<Pick<LockInfo, 'port' | 'socket'>>): void;
  release(): void;
}

function bootId(): string | null {
  try {
    return readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();
  } catch {
    return null;
  }
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: the process exists but belongs to another user.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Reads the lock file; null when absent. An unreadable or truncated file counts as stale. */
export function readLock(dataDir: string): LockInfo | null | 'corrupt' {
  let text: string;
  try {
    text = readFileSync(join(dataDir, LOCK_FILE), 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
  try {
    const info = JSON.parse(text) as LockInfo;
    return typeof info.pid === 'number' ? info : 'corrupt';
  } catch {
    return 'corrupt';
  }
}

/** Whether a recorded holder is certainly gone, so that its lock may be taken over. */
export function isStale(info: LockInfo, path: string): boolean {
  if (info.hostname !== hostname()) return false; // another machine sharing the volume: cannot tell, keep it
  const boot = bootId();
  if (boot && info.bootId && boot !== info.bootId) return true; // written before the last reboot
  // Our own pid: either a lock we hold, or one left by an earlier process that had our pid (pid 1 in a
  // restarted container).
  if (info.pid === process.pid) return !held.has(path);
  return !processAlive(info.pid);
}

/** The running holder, if any (stale locks are ignored). */
export function currentHolder(dataDir: string): LockInfo | null {
  const info = readLock(dataDir);
  if (info === null || info === 'corrupt') return null;
  return isStale(info, join(dataDir, LOCK_FILE)) ? null : info;
}

/**
 * Takes the lock or throws DataDirLocked. A stale lock is replaced under a short-lived takeover file, so
 * that two processes finding the same stale lock cannot both win.
 */
export function acquireDataDirLock(dataDir: string, opts: { holder: string; port?: number | null }): DataDirLock {
  mkdirSync(dataDir, { recursive: true });
  const path = join(dataDir, LOCK_FILE);
  const info: LockInfo = {
    pid: process.pid,
    port: opts.port ?? null,
    holder: opts.holder,
    hostname: hostname(),
    bootId: bootId(),
    startedAt: new Date().toISOString(),
    socket: null,
  };
  for (let attempt = 0; attempt < 5; attempt++) {
    if (tryCreate(path, info)) return handle(path, info);
    const existing = readLock(dataDir);
    if (existing === null) continue; // released meanwhile
    if (existing !== 'corrupt' && !isStale(existing, path)) throw new DataDirLocked(dataDir, existing);
    takeOver(path, existing);
  }
  throw new Error(`Impossible de prendre le verrou ${path} (concurrence persistante).`);
}

function tryCreate(path: string, info: LockInfo): boolean {
  let fd: number;
  try {
    fd = openSync(path, 'wx', 0o600);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw err;
  }
  try {
    writeSync(fd, JSON.stringify(info));
  } finally {
    closeSync(fd);
  }
  return true;
}

function takeOver(path: string, seen: LockInfo | 'corrupt'): void {
  const guard = `${path}.takeover`;
  try {
    // A guard left by a process killed during a takeover is old; anything recent is a live takeover.
    if (Date.now() - statSync(guard).mtimeMs > 10_000) unlinkSync(guard);
  } catch {
    // no guard
  }
  let fd: number;
  try {
    fd = openSync(guard, 'wx', 0o600);
  } catch {
    return; // someone else is taking over: retry from the top
  }
  closeSync(fd);
  try {
    // Re-read under the guard: only remove the very lock we judged stale.
    const again = readLock(dirname(path));
    if (again !== null && JSON.stringify(again) === JSON.stringify(seen)) unlinkSync(path);
  } finally {
    unlinkSync(guard);
  }
}

function handle(path: string, info: LockInfo): DataDirLock {
  let released = false;
  held.add(path);
  return {
    path,
    info,
    update(patch) {
      Object.assign(info, patch);
      // Written aside then renamed: a reader never sees a half-written lock.
      const tmp = `${path}.${process.pid}.tmp`;
      writeFileSync(tmp, JSON.stringify(info), { mode: 0o600 });
      renameSync(tmp, path);
    },
    release() {
      if (released) return;
      released = true;
      held.delete(path);
      const current = readLock(dirname(path));
      if (current !== null && current !== 'corrupt' && current.pid === process.pid && current.startedAt === info.startedAt) {
        unlinkSync(path);
      }
    },
  };
}
