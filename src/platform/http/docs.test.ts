import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/helpers/app.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
}, 120_000);
afterAll(() => t.close());

describe('API documentation', () => {
  it('serves the Swagger UI page and its files from this server, with no inline script', async () => {
    const res = await t.app.request('/api/docs');
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('data-spec-url="/api/openapi.json"');
    const scripts = [...html.matchAll(/<script([^>]*)>/g)].map((m) => m[1]!);
    expect(scripts.every((attrs) => /src="\/(static|api\/docs\/assets)\//.test(attrs))).toBe(true);
    const bundle = html.match(/src="(\/api\/docs\/assets\/swagger-ui-bundle\.[0-9a-f]{10}\.js)"/)?.[1];
    const css = html.match(/href="(\/api\/docs\/assets\/swagger-ui\.[0-9a-f]{10}\.css)"/)?.[1];
    expect(bundle).toBeDefined();
    expect(css).toBeDefined();
    const js = await t.app.request(bundle!);
    expect(js.headers.get('content-type')).toContain('text/javascript');
    expect(js.headers.get('cache-control')).toContain('immutable');
    expect(await js.text()).not.toContain('sourceMappingURL=swagger-ui-bundle');
    expect((await t.app.request(css!)).status).toBe(200);
    expect((await t.app.request('/api/docs/assets/swagger-ui-bundle.0000000000.js')).status).toBe(404);
  });
});
