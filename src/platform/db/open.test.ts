import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_DB } from '../../../test/helpers/db.ts';
import { testDatabaseUrl } from '../../../test/helpers/pg-database.ts';
import { openDatabase, type DbHandle } from './open.ts';

describe.skipIf(TEST_DB !== 'postgres')('the PostgreSQL handle', () => {
  let handle: DbHandle;
  beforeAll(async () => {
    // One connection: whatever the ping does to it, the next query meets.
    handle = await openDatabase({ driver: 'pg', url: testDatabaseUrl('postgres'), poolSize: 1 });
  });
  afterAll(() => handle.close());

  it('leaves no statement timeout on the pooled connection after a ping', async () => {
    const before = await handle.pool!.query<{ statement_timeout: string }>('show statement_timeout');
    await handle.ping(200);
    const after = await handle.pool!.query<{ statement_timeout: string }>('show statement_timeout');
    expect(after.rows[0]!.statement_timeout).toBe(before.rows[0]!.statement_timeout);
    // A query longer than the ping's limit still runs to its end on that same connection.
    await expect(handle.pool!.query('select pg_sleep(0.4)')).resolves.toMatchObject({ rowCount: 1 });
    expect(handle.poolStats().total).toBe(1);
  });
});
