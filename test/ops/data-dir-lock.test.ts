import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_DB } from '../helpers/db.ts';
import { countsOf, instanceContents, withInstanceDb } from '../helpers/instance.ts';
import { runCliInProcess, runCliProcess, runServerProcess, startServerProcess, stopServerProcess, type ServerProcess } from '../helpers/processes.ts';

/**
 * The embedded database in real processes: one server per DATA_DIR, commands refused beside it except the
 * online backup, which the running server produces; the backup restores into an empty instance.
 * (The embedded database only: run once, in the pglite project.)
 */
describe.runIf(TEST_DB === 'pglite')('one process per data directory', () => {
  let dir: string;
  let dataDir: string;
  let first: ServerProcess | null = null;
  const admin = { ADMIN_EMAIL: 'admin@lock.test', ADMIN_PASSWORD: 'correct-horse-battery-42' };

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'mutualis-lock-'));
    dataDir = join(dir, 'data');
  });
  afterAll(async () => {
    if (first && first.child.exitCode === null) await stopServerProcess(first);
    await rm(dir, { recursive: true, force: true });
  });

  /** The readiness probe's answer: its status and what it says of the database. */
  const readiness = async (url: string) => {
    const res = await fetch(`${url}/readyz`);
    return { status: res.status, body: (await res.json()) as unknown };
  };

  it('refuses a second server and the commands beside the first, and backs up online', { timeout: 600_000 }, async () => {
    const token = await runCliInProcess(['token', 'create', '--email', admin.ADMIN_EMAIL, '--scopes', '*'], { DATA_DIR: dataDir, ...admin });
    expect(token.code, token.stderr).toBe(0);
    const bearer = { authorization: `Bearer ${token.stdout.trim()}`, 'content-type': 'application/json' };
    await mkdir(join(dataDir, 'files', 'ab'), { recursive: true });
    await writeFile(join(dataDir, 'files', 'ab', 'c0ffee'), 'pièce jointe');

    first = await startServerProcess({ DATA_DIR: dataDir, ...admin });
    const lock = JSON.parse(await readFile(join(dataDir, 'mutualis.lock'), 'utf8')) as { pid: number; port: number };
    expect(lock).toMatchObject({ pid: first.child.pid, port: first.port });
    // Only the server's own system user may reach the control socket.
    expect((await stat(join(dataDir, 'mutualis.sock'))).mode & 0o777).toBe(0o600);

    const second = await runServerProcess({ DATA_DIR: dataDir, ...admin });
    expect(second.code).toBe(75);
    expect(second.output).toContain(`déjà utilisé par un serveur Mutualis (pid ${first.child.pid}, port ${first.port})`);
    const created = await fetch(`${first.url}/api/v1/members`, { method: 'POST', headers: bearer, body: JSON.stringify({ kind: 'other', name: 'Après le second serveur', status: 'active' }) });
    expect(created.status).toBe(201);
    expect(await readiness(first.url)).toEqual({ status: 200, body: { status: 'ok', database: 'pglite' } });

    const archive = join(dir, 'online.tar.gz');
    const backup = await runCliInProcess(['backup', archive], { DATA_DIR: dataDir });
    expect(backup.code, backup.stderr).toBe(0);
    expect(backup.stderr).toContain('sauvegarde en ligne demandée au serveur');
    expect(await readiness(first.url)).toEqual({ status: 200, body: { status: 'ok', database: 'pglite' } });

    for (const args of [['migrate'], ['restore', archive], ['user', 'create', '--email', 'x@lock.test', '--name', 'X', '--role', 'admin', '--org', 'syndicat']]) {
      const refused = await runCliInProcess(args, { DATA_DIR: dataDir });
      expect(refused.code, args.join(' ')).toBe(75);
      expect(refused.stderr).toContain(`pid ${first.child.pid}, port ${first.port}`);
    }

    // The real command line too (bin/mutualis.js in its own process).
    const viaBin = await runCliProcess(['migrate'], { DATA_DIR: dataDir });
    expect(viaBin.code).toBe(75);
    expect(viaBin.stderr).toContain(`pid ${first.child.pid}, port ${first.port}`);

    expect(await stopServerProcess(first)).toBe(0);
    expect(existsSync(join(dataDir, 'mutualis.lock'))).toBe(false);
    expect(existsSync(join(dataDir, 'mutualis.sock'))).toBe(false);

    // Restore into an empty instance: every row of every table, and the files.
    const target = join(dir, 'restored');
    const restore = await runCliInProcess(['restore', archive], { DATA_DIR: target });
    expect(restore.code, restore.stderr).toBe(0);
    const before = await withInstanceDb({ dataDir }, instanceContents);
    const after = await withInstanceDb({ dataDir: target }, instanceContents);
    expect(countsOf(after)).toEqual(countsOf(before));
    expect(after).toEqual(before);
    expect(before['public.organisations']!.join()).toContain('Après le second serveur');
    expect(await readFile(join(target, 'files', 'ab', 'c0ffee'), 'utf8')).toBe('pièce jointe');
    for (const [table, n] of Object.entries(countsOf(before))) if (n > 0) expect(restore.stdout).toMatch(new RegExp(`${table.replace('.', '\\.')}\\s+${n}\\b`));

    // A second restore into the now populated instance is refused and changes nothing.
    const again = await runCliInProcess(['restore', archive], { DATA_DIR: target });
    expect(again.code).toBe(1);
    expect(again.stderr).toContain("n'est pas vide");
    expect(countsOf(await withInstanceDb({ dataDir: target }, instanceContents))).toEqual(countsOf(before));
  });
});
