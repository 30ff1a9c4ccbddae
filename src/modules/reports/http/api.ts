import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import { z } from 'zod';
import type { AppEnv } from '../../platform/http/types.ts';
import { activityReport } from './activity.ts';
import { publishedKeyFigures, publishKeyFigures, publishSchema } from './key-figures.ts';
import { memberReport } from './member-report.ts';
import { parsePeriod } from './period.ts';

const tags = ['Rapports d’activité'];
const any = z.looseObject({});
const json = <S extends z.ZodType>(schema: S, description: string) => ({ content: { 'application/json': { schema } }, description });
const errors = { 401: { description: 'Non connecté' }, 403: { description: 'Interdit' }, 404: { description: 'Introuvable' }, 422: { description: 'Données invalides' } };
const periodQuery = z.object({ du: z.string().describe('Premier jour, AAAA-MM-JJ'), au: z.string().describe('Dernier jour inclus, AAAA-MM-JJ') });

const r = {
  activity: createRoute({ method: 'get', path: '/api/v1/reports/activity', tags, summary: 'Activité du service informatique sur une période', request: { query: periodQuery }, responses: { 200: json(any, 'Rapport'), ...errors } }),
  member: createRoute({ method: 'get', path: '/api/v1/reports/members/{id}', tags, summary: 'Activité d’une collectivité, sa convention et sa contribution', request: { params: z.object({ id: z.uuid() }), query: periodQuery }, responses: { 200: json(any, 'Rapport de la collectivité'), ...errors } }),
  keyFigures: createRoute({ method: 'get', path: '/api/v1/key-figures', tags, summary: 'Chiffres clés publiés (public)', responses: { 200: json(any.nullable(), 'Chiffres clés, ou null'), ...errors } }),
  publish: createRoute({ method: 'post', path: '/api/v1/key-figures', tags, summary: 'Publier les chiffres clés d’une année', request: { body: { content: { 'application/json': { schema: publishSchema } } } }, responses: { 201: json(any, 'Publication'), ...errors } }),
};

export function mountReportsApi(app: OpenAPIHono<AppEnv>) {
  app.openapi(r.activity, async (c) => c.json(await activityReport(c.get('ctx'), parsePeriod(c.req.valid('query'))), 200));
  app.openapi(r.member, async (c) => c.json(await memberReport(c.get('ctx'), c.req.valid('param').id, parsePeriod(c.req.valid('query'))), 200));
  app.openapi(r.keyFigures, async (c) => c.json(await publishedKeyFigures(c.get('ctx')), 200));
  app.openapi(r.publish, async (c) => c.json(await publishKeyFigures(c.get('ctx'), c.req.valid('json')), 201));
}
