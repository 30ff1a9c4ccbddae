import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { body, created, errors, idParam, json, listed, listQuery, readListQuery, type ApiListSpec } from '../../../platform/http/api.ts';
import type { AppEnv } from '../../../platform/http/types.ts';
import { startAuditExport } from '../audit-export.ts';
import { AUDIT_LIST, getAuditEntry, listAudit, type AuditFilterName } from '../audit-log.ts';
import { myJobProgress } from '../job-view.ts';
import { getJob, JOB_LIST, JOB_STATUS_VALUES, listJobs, type JobFilterName } from '../jobs.ts';
import { AuditEntryDetail, auditEntryDetailDto, auditEntryDto, AuditEntryPage, JobDetail, jobDetailDto, jobDto, JobPage, JobProgress, jobProgressDto } from './dto.ts';
import { AUDIT_FRENCH_NAMES, JOB_FRENCH_NAMES } from './forms.ts';

/** The French names of the first version, still read for one release (`action` kept its name). */
const aliases = (names: Record<string, string>) => Object.fromEntries(Object.entries(names).filter(([french, english]) => french !== english));

const AUDIT_API_LIST: ApiListSpec<(typeof AUDIT_LIST.sortable)[number], AuditFilterName> = { ...AUDIT_LIST, aliases: aliases(AUDIT_FRENCH_NAMES) };
const JOB_API_LIST: ApiListSpec<(typeof JOB_LIST.sortable)[number], JobFilterName> = { ...JOB_LIST, filterValues: { status: JOB_STATUS_VALUES }, aliases: aliases(JOB_FRENCH_NAMES) };

const auditFilters = z
  .object({
    actor: z.string().max(200).optional().describe('Adresse de l’auteur (contient)'),
    entity: z.string().max(200).optional().describe('Élément (exact)'),
    action: z.string().max(200).optional().describe('Action (contient)'),
    organisationId: z.uuid({ error: 'Identifiant invalide (UUID attendu).' }).optional(),
    from: z.string().max(200).optional().describe('Premier jour, AAAA-MM-JJ (heure de Paris)'),
    to: z.string().max(200).optional().describe('Dernier jour, AAAA-MM-JJ (heure de Paris)'),
  })
  .strict()
  .openapi('AuditExportInput');

const audit = ['Journal d’audit'];
const queue = ['Tâches de fond'];

const routes = {
  auditList: createRoute({ method: 'get', path: '/api/v1/audit-log', tags: audit, summary: 'Journal d’audit (filtres, tri, pagination ; administrateurs)', request: { query: listQuery(AUDIT_API_LIST) }, responses: { 200: json(AuditEntryPage, 'Une page du journal'), ...errors } }),
  auditEntry: createRoute({ method: 'get', path: '/api/v1/audit-log/{id}', tags: audit, summary: 'Une entrée du journal, avec la comparaison avant/après', request: { params: idParam }, responses: { 200: json(AuditEntryDetail, 'L’entrée'), ...errors } }),
  auditExport: createRoute({ method: 'post', path: '/api/v1/audit-log/exports', tags: audit, summary: 'Exporter tout le journal filtré en CSV, en arrière-plan (suivi : Location)', request: body(auditFilters), responses: { 201: json(JobProgress, 'Export lancé'), ...errors } }),
  jobList: createRoute({ method: 'get', path: '/api/v1/jobs', tags: queue, summary: 'Tâches de fond de l’instance (filtres, tri, pagination ; administrateurs)', request: { query: listQuery(JOB_API_LIST) }, responses: { 200: json(JobPage, 'Une page de tâches'), ...errors } }),
  job: createRoute({ method: 'get', path: '/api/v1/jobs/{id}', tags: queue, summary: 'Une tâche : état, essais, paramètres et résultat (administrateurs)', request: { params: idParam }, responses: { 200: json(JobDetail, 'La tâche'), ...errors } }),
  jobProgress: createRoute({ method: 'get', path: '/api/v1/jobs/{id}/progress', tags: queue, summary: 'Avancement d’une tâche lancée par l’utilisateur (toute autre : 404)', request: { params: idParam }, responses: { 200: json(JobProgress, 'Avancement'), ...errors } }),
};

export function mountAdminApi(app: OpenAPIHono<AppEnv>) {
  app.openapi(routes.auditList, async (c) => {
    const q = readListQuery(c, AUDIT_API_LIST);
    const result = await listAudit(c.get('ctx'), q);
    return c.json(listed({ rows: result.rows.map(auditEntryDto), total: result.total }, q), 200);
  });
  app.openapi(routes.auditEntry, async (c) => c.json(auditEntryDetailDto(await getAuditEntry(c.get('ctx'), c.req.valid('param').id)), 200));
  app.openapi(routes.auditExport, async (c) => {
    const ctx = c.get('ctx');
    const job = await startAuditExport(ctx, c.req.valid('json'));
    return created(c, jobProgressDto(await myJobProgress(ctx, job.id)), `/api/v1/jobs/${job.id}/progress`);
  });
  app.openapi(routes.jobList, async (c) => {
    const q = readListQuery(c, JOB_API_LIST);
    const result = await listJobs(c.get('ctx'), q);
    return c.json(listed({ rows: result.rows.map(jobDto), total: result.total }, q), 200);
  });
  app.openapi(routes.job, async (c) => c.json(jobDetailDto(await getJob(c.get('ctx'), c.req.valid('param').id)), 200));
  app.openapi(routes.jobProgress, async (c) => c.json(jobProgressDto(await myJobProgress(c.get('ctx'), c.req.valid('param').id)), 200));
}
