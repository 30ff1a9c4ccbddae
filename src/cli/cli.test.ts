import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_DB } from '../../test/helpers/db.ts';
import { runCliInProcess } from '../../test/helpers/processes.ts';

/** The command line itself, in-process, on an embedded database in a temporary DATA_DIR. */
describe.runIf(TEST_DB === 'pglite')('mutualis command line', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'mutualis-cli-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('explains its usage and rejects unknown commands, bad options and bad configuration', { timeout: 120_000 }, async () => {
    const help = await runCliInProcess(['--help'], {});
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('backup FICHIER');
    expect((await runCliInProcess(['frobnicate'], {})).code).toBe(64);
    expect((await runCliInProcess(['backup', '--colour'], {})).code).toBe(64);
    expect((await runCliInProcess(['backup'], { DATA_DIR: join(dir, 'none') })).stderr).toContain('Indiquez le fichier');
    const config = await runCliInProcess(['migrate'], { DATABASE_URL: 'mysql://nope' });
    expect(config.code).toBe(78);
    expect(config.stderr).toContain('DATABASE_URL');
  });

  it('reports pending migrations in doctor, applies them, then creates a user and a token through identity', { timeout: 300_000 }, async () => {
    const env = { DATA_DIR: join(dir, 'data'), ADMIN_EMAIL: 'admin@cli.test', ADMIN_PASSWORD: 'correct-horse-battery-42' };
    const before = await runCliInProcess(['doctor'], env);
    expect(before.code).toBe(1);
    expect(before.stdout).toMatch(/✗ Migrations : \d+ en attente/);

    const migrate = await runCliInProcess(['migrate'], env);
    expect(migrate.code, migrate.stderr).toBe(0);
    expect(migrate.stdout).toMatch(/migration\(s\) appliquée\(s\)/);
    expect((await runCliInProcess(['migrate'], env)).stdout).toMatch(/Base à jour/);
    const after = await runCliInProcess(['doctor'], env);
    expect(after.code, after.stdout).toBe(0);
    expect(after.stdout).toContain('Tout est en ordre');

    // The identity module's rules apply: a weak password is refused in French, nothing is created.
    const weak = await runCliInProcess(['user', 'create', '--email', 'tech@cli.test', '--name', 'Technicienne', '--role', 'technician', '--org', 'syndicat', '--password-stdin'], env, 'court\n');
    expect(weak.code).toBe(1);
    expect(weak.stderr).toMatch(/password|mot de passe/i);
    const token0 = await runCliInProcess(['token', 'create', '--email', 'tech@cli.test', '--scopes', '*'], env);
    expect(token0.stderr).toContain('Aucun compte');

    const created = await runCliInProcess(
      ['user', 'create', '--email', 'Tech@CLI.test', '--name', 'Technicienne', '--role', 'technician', '--org', 'syndicat', '--password-stdin'],
      env,
      'une phrase de passe solide 2026\n',
    );
    expect(created.code, created.stderr).toBe(0);
    expect(created.stdout).toContain('Compte créé : tech@cli.test');
    const unknownOrg = await runCliInProcess(['user', 'create', '--email', 'x@cli.test', '--name', 'X Y', '--role', 'manager', '--org', '99999'], env);
    expect(unknownOrg.stderr).toContain('Organisation introuvable');

    const token = await runCliInProcess(['token', 'create', '--email', 'tech@cli.test', '--scopes', '*', '--days', '30'], env);
    expect(token.code, token.stderr).toBe(0);
    expect(token.stdout.trim()).toMatch(/^mut_[A-Za-z0-9_-]{40,}$/);
  });
});
