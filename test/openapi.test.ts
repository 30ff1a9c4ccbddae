import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { errors } from '../src/platform/http/api.ts';
import { OPENAPI_FILE, renderOpenApi } from '../scripts/openapi.ts';

/**
 * The committed OpenAPI document (docs/openapi.json) is what the routes declare, and what they declare is
 * typed: a client can rely on every success answer's shape and on the `Error` body of every failure.
 */
type Schema = Record<string, unknown>;
interface Operation {
  responses?: Record<string, { content?: Record<string, { schema?: Schema }> }>;
}
interface Document {
  paths: Record<string, Record<string, Operation>>;
  components?: { schemas?: Record<string, Schema> };
}

const TYPE_KEYS = ['type', '$ref', 'anyOf', 'oneOf', 'allOf', 'enum', 'const', 'properties', 'items'];

/** Where a schema is untyped: `{}`, or an object declaring no property whose values are themselves untyped. */
function untypedPaths(doc: Document, schema: unknown, path: string, seen = new Set<string>()): string[] {
  if (schema === true || !schema || typeof schema !== 'object') return [path];
  const s = schema as Schema;
  if (typeof s.$ref === 'string') {
    if (seen.has(s.$ref)) return [];
    const target = doc.components?.schemas?.[s.$ref.replace('#/components/schemas/', '')];
    return untypedPaths(doc, target, `${path}→${s.$ref.split('/').pop()}`, new Set([...seen, s.$ref]));
  }
  if (!TYPE_KEYS.some((k) => k in s)) return [path];
  const out: string[] = [];
  const types = Array.isArray(s.type) ? s.type : [s.type];
  const properties = (s.properties ?? {}) as Record<string, unknown>;
  if (types.includes('object') || 'additionalProperties' in s) {
    if (Object.keys(properties).length === 0) {
      const values = s.additionalProperties;
      if (values === undefined || values === true || values === false) out.push(path);
      else out.push(...untypedPaths(doc, values, `${path}.*`, seen));
    }
  }
  for (const [name, value] of Object.entries(properties)) out.push(...untypedPaths(doc, value, `${path}.${name}`, seen));
  if (types.includes('array')) out.push(...untypedPaths(doc, s.items, `${path}[]`, seen));
  for (const key of ['anyOf', 'oneOf', 'allOf'] as const) {
    const parts = s[key];
    if (!Array.isArray(parts)) continue;
    // In allOf, a part giving only a type (`{type: ['object', 'null']}` beside a $ref: a nullable reference)
    // constrains the shape the other parts give.
    const typeOnly = (part: unknown) => Boolean(part) && typeof part === 'object' && Object.keys(part as object).every((k) => k === 'type' || k === 'description');
    const shaped = key === 'allOf' && parts.some((part) => !typeOnly(part));
    parts.forEach((part, i) => {
      if (!(shaped && typeOnly(part))) out.push(...untypedPaths(doc, part, `${path}(${key}${i})`, seen));
    });
  }
  return out;
}

function operations(doc: Document): { name: string; op: Operation }[] {
  return Object.entries(doc.paths).flatMap(([path, item]) => Object.entries(item).map(([method, op]) => ({ name: `${method.toUpperCase()} ${path}`, op })));
}

let generated: string;
let doc: Document;
beforeAll(async () => {
  generated = await renderOpenApi();
  doc = JSON.parse(generated) as Document;
});

describe('the OpenAPI document', () => {
  it('is committed as generated (npm run docs:openapi rewrites it)', () => {
    const committed = readFileSync(OPENAPI_FILE, 'utf8');
    expect(committed === generated, 'docs/openapi.json ne correspond plus aux routes : lancez npm run docs:openapi').toBe(true);
  });

  it('types every success answer in JSON', () => {
    const problems: string[] = [];
    let checked = 0;
    for (const { name, op } of operations(doc)) {
      for (const [status, response] of Object.entries(op.responses ?? {})) {
        const schema = response.content?.['application/json']?.schema;
        if (!status.startsWith('2') || !response.content?.['application/json']) continue;
        checked += 1;
        problems.push(...untypedPaths(doc, schema, `${name} → ${status}`));
      }
    }
    expect(checked).toBeGreaterThan(0);
    expect(problems, 'réponses sans type (schéma {} ou objet sans propriété déclarée)').toEqual([]);
  });

  it('declares the Error answers on every operation', () => {
    const ops = operations(doc);
    expect(ops.length).toBeGreaterThan(0);
    expect(doc.components?.schemas?.Error).toBeDefined();
    const missing = ops.flatMap(({ name, op }) =>
      Object.keys(errors)
        .filter((status) => op.responses?.[status]?.content?.['application/json']?.schema?.$ref !== '#/components/schemas/Error')
        .map((status) => `${name} → ${status}`),
    );
    expect(missing, 'réponses d’erreur non déclarées (ajoutez ...errors à la route)').toEqual([]);
  });
});

describe('the untyped-schema check', () => {
  const tiny: Document = { paths: {}, components: { schemas: { Loose: { type: 'object', additionalProperties: {} }, Tight: { type: 'object', properties: { n: { type: 'number' } } } } } };
  it('catches {} and objects declaring no property, and passes typed ones', () => {
    expect(untypedPaths(tiny, {}, 'r')).toEqual(['r']);
    expect(untypedPaths(tiny, { $ref: '#/components/schemas/Loose' }, 'r')).toEqual(['r→Loose.*']);
    expect(untypedPaths(tiny, { type: 'object', properties: { a: { type: 'array', items: {} } } }, 'r')).toEqual(['r.a[]']);
    expect(untypedPaths(tiny, { anyOf: [{ $ref: '#/components/schemas/Tight' }, { type: 'null' }] }, 'r')).toEqual([]);
    expect(untypedPaths(tiny, { type: 'object', additionalProperties: { type: 'string' } }, 'r')).toEqual([]);
    expect(untypedPaths(tiny, { allOf: [{ $ref: '#/components/schemas/Tight' }, { type: ['object', 'null'] }] }, 'r')).toEqual([]);
    expect(untypedPaths(tiny, { allOf: [{ type: 'object' }, { type: ['object', 'null'] }] }, 'r')).toEqual(['r(allOf0)', 'r(allOf1)']);
  });
});
