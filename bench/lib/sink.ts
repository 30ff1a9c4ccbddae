import { once } from 'node:events';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { DbHandle } from '../../src/platform/db/index.ts';

/**
 * Streams rows (COPY text lines) into a table: COPY FROM STDIN on PostgreSQL, COPY FROM '/dev/blob' on
 * PGlite (its in-process equivalent: a blob per chunk), so neither holds the whole table in memory.
 */
export interface Sink {
  copy(table: string, columns: readonly string[], lines: Iterable<string>, counted: (rows: number) => void): Promise<number>;
  close(): Promise<void>;
}

/** Lines are grouped in chunks of about this many characters before being written. */
const PG_CHUNK = 256 * 1024;
const PGLITE_CHUNK = 8 * 1024 * 1024;

function statement(table: string, columns: readonly string[], source: string) {
  return `copy ${table} (${columns.join(', ')}) from ${source}`;
}

async function pgSink(url: string): Promise<Sink> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  return {
    async copy(table, columns, lines, counted) {
      const stream = client.query(copyFrom(statement(table, columns, 'stdin')));
      const done = new Promise<void>((resolve, reject) => {
        stream.on('finish', resolve);
        stream.on('error', reject);
      });
      let chunk = '';
      let rows = 0;
      let pending = 0;
      for (const line of lines) {
        chunk += line;
        pending++;
        if (chunk.length >= PG_CHUNK) {
          if (!stream.write(chunk)) await once(stream, 'drain');
          rows += pending;
          counted(pending);
          chunk = '';
          pending = 0;
        }
      }
      stream.end(chunk);
      await done;
      counted(pending);
      return rows + pending;
    },
    close: () => client.end(),
  };
}

function pgliteSink(handle: DbHandle): Sink {
  const client = handle.pglite!;
  return {
    async copy(table, columns, lines, counted) {
      const sql = statement(table, columns, `'/dev/blob'`);
      let chunk: string[] = [];
      let size = 0;
      let rows = 0;
      const flush = async () => {
        if (chunk.length === 0) return;
        await client.query(sql, [], { blob: new Blob(chunk) });
        rows += chunk.length;
        counted(chunk.length);
        chunk = [];
        size = 0;
      };
      for (const line of lines) {
        chunk.push(line);
        size += line.length;
        if (size >= PGLITE_CHUNK) await flush();
      }
      await flush();
      return rows;
    },
    close: async () => undefined,
  };
}

export function openSink(handle: DbHandle, url?: string): Promise<Sink> {
  return handle.driver === 'pg' ? pgSink(url!) : Promise.resolve(pgliteSink(handle));
}
