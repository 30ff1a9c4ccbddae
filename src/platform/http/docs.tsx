import type { OpenAPIHono } from '@hono/zod-openapi';
import { render } from '../ui/render.tsx';
import type { AppEnv } from './types.ts';

/**
 * Browsable API documentation at /api/docs, rendered on the server from the OpenAPI document: readable
 * without JavaScript, accessible, and nothing to download but the page itself.
 */
interface Parameter {
  name: string;
  in: string;
  required?: boolean;
  description?: string;
  schema?: unknown;
}
interface Operation {
  summary?: string;
  description?: string;
  tags?: string[];
  parameters?: Parameter[];
  requestBody?: { content?: Record<string, { schema?: unknown }> };
  responses?: Record<string, { description?: string }>;
  security?: unknown[];
}
type Paths = Record<string, Record<string, Operation>>;

const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;

export const API_INFO = { title: 'Mutualis API', version: '1', description: 'API JSON de Mutualis.', license: { name: 'AGPL-3.0-or-later', identifier: 'AGPL-3.0-or-later' } };

/** `/api/v1/members/{id}` → `members`: operations are grouped by their resource. */
function groupOf(path: string, op: Operation): string {
  return op.tags?.[0] ?? path.replace(/^\/api\/v\d+\//, '').split('/')[0] ?? 'api';
}

function typeOf(schema: unknown): string {
  if (!schema || typeof schema !== 'object') return '—';
  const s = schema as { type?: string | string[]; enum?: unknown[]; format?: string; $ref?: string; items?: unknown };
  if (s.$ref) return s.$ref.split('/').pop() ?? s.$ref;
  if (s.enum) return s.enum.map(String).join(' | ');
  const t = Array.isArray(s.type) ? s.type.join(' | ') : (s.type ?? 'objet');
  if (t === 'array') return `tableau de ${typeOf(s.items)}`;
  return s.format ? `${t} (${s.format})` : t;
}

const anchor = (method: string, path: string) => `${method}-${path}`.replace(/[^A-Za-z0-9]+/g, '-').replace(/-+$/, '');

function OperationDoc({ method, path, op }: { method: string; path: string; op: Operation }) {
  const body = op.requestBody?.content?.['application/json']?.schema;
  return (
    <section class="card api-operation" aria-labelledby={anchor(method, path)}>
      <h3 id={anchor(method, path)}>
        <code>
          {method.toUpperCase()} {path}
        </code>
      </h3>
      {op.summary ? <p>{op.summary}</p> : null}
      {op.description && op.description !== op.summary ? <p>{op.description}</p> : null}
      {op.parameters && op.parameters.length > 0 ? (
        <div class="table-wrap">
          <table>
            <caption>Paramètres</caption>
            <thead>
              <tr>
                <th scope="col">Nom</th>
                <th scope="col">Emplacement</th>
                <th scope="col">Type</th>
                <th scope="col">Obligatoire</th>
              </tr>
            </thead>
            <tbody>
              {op.parameters.map((p) => (
                <tr>
                  <td>
                    <code>{p.name}</code>
                    {p.description ? ` — ${p.description}` : ''}
                  </td>
                  <td>{p.in}</td>
                  <td>{typeOf(p.schema)}</td>
                  <td>{p.required ? 'Oui' : 'Non'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {body ? (
        <details>
          <summary>Corps de la requête (JSON Schema)</summary>
          <pre>{JSON.stringify(body, null, 2)}</pre>
        </details>
      ) : null}
      {op.responses ? (
        <p>
          Réponses :{' '}
          {Object.entries(op.responses)
            .map(([code, r]) => `${code}${r.description ? ` (${r.description})` : ''}`)
            .join(', ')}
        </p>
      ) : null}
    </section>
  );
}

export function mountApiDocs(app: OpenAPIHono<AppEnv>) {
  let cached: { groups: [string, { method: string; path: string; op: Operation }[]][] } | null = null;
  const index = () => {
    if (cached) return cached;
    const doc = app.getOpenAPI31Document({ openapi: '3.1.0', info: API_INFO });
    const groups = new Map<string, { method: string; path: string; op: Operation }[]>();
    for (const [path, item] of Object.entries((doc.paths ?? {}) as Paths)) {
      for (const method of METHODS) {
        const op = item[method];
        if (!op) continue;
        const g = groupOf(path, op);
        groups.set(g, [...(groups.get(g) ?? []), { method, path, op }]);
      }
    }
    cached = { groups: [...groups.entries()].sort(([a], [b]) => a.localeCompare(b, 'fr')) };
    return cached;
  };

  app.get('/api/docs', (c) => {
    const { groups } = index();
    return render(
      c,
      {
        title: "Documentation de l'API",
        description: "Documentation de l'API JSON de Mutualis (OpenAPI 3.1).",
        breadcrumbs: [{ href: '/', label: 'Accueil' }, { label: "Documentation de l'API" }],
      },
      <>
        <h1>Documentation de l'API</h1>
        <p>
          L'API JSON est décrite au format OpenAPI 3.1 : <a href="/api/openapi.json">/api/openapi.json</a> (à importer
          dans tout client OpenAPI). Les appels s'authentifient par un jeton d'API (en-tête{' '}
          <code>Authorization: Bearer …</code>, créé sur votre profil) ou par une session ouverte avec{' '}
          <code>POST /api/v1/auth/login</code> ; toute écriture par session envoie alors <code>X-CSRF-Token</code>. Les
          erreurs ont la forme <code>{'{ code, message, requestId }'}</code>, avec <code>fields</code> pour les données
          invalides.
        </p>
        <nav aria-label="Ressources de l'API">
          <ul>
            {groups.map(([g, ops]) => (
              <li>
                <a href={`#ressource-${g}`}>{g}</a> ({ops.length} opération{ops.length > 1 ? 's' : ''})
              </li>
            ))}
          </ul>
        </nav>
        {groups.map(([g, ops]) => (
          <section aria-labelledby={`ressource-${g}`}>
            <h2 id={`ressource-${g}`}>{g}</h2>
            {ops.map((o) => (
              <OperationDoc {...o} />
            ))}
          </section>
        ))}
      </>,
    );
  });
}
