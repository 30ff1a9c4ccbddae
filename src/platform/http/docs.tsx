import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Hono } from 'hono';
import { render } from '../ui/render.tsx';
import { asset } from './assets.ts';
import type { AppEnv } from './types.ts';

/**
 * Browsable API documentation at /api/docs: Swagger UI served from the installed package (no CDN), under
 * fingerprinted URLs cached for a year, started by a served script (the CSP forbids inline scripts).
 */
const SWAGGER_DIR = dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'));
const FILES = { 'swagger-ui.css': 'text/css; charset=utf-8', 'swagger-ui-bundle.js': 'text/javascript; charset=utf-8' } as const;
type DocFile = keyof typeof FILES;

function load(name: DocFile) {
  // The source-map comment would make browsers ask for a file that is not served.
  const body = Buffer.from(readFileSync(join(SWAGGER_DIR, name), 'utf8').replace(/\n\/[/*]# sourceMappingURL=\S+\s*(\*\/)?\s*$/, '\n'));
  const hash = createHash('sha256').update(body).digest('hex').slice(0, 10);
  const dot = name.lastIndexOf('.');
  return { url: `/api/docs/assets/${name.slice(0, dot)}.${hash}${name.slice(dot)}`, body, type: FILES[name] };
}

let loaded: Record<DocFile, ReturnType<typeof load>> | null = null;
/** Read on first use: 1.9 MB that most processes never serve. */
const files = () => (loaded ??= { 'swagger-ui.css': load('swagger-ui.css'), 'swagger-ui-bundle.js': load('swagger-ui-bundle.js') });

export const docsRoutes = new Hono<AppEnv>()
  .get('/api/docs', (c) => {
    const f = files();
    return render(
      c,
      {
        title: "Documentation de l'API",
        description: "Documentation interactive de l'API JSON de Mutualis (OpenAPI 3.1).",
        breadcrumbs: [{ href: '/', label: 'Accueil' }, { label: "Documentation de l'API" }],
        head: (
          <>
            <link rel="stylesheet" href={f['swagger-ui.css'].url} />
            <script src={f['swagger-ui-bundle.js'].url} defer></script>
            <script src={asset('api-docs.js')} defer></script>
          </>
        ),
      },
      <>
        <h1>Documentation de l'API</h1>
        <p>
          L'API JSON est décrite au format OpenAPI 3.1 : <a href="/api/openapi.json">/api/openapi.json</a>. Les appels
          s'authentifient par un jeton d'API (en-tête <code>Authorization: Bearer …</code>).
        </p>
        <div id="swagger-ui" data-spec-url="/api/openapi.json">
          <p>La documentation interactive nécessite JavaScript ; le document OpenAPI ci-dessus reste lisible sans.</p>
        </div>
      </>,
    );
  })
  .get('/api/docs/assets/:file', (c) => {
    const found = Object.values(files()).find((f) => f.url === c.req.path);
    if (!found) return c.notFound();
    return c.body(new Uint8Array(found.body), 200, { 'Content-Type': found.type, 'Cache-Control': 'public, max-age=31536000, immutable' });
  });
