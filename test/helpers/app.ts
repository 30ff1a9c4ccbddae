import { mkdtempSync, rmSync } from 'node:fs';
import type { RequestListener } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { createApp, type App } from '../../src/app.ts';
import { loadConfig, type Config } from '../../src/config.ts';
import type { Clock, Ctx } from '../../src/platform/context.ts';
import { createTestDb, type TestDb } from './db.ts';

export interface TestClock extends Clock {
  set(date: Date | string): void;
  advance(ms: number): void;
}

export function testClock(start: Date | string = '2026-03-02T09:00:00Z'): TestClock {
  let now = new Date(start);
  return {
    now: () => new Date(now),
    set: (d) => {
      now = new Date(d);
    },
    advance: (ms) => {
      now = new Date(now.getTime() + ms);
    },
  };
}

export interface TestApp {
  app: App;
  /** What a Node server runs (shortcuts, then the app), for tests that need a real socket. */
  listener: () => RequestListener;
  db: TestDb;
  config: Config;
  clock: TestClock;
  /** A use-case context with no actor (system), for factories and direct calls. */
  ctx: Ctx;
  close(): Promise<void>;
}

/** The whole app on its own fresh database, with a controllable clock. Requests go through `app.request`. */
export async function createTestApp(env: Record<string, string> = {}): Promise<TestApp> {
  const db = await createTestDb();
  // Uploaded files need a real directory: a fresh one per app unless the test gives its own.
  const ownDir = env.DATA_DIR ? null : mkdtempSync(join(tmpdir(), 'mutualis-test-data-'));
  const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', DATA_DIR: ownDir ?? env.DATA_DIR!, ...env });
  const clock = testClock();
  const log = pino({ level: 'silent' });
  const { app, listener } = createApp({ handle: db, config, log, clock });
  const ctx: Ctx = { db: db.db, actor: null, clock, log, config };
  const close = async () => {
    await db.destroy();
    if (ownDir) rmSync(ownDir, { recursive: true, force: true });
  };
  return { app, listener, db, config, clock, ctx, close };
}
