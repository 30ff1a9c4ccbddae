import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { chromium, type Browser, type Page } from 'playwright-core';
import { describe, expect } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { startServer, type Running } from '../../src/server.ts';
import { systemClock, type Ctx } from '../../src/platform/context.ts';
import { openDatabase, runMigrations } from '../../src/platform/db/index.ts';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const hasChromium = existsSync(CHROMIUM_PATH);

/**
 * `describe` for browser suites: skipped with a visible notice when Chromium is missing, unless
 * REQUIRE_BROWSER=1 (CI), where a missing browser fails the run instead of skipping.
 */
export const describeBrowser: typeof describe = ((name: string, fn: () => void) => {
  if (hasChromium) return describe(name, fn);
  if (process.env.REQUIRE_BROWSER === '1') {
    return describe(name, () => {
      throw new Error(`REQUIRE_BROWSER=1 mais Chromium est absent (${CHROMIUM_PATH}) : apt-get install -y chromium`);
    });
  }
  process.stderr.write(`\n⚠ Tests navigateur ignorés : Chromium absent (${CHROMIUM_PATH}). Installez-le : apt-get install -y chromium\n\n`);
  return describe.skip(name, fn);
}) as typeof describe;

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

export interface E2eServer {
  running: Running;
  baseUrl: string;
  adminEmail: string;
  adminPassword: string;
  stop(): Promise<void>;
}

/** The real server on a free port with its own embedded database in a temporary DATA_DIR. */
export async function startE2eServer(env: Record<string, string> = {}): Promise<E2eServer> {
  const dataDir = env.DATA_DIR ?? mkdtempSync(join(tmpdir(), 'mutualis-e2e-'));
  const adminPassword = 'e2e-admin-password-123';
  const config = loadConfig({ PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, DEMO: '0', LOG_LEVEL: 'silent', ADMIN_EMAIL: 'admin@e2e.test', ADMIN_PASSWORD: adminPassword, ...env });
  const running = await startServer(config, pino({ level: 'silent' }));
  return {
    running,
    baseUrl: `http://127.0.0.1:${running.port}`,
    adminEmail: config.ADMIN_EMAIL,
    adminPassword,
    stop: async () => {
      await running.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** The context a seed function writes with: no actor, the real clock, silent log. */
export type SeedCtx = Pick<Ctx, 'db' | 'actor' | 'clock' | 'log' | 'config'>;

/**
 * The real server on data prepared beforehand: the embedded database of a temporary DATA_DIR is migrated
 * and filled by `seed` (sessions created there are the browser's cookies), then the server opens it.
 */
export async function startSeededE2eServer<T>(seed: (ctx: SeedCtx) => Promise<T>, env: Record<string, string> = {}): Promise<{ server: E2eServer; seeded: T }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'mutualis-e2e-'));
  const handle = await openDatabase({ driver: 'pglite', dataDir });
  let seeded: T;
  try {
    await runMigrations(handle);
    const config = loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'silent' });
    seeded = await seed({ db: handle.db, actor: null, clock: systemClock, log: pino({ level: 'silent' }), config });
  } finally {
    await handle.close();
  }
  return { server: await startE2eServer({ ...env, DATA_DIR: dataDir }), seeded };
}

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** Runs axe (WCAG 2.1 A/AA rules) on the page and fails with the list of violations. */
export async function expectNoAxeViolations(page: Page): Promise<void> {
  // Evaluated through the DevTools protocol: our CSP forbids inline scripts, rightly.
  await page.evaluate(axeSource);
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (ctx: Document, opts: object) => Promise<{ violations: { id: string; help: string; nodes: { target: string[] }[] }[] }> } }).axe;
    const result = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] } });
    return result.violations.map((v) => ({ id: v.id, help: v.help, targets: v.nodes.map((n) => n.target.join(' ')) }));
  });
  expect(violations, `${page.url()}: ${JSON.stringify(violations, null, 2)}`).toEqual([]);
}

/** A new browser context carrying a session cookie, on `path`, which must answer 200. */
export async function openPage(browser: Browser, baseUrl: string, cookie: string, path: string): Promise<Page> {
  const context = await browser.newContext();
  const [name, value] = cookie.split('=') as [string, string];
  await context.addCookies([{ name, value, url: baseUrl }]);
  const page = await context.newPage();
  const res = await page.goto(baseUrl + path);
  expect(res?.status(), path).toBe(200);
  return page;
}
