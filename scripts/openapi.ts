/**
 * The OpenAPI document of the JSON API, as committed in docs/openapi.json: the app is built on a throwaway
 * in-memory database (nothing is queried) and asked for its document. `npm run docs:openapi` rewrites the
 * file; test/openapi.test.ts fails when the committed file differs from what the routes declare.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pino from 'pino';
import { createApp } from '../src/app.ts';
import { loadConfig } from '../src/config.ts';
import { openDatabase } from '../src/platform/db/open.ts';
import { API_INFO } from '../src/platform/http/docs.tsx';

export const OPENAPI_FILE = fileURLToPath(new URL('../docs/openapi.json', import.meta.url));

/** The document, pretty-printed with a final newline; the same routes always give the same text. */
export async function renderOpenApi(): Promise<string> {
  const dataDir = mkdtempSync(join(tmpdir(), 'mutualis-openapi-'));
  const handle = await openDatabase({ driver: 'pglite', dataDir: null });
  try {
    // A fixed configuration, not the environment: the document must not depend on where it is generated.
    const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', DATA_DIR: dataDir });
    const { app } = createApp({ handle, config, log: pino({ level: 'silent' }), clock: { now: () => new Date(0) } });
    return `${JSON.stringify(app.getOpenAPI31Document({ openapi: '3.1.0', info: API_INFO }), null, 2)}\n`;
  } finally {
    await handle.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
