import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { CONFIG_KEYS, ConfigError, loadConfig } from './config.ts';
import { ROOT_DIR } from './paths.ts';

describe('configuration', () => {
  it('defaults to the embedded database with demo data', () => {
    const c = loadConfig({});
    expect(c.dbDriver).toBe('pglite');
    expect(c.DEMO).toBe(true);
    expect(c.PORT).toBe(3000);
    expect(c.PUBLIC_URL).toBe('http://localhost:3000');
  });

  it('defaults to no demo data on PostgreSQL', () => {
    const c = loadConfig({ DATABASE_URL: 'postgres://u@h/db' });
    expect(c.dbDriver).toBe('pg');
    expect(c.DEMO).toBe(false);
  });

  it('names the invalid variable', () => {
    expect(() => loadConfig({ PORT: 'abc' })).toThrow(ConfigError);
    expect(() => loadConfig({ PORT: 'abc' })).toThrow(/PORT/);
    expect(() => loadConfig({ DATABASE_URL: 'mysql://x' })).toThrow(/DATABASE_URL/);
    expect(() => loadConfig({ ADMIN_PASSWORD: 'short' })).toThrow(/ADMIN_PASSWORD.*12/);
  });

  it('bounds request bodies by default and checks the metrics token', () => {
    const c = loadConfig({});
    expect(c.BODY_LIMIT_BYTES).toBe(1024 * 1024);
    expect(c.UPLOAD_LIMIT_BYTES).toBe(32 * 1024 * 1024);
    expect(c.METRICS_TOKEN).toBeUndefined();
    expect(loadConfig({ BODY_LIMIT_BYTES: '65536' }).BODY_LIMIT_BYTES).toBe(65536);
    expect(() => loadConfig({ BODY_LIMIT_BYTES: '10' })).toThrow(/BODY_LIMIT_BYTES/);
    expect(() => loadConfig({ METRICS_TOKEN: 'court' })).toThrow(/METRICS_TOKEN.*32/);
  });

  it('marks cookies secure under https', () => {
    expect(loadConfig({ PUBLIC_URL: 'https://x.fr/' }).secureCookies).toBe(true);
    expect(loadConfig({ PUBLIC_URL: 'https://x.fr/' }).PUBLIC_URL).toBe('https://x.fr');
  });

  it('is documented in the README, variable by variable', () => {
    const readme = readFileSync(`${ROOT_DIR}/README.md`, 'utf8');
    const table = readme.slice(readme.indexOf('## Configuration'), readme.indexOf('## Tests'));
    const missing = CONFIG_KEYS.filter((key) => !table.includes(`\`${key}\``));
    expect(missing).toEqual([]);
  });
});
