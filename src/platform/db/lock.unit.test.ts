import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { acquireDataDirLock, currentHolder, DataDirLocked, LOCK_FILE, type LockInfo } from './lock.ts';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'mutualis-lock-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function writeLock(info: Partial<LockInfo>): void {
  const full: LockInfo = { pid: 1, port: 3000, holder: 'server', hostname: hostname(), bootId: null, startedAt: '2026-01-01T00:00:00Z', ...info };
  writeFileSync(join(dir, LOCK_FILE), JSON.stringify(full));
}

/** The pid of a process that has exited. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', '']);
  return child.pid!;
}

describe('DATA_DIR lock', () => {
  it('is exclusive: a second holder is refused with the pid and port of the first', () => {
    const lock = acquireDataDirLock(dir, { holder: 'server', port: 3000 });
    lock.update({ port: 4321 });
    const saved = JSON.parse(readFileSync(join(dir, LOCK_FILE), 'utf8')) as LockInfo;
    expect(saved).toMatchObject({ pid: process.pid, port: 4321, holder: 'server' });
    let error: unknown;
    try {
      acquireDataDirLock(dir, { holder: 'backup' });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(DataDirLocked);
    expect((error as Error).message).toContain(`pid ${process.pid}, port 4321`);
    expect(currentHolder(dir)?.pid).toBe(process.pid);
    lock.release();
    expect(existsSync(join(dir, LOCK_FILE))).toBe(false);
    expect(currentHolder(dir)).toBeNull();
    acquireDataDirLock(dir, { holder: 'migrate' }).release();
  });

  it('keeps a live process’s lock', () => {
    writeLock({ pid: process.ppid, port: 8080 });
    expect(() => acquireDataDirLock(dir, { holder: 'server' })).toThrow(`pid ${process.ppid}, port 8080`);
    expect(JSON.parse(readFileSync(join(dir, LOCK_FILE), 'utf8')).pid).toBe(process.ppid);
  });

  it('takes over the lock of a dead process, of an earlier boot, or a corrupt one', () => {
    for (const stale of [{ pid: deadPid() }, { pid: process.ppid, bootId: 'another-boot' }]) {
      writeLock(stale);
      const lock = acquireDataDirLock(dir, { holder: 'server' });
      expect(JSON.parse(readFileSync(join(dir, LOCK_FILE), 'utf8')).pid).toBe(process.pid);
      lock.release();
    }
    writeFileSync(join(dir, LOCK_FILE), '{"pid": 12');
    acquireDataDirLock(dir, { holder: 'server' }).release();
  });

  it('keeps a lock written on another machine sharing the directory', () => {
    writeLock({ pid: deadPid(), hostname: 'other-host' });
    expect(() => acquireDataDirLock(dir, { holder: 'server' })).toThrow('sur la machine other-host');
  });

  it('never removes a lock it does not hold', () => {
    const lock = acquireDataDirLock(dir, { holder: 'server' });
    writeLock({ pid: process.ppid });
    lock.release();
    expect(existsSync(join(dir, LOCK_FILE))).toBe(true);
  });
});
