import { createWriteStream } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '../../../test/helpers/db.ts';
import { createOrganisation, createUser } from '../../../test/helpers/factories.ts';
import { listTables } from './catalog.ts';
import { writeBackup } from './dump.ts';
import { BackupInvalid } from './manifest.ts';
import { restoreBackup, RestoreRefused } from './restore.ts';
import { withSnapshot, withWriteTransaction, type SqlSession } from './session.ts';

/** A table with every awkward type, an identity column, a generated column and a trigger. */
const PROBE = `
  create table backup_probe (
    id int8 generated always as identity primary key,
    big int8, amount numeric(30, 10), ratio float8, doc jsonb, raw json, tags text[], nums int4[],
    bytes bytea, at timestamptz, day date, label text, upper_label text generated always as (upper(label)) stored
  );
  create sequence invoice_number start 1000;
  create function backup_probe_touch() returns trigger language plpgsql as $$
    begin new.label := 'rewritten'; return new; end $$;
  create trigger backup_probe_touch before insert on backup_probe for each row execute function backup_probe_touch();`;

/** Several statements at once (PGlite's exec, or node-postgres' simple query protocol). */
async function exec(db: TestDb, text: string): Promise<void> {
  if (db.pglite) await db.pglite.exec(text);
  else await db.pool!.query(text);
}

async function contents(db: TestDb): Promise<Record<string, string[]>> {
  return withSnapshot(db, async (s: SqlSession) => {
    const out: Record<string, string[]> = {};
    for (const t of await listTables(s)) {
      const rows = await s.query<{ j: string }>(`select row_to_json(t)::text as j from ${t.sql} t`);
      out[t.name] = rows.map((r) => r.j).sort();
    }
    return out;
  });
}

let source: TestDb;
let target: TestDb;
let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mutualis-backup-'));
  source = await createTestDb();
  target = await createTestDb();
  for (const db of [source, target]) await exec(db, PROBE);
}, 180_000); // two migrated databases: slow on a loaded machine
afterAll(async () => {
  await source?.destroy();
  await target?.destroy();
  await rm(dir, { recursive: true, force: true });
});

describe('backup and restore', () => {
  it('gives back every row, exact values, sequences and files in an empty instance', { timeout: 120_000 }, async () => {
    const org = await createOrganisation({ db: source.db }, { joinedOn: '2024-02-29', postcodes: ['90000', '90100'], population: 12_345 });
    await createUser({ db: source.db }, { organisationId: org.id, roles: ['admin'] });
    // A commune pointing at its EPCI in the same table, dumped before it (the EPCI row is rewritten last).
    const epci = await createOrganisation({ db: source.db }, { kind: 'epci', name: 'Grand Belfort' });
    await createOrganisation({ db: source.db }, { kind: 'commune', parentEpciId: epci.id });
    await exec(source, `update organisations set name = name || ' Communauté' where id = '${epci.id}'`);
    await exec(
      source,
      `alter table backup_probe disable trigger user;
       insert into backup_probe (big, amount, ratio, doc, raw, tags, nums, bytes, at, day, label) values
        (9007199254740993, 12345678901234567890.0123456789, 0.1, '{"a": [1, 2.50, "é"], "n": null}', '{ "k" :  1 }',
         array['un', 'deux "quoted"', null], array[1, -2], '\\x00ff10', '2026-03-02 09:00:00.123456+00', '1999-12-31', 'Été'),
        (null, null, 'NaN', '"just a string"', null, '{}', null, null, 'infinity', null, null);
       alter table backup_probe enable trigger user;
       select nextval('invoice_number'), nextval('invoice_number');`,
    );

    const sourceData = join(dir, 'source');
    await mkdir(join(sourceData, 'files', 'ab'), { recursive: true });
    await writeFile(join(sourceData, 'files', 'ab', 'cdef'), Buffer.from([0, 1, 2, 255]));
    await writeFile(join(sourceData, 'files', 'top.pdf'), 'contenu');

    const archive = join(dir, 'backup.tar.gz');
    const messages: string[] = [];
    const manifest = await writeBackup(source, sourceData, createWriteStream(archive), (m) => messages.push(m));
    expect(manifest.tables.find((t) => t.name === 'public.backup_probe')?.rows).toBe(2);
    expect(manifest.files.map((f) => f.path)).toEqual(['ab/cdef', 'top.pdf']);
    expect(messages.some((m) => m.includes('public.organisations'))).toBe(true);

    const targetData = join(dir, 'target');
    await restoreBackup(target, { dataDir: targetData, archive, databaseUrl: target.url });

    const [before, after] = [await contents(source), await contents(target)];
    expect(Object.keys(after).sort()).toEqual(Object.keys(before).sort());
    for (const name of Object.keys(before)) expect(after[name], name).toEqual(before[name]);
    expect(after['public.backup_probe']!.join()).toContain('9007199254740993');
    expect(after['public.backup_probe']!.join()).toContain('12345678901234567890.0123456789');

    const seq = await withWriteTransaction(target, (s) => s.query<{ v: string }>(`select nextval('invoice_number')::text as v`));
    expect(seq[0]!.v).toBe('1002');
    expect(await readFile(join(targetData, 'files', 'ab', 'cdef'))).toEqual(Buffer.from([0, 1, 2, 255]));
    expect(await readFile(join(targetData, 'files', 'top.pdf'), 'utf8')).toBe('contenu');

    // The restored instance is no longer empty: a second restore is refused, and changes nothing.
    await expect(restoreBackup(target, { dataDir: join(dir, 'other'), archive, databaseUrl: target.url })).rejects.toThrow(RestoreRefused);
  });

  it('refuses an altered archive before touching anything', { timeout: 180_000 }, async () => {
    const fresh = await createTestDb();
    try {
      const archive = join(dir, 'tampered.tar.gz');
      const good = join(dir, 'good.tar.gz');
      await writeBackup(source, join(dir, 'source'), createWriteStream(good));
      const bytes = await readFile(good);
      await writeFile(archive, bytes.subarray(0, Math.floor(bytes.length / 2)));
      await expect(restoreBackup(fresh, { dataDir: join(dir, 'fresh'), archive, databaseUrl: fresh.url })).rejects.toThrow(BackupInvalid);
      await writeFile(join(dir, 'not-a-backup.tar.gz'), 'hello');
      await expect(restoreBackup(fresh, { dataDir: join(dir, 'fresh'), archive: join(dir, 'not-a-backup.tar.gz') })).rejects.toThrow(BackupInvalid);
      const rows = await withSnapshot(fresh, (s) => s.query(`select 1 from organisations`));
      expect(rows).toHaveLength(0);
    } finally {
      await fresh.destroy();
    }
  });
});
