import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { body, created, errors, isoDate, json, uuid } from '../../../platform/http/api.ts';
import type { AppEnv } from '../../../platform/http/types.ts';
import { activityReport } from '../activity.ts';
import { currentKeyFigures, publishKeyFigures, publishSchema } from '../key-figures.ts';
import { memberReport } from '../member-report.ts';
import { parsePeriod, type Period } from '../period.ts';
import { ActivityReportDto, KeyFiguresDto, MemberReportDto, presentActivity, presentKeyFigures, presentMemberReport } from './dto.ts';

const tags = ['Rapports d’activité'];
const periodQuery = z.object({
  from: isoDate().optional().describe('Premier jour, AAAA-MM-JJ'),
  to: isoDate().optional().describe('Dernier jour inclus, AAAA-MM-JJ'),
  du: z.string().optional().describe('Obsolète : from'),
  au: z.string().optional().describe('Obsolète : to'),
});

/** The period of `from`/`to`; the first version's `du`/`au` are still read, with `Deprecation: true`. */
function readPeriod(c: Context<AppEnv>): Period {
  const q = c.req.query();
  if (q.du !== undefined || q.au !== undefined) c.header('Deprecation', 'true');
  return parsePeriod({ from: q.from ?? q.du, to: q.to ?? q.au });
}

const r = {
  activity: createRoute({ method: 'get', path: '/api/v1/reports/activity', tags, summary: 'Activité du service informatique sur une période', request: { query: periodQuery }, responses: { 200: json(ActivityReportDto, 'Rapport'), ...errors } }),
  member: createRoute({
    method: 'get',
    path: '/api/v1/reports/members/{id}',
    tags,
    summary: 'Activité d’une collectivité, sa convention et sa contribution',
    request: { params: z.object({ id: uuid() }), query: periodQuery },
    responses: { 200: json(MemberReportDto, 'Rapport de la collectivité'), ...errors },
  }),
  keyFigures: createRoute({ method: 'get', path: '/api/v1/key-figures', tags, summary: 'Chiffres clés publiés (public)', responses: { 200: json(KeyFiguresDto, 'Chiffres clés en vigueur'), ...errors } }),
  publish: createRoute({ method: 'post', path: '/api/v1/key-figures', tags, summary: 'Publier les chiffres clés d’une année', request: body(publishSchema), responses: { 201: json(KeyFiguresDto, 'Publication, désormais en vigueur'), ...errors } }),
};

export function mountReportsApi(app: OpenAPIHono<AppEnv>) {
  app.openapi(r.activity, async (c) => c.json(presentActivity(await activityReport(c.get('ctx'), readPeriod(c))), 200));
  app.openapi(r.member, async (c) => c.json(presentMemberReport(await memberReport(c.get('ctx'), c.req.valid('param').id, readPeriod(c))), 200));
  app.openapi(r.keyFigures, async (c) => c.json(presentKeyFigures(await currentKeyFigures(c.get('ctx'))), 200));
  app.openapi(r.publish, async (c) => created(c, presentKeyFigures(await publishKeyFigures(c.get('ctx'), c.req.valid('json'))), '/api/v1/key-figures'));
}
