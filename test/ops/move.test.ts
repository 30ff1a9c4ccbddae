import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_DB } from '../helpers/db.ts';
import { countsOf, instanceContents, withInstanceDb } from '../helpers/instance.ts';
import { createPgDatabase, type PgDatabase } from '../helpers/pg-database.ts';
import { runCliInProcess } from '../helpers/processes.ts';

/**
 * Moving an instance from the embedded database to PostgreSQL and back with `export` / `import`: every row
 * of every table and every file arrives. Needs a PostgreSQL server: runs in the postgres project.
 */
describe.runIf(TEST_DB === 'postgres')('moving between PGlite and PostgreSQL', () => {
  let dir: string;
  let pgDb: PgDatabase;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'mutualis-move-'));
    pgDb = await createPgDatabase();
  });
  afterAll(async () => {
    await pgDb?.drop();
    await rm(dir, { recursive: true, force: true });
  });

  it('keeps every row and file, PGlite → PostgreSQL → PGlite', { timeout: 600_000 }, async () => {
    const embedded = { DATA_DIR: join(dir, 'embedded'), ADMIN_EMAIL: 'admin@move.test', ADMIN_PASSWORD: 'correct-horse-battery-42' };
    // Real data: the official communes and EPCI of a département (communes point at their EPCI in the same
    // table), a user, an API token, and their audit rows.
    const imported = await runCliInProcess(['import-communes', '--departement', '90'], embedded);
    expect(imported.code, imported.stderr).toBe(0);
    const user = await runCliInProcess(
      ['user', 'create', '--email', 'agent@move.test', '--name', 'Agent Déménagement', '--role', 'technician', '--org', 'syndicat', '--password-stdin'],
      embedded,
      'un mot de passe assez long 2026\n',
    );
    expect(user.code, user.stderr).toBe(0);
    expect((await runCliInProcess(['token', 'create', '--email', 'agent@move.test', '--scopes', '*'], embedded)).code).toBe(0);
    await mkdir(join(embedded.DATA_DIR, 'files', '9f'), { recursive: true });
    await writeFile(join(embedded.DATA_DIR, 'files', '9f', '86d0'), Buffer.from('%PDF-1.7 délibération'));

    const first = join(dir, 'embedded.tar.gz');
    const exported = await runCliInProcess(['export', first], embedded);
    expect(exported.code, exported.stderr).toBe(0);

    const server = { DATA_DIR: join(dir, 'server'), DATABASE_URL: pgDb.url };
    const intoPg = await runCliInProcess(['import', first], server);
    expect(intoPg.code, intoPg.stderr).toBe(0);

    const source = await withInstanceDb({ dataDir: embedded.DATA_DIR }, instanceContents);
    expect(source['public.organisations']!.length).toBeGreaterThan(100);
    const onPg = await withInstanceDb({ dataDir: server.DATA_DIR, url: pgDb.url }, instanceContents);
    expect(countsOf(onPg)).toEqual(countsOf(source));
    expect(onPg).toEqual(source);
    expect(await readFile(join(server.DATA_DIR, 'files', '9f', '86d0'), 'utf8')).toBe('%PDF-1.7 délibération');

    // And back: PostgreSQL → a new embedded instance.
    const second = join(dir, 'server.tar.gz');
    expect((await runCliInProcess(['export', second], server)).code).toBe(0);
    const back = { DATA_DIR: join(dir, 'back') };
    const intoPglite = await runCliInProcess(['import', second], back);
    expect(intoPglite.code, intoPglite.stderr).toBe(0);
    const returned = await withInstanceDb({ dataDir: back.DATA_DIR }, instanceContents);
    expect(countsOf(returned)).toEqual(countsOf(source));
    expect(returned).toEqual(source);
    expect(await readFile(join(back.DATA_DIR, 'files', '9f', '86d0'), 'utf8')).toBe('%PDF-1.7 délibération');
  });
});
