import { Writable } from 'node:stream';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '../../test/helpers/db.ts';
import { createLogger } from './log.ts';

let db: TestDb;
beforeAll(async () => {
  db = await createTestDb();
});
afterAll(() => db.destroy());

function capture() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      lines.push(chunk.toString('utf8'));
      done();
    },
  });
  return { log: createLogger({ LOG_LEVEL: 'info' }, stream), lines };
}

describe('log', () => {
  it('logs a failed query with its SQLSTATE and text, never the values sent', async () => {
    const input = 'mot-de-passe-secret-------------1234';
    const err = await db.db.execute(sql`select ${input}::uuid as id`).then(() => null, (e: unknown) => e);
    expect(err).toBeInstanceOf(Error);
    const { log, lines } = capture();
    log.error({ err }, 'unhandled error');
    const line = lines.join('');
    expect(line).not.toContain(input);
    const logged = JSON.parse(line) as { err: { code: string; query: string; stack: string } };
    expect(logged.err.code).toBe('22P02');
    expect(logged.err.query).toContain('::uuid');
    expect(logged.err.stack).toMatch(/^\s+at /);
  });

  it('keeps the constraint of a violation', async () => {
    await db.db.execute(sql`create temporary table probe (email text constraint probe_email_key unique)`);
    await db.db.execute(sql`insert into probe values (${'a@example.org'})`);
    const err = await db.db.execute(sql`insert into probe values (${'a@example.org'})`).then(() => null, (e: unknown) => e);
    const { log, lines } = capture();
    log.error({ err }, 'unhandled error');
    expect(lines.join('')).not.toContain('a@example.org');
    expect((JSON.parse(lines.join('')) as { err: { code: string; constraint: string } }).err).toMatchObject({ code: '23505', constraint: 'probe_email_key' });
  });

  it('logs other errors in full', () => {
    const { log, lines } = capture();
    log.error({ err: new Error('disque plein') }, 'unhandled error');
    expect((JSON.parse(lines.join('')) as { err: { message: string } }).err.message).toBe('disque plein');
  });
});
