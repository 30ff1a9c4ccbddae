import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { Invalid } from '../../../platform/errors.ts';
import { body, created, errors, idParam, isoDate, json, listed, listOf, listQuery, noContent, readListQuery, uuid, type ApiListSpec } from '../../../platform/http/api.ts';
import type { AppEnv } from '../../../platform/http/types.ts';
import type { ListQuery } from '../../../platform/list.ts';
import { amendmentInput, createAmendment, decideRequest, getAmendment, getOptionRequest, requestInput, requestOptionChange } from '../amendments.ts';
import { getRun, lineListSpec, listRunLines, listRuns, runContributions, runInput, runListSpec } from '../contributions.ts';
import { conventionDetail, conventionInput, conventionPrices, createConvention, transition, transitionInput } from '../conventions.ts';
import { contributionNotice, conventionDocument } from '../documents.ts';
import { CONVENTION_STATES } from '../lifecycle.ts';
import { conventionListSpec, listConventions } from '../list.ts';
import { remindersFor } from '../reminders.ts';
import { importIndicesCsv, indexListSpec, listIndices, revisionQuery, saveIndex, simulateRevision } from '../syntec-service.ts';
import { adoptGrid, createGrid, getGrid, gridInput, gridListSpec, listGrids, optionInput, proposeNextGrid, removeOption, saveOption, updateGrid } from '../tariffs.ts';
import {
  AmendmentDto,
  ContributionLineDto,
  ContributionRunDetailDto,
  ContributionRunDto,
  ConventionDetailDto,
  ConventionDto,
  ConventionPricesDto,
  ConventionSummaryDto,
  fromRatio,
  OptionRequestDto,
  presentAmendment,
  presentContributionLine,
  presentConvention,
  presentConventionDetail,
  presentConventionRow,
  presentGrid,
  presentGridDetail,
  presentIndex,
  presentOption,
  presentPrices,
  presentRequest,
  presentRun,
  presentRunDetail,
  presentTrail,
  RemindersDto,
  RevisionTrailDto,
  SyntecIndexDto,
  TariffGridDetailDto,
  TariffGridDto,
  TariffOptionDto,
} from './dto.ts';

const tags = ['Adhésions informatiques'];
/** A use case's page of rows, presented, in the list envelope. */
const page = <R, D>(result: { rows: R[]; total: number }, q: Pick<ListQuery, 'page' | 'pageSize'>, present: (row: R) => D) => listed({ rows: result.rows.map(present), total: result.total }, q);
/** A filter that must be an id: anything else is a 422 rather than a query that cannot match. */
function checkIdFilter(value: string | undefined, name: string) {
  if (value && !uuid().safeParse(value).success) throw new Invalid('Les données envoyées ne sont pas valides.', { [name]: 'Identifiant invalide (UUID attendu).' });
}
const pdf = (description: string) => ({ content: { 'application/pdf': { schema: z.string().openapi({ format: 'binary' }) } }, description });
const sendPdf = (c: Context<AppEnv>, doc: { filename: string; bytes: Buffer }) =>
  c.body(new Uint8Array(doc.bytes), 200, { 'Content-Type': 'application/pdf', 'Content-Disposition': `attachment; filename="${doc.filename}"` });

const conventions: ApiListSpec<(typeof conventionListSpec.sortable)[number], (typeof conventionListSpec.filters)[number]> = {
  ...conventionListSpec,
  filterValues: { status: CONVENTION_STATES },
  aliases: { etat: 'status', collectivite: 'organisationId' },
};
const runs: ApiListSpec<(typeof runListSpec.sortable)[number], never> = runListSpec;
const lines: ApiListSpec<(typeof lineListSpec.sortable)[number], (typeof lineListSpec.filters)[number]> = { ...lineListSpec, aliases: { collectivite: 'organisationId' } };
const grids: ApiListSpec<'year', 'status'> = { ...gridListSpec, filterValues: { status: ['draft', 'adopted'] } };
const indices: ApiListSpec<'month', 'series'> = { ...indexListSpec, filterValues: { series: ['legacy', 'revised'] } };

/** The API gives `a` as a ratio (0.15) and Syntec values in points (310.5), like it answers them. */
const optionBody = optionInput.extend({ fixedPart: z.number().min(0).max(1).default(0).describe('Partie fixe a, entre 0 et 1') });
const indexBody = z.object({
  month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'Mois au format AAAA-MM.'),
  series: z.enum(['legacy', 'revised']).optional(),
  value: z.number().positive().max(9999.99).describe('Valeur en points (322.2)'),
  publishedOn: isoDate().optional(),
});
const decisionBody = z.object({ accept: z.boolean(), note: z.string().optional(), effectiveOn: isoDate().optional() });
const proposeBody = z.object({ revisedAt: isoDate(), effectiveOn: isoDate() });
const runParams = z.object({ id: uuid(), organisationId: uuid() });
const codeParams = z.object({ id: uuid(), code: z.string().max(60) });

const r = {
  revision: createRoute({ method: 'get', path: '/api/v1/syntec/revision', tags, summary: 'Simuler une révision Syntec', request: { query: revisionQuery }, responses: { 200: json(RevisionTrailDto, 'Prix révisé et sa trace'), ...errors } }),
  indices: createRoute({ method: 'get', path: '/api/v1/syntec/indices', tags, summary: 'Valeurs de l’indice Syntec', request: { query: listQuery(indices) }, responses: { 200: json(listOf(SyntecIndexDto, 'SyntecIndexPage'), 'Valeurs'), ...errors } }),
  saveIndex: createRoute({ method: 'post', path: '/api/v1/syntec/indices', tags, summary: 'Saisir (ou corriger) une valeur mensuelle', request: body(indexBody), responses: { 200: json(SyntecIndexDto, 'Valeur enregistrée'), ...errors } }),
  importIndices: createRoute({
    method: 'post',
    path: '/api/v1/syntec/indices/import',
    tags,
    summary: 'Importer un CSV (mois;valeur;publication;serie)',
    request: { body: { content: { 'text/csv': { schema: z.string() } }, required: true } },
    responses: { 200: json(z.object({ imported: z.number().int() }).openapi('SyntecImport'), 'Lignes importées'), ...errors },
  }),
  grids: createRoute({ method: 'get', path: '/api/v1/tariffs/grids', tags, summary: 'Grilles tarifaires', request: { query: listQuery(grids) }, responses: { 200: json(listOf(TariffGridDto, 'TariffGridPage'), 'Grilles'), ...errors } }),
  grid: createRoute({ method: 'get', path: '/api/v1/tariffs/grids/{id}', tags, summary: 'Une grille et ses options', request: { params: idParam }, responses: { 200: json(TariffGridDetailDto, 'Grille'), ...errors } }),
  createGrid: createRoute({ method: 'post', path: '/api/v1/tariffs/grids', tags, summary: 'Créer une grille (brouillon)', request: body(gridInput), responses: { 201: json(TariffGridDto, 'Grille créée'), ...errors } }),
  updateGrid: createRoute({ method: 'patch', path: '/api/v1/tariffs/grids/{id}', tags, summary: 'Modifier une grille en brouillon', request: { params: idParam, ...body(gridInput.partial().omit({ year: true })) }, responses: { 200: json(TariffGridDto, 'Grille'), ...errors } }),
  saveOption: createRoute({ method: 'put', path: '/api/v1/tariffs/grids/{id}/options', tags, summary: 'Ajouter ou remplacer une option (par code)', request: { params: idParam, ...body(optionBody) }, responses: { 200: json(TariffOptionDto, 'Option'), ...errors } }),
  removeOption: createRoute({ method: 'delete', path: '/api/v1/tariffs/grids/{id}/options/{code}', tags, summary: 'Retirer une option d’une grille en brouillon', request: { params: codeParams }, responses: { ...noContent, ...errors } }),
  propose: createRoute({ method: 'post', path: '/api/v1/tariffs/grids/{id}/propose-next', tags, summary: 'Proposer la grille de l’année suivante par révision Syntec', request: { params: idParam, ...body(proposeBody) }, responses: { 201: json(TariffGridDetailDto, 'Grille proposée'), ...errors } }),
  adopt: createRoute({ method: 'post', path: '/api/v1/tariffs/grids/{id}/adopt', tags, summary: 'Adopter une grille (devient immuable)', request: { params: idParam }, responses: { 200: json(TariffGridDto, 'Grille adoptée'), ...errors } }),
  conventions: createRoute({ method: 'get', path: '/api/v1/conventions', tags, summary: 'Conventions (recherche, tri, filtres, pagination)', request: { query: listQuery(conventions) }, responses: { 200: json(listOf(ConventionSummaryDto, 'ConventionPage'), 'Conventions'), ...errors } }),
  createConvention: createRoute({ method: 'post', path: '/api/v1/conventions', tags, summary: 'Créer une convention (brouillon)', request: body(conventionInput), responses: { 201: json(ConventionDto, 'Convention'), ...errors } }),
  reminders: createRoute({ method: 'get', path: '/api/v1/convention-reminders', tags, summary: 'Rappels : sixième année, délibérations manquantes, conventions non signées', responses: { 200: json(RemindersDto, 'Rappels'), ...errors } }),
  convention: createRoute({ method: 'get', path: '/api/v1/conventions/{id}', tags, summary: 'Une convention, ses options, avenants et demandes', request: { params: idParam }, responses: { 200: json(ConventionDetailDto, 'Convention'), ...errors } }),
  conventionPdf: createRoute({ method: 'get', path: '/api/v1/conventions/{id}/document', tags, summary: 'La convention et son annexe tarifaire (PDF)', request: { params: idParam, query: z.object({ on: isoDate().optional() }) }, responses: { 200: pdf('Convention'), ...errors } }),
  prices: createRoute({ method: 'get', path: '/api/v1/conventions/{id}/prices', tags, summary: 'Prix des options détenues à une date, avec leur détail', request: { params: idParam, query: z.object({ on: isoDate() }) }, responses: { 200: json(ConventionPricesDto, 'Prix'), ...errors } }),
  transition: createRoute({ method: 'post', path: '/api/v1/conventions/{id}/transitions', tags, summary: 'Faire évoluer la convention (soumettre, signer, reconduire, résilier…)', request: { params: idParam, ...body(transitionInput) }, responses: { 200: json(ConventionDto, 'Convention'), ...errors } }),
  amendment: createRoute({ method: 'post', path: '/api/v1/conventions/{id}/amendments', tags, summary: 'Créer un avenant', request: { params: idParam, ...body(amendmentInput) }, responses: { 201: json(AmendmentDto, 'Avenant'), ...errors } }),
  getAmendment: createRoute({ method: 'get', path: '/api/v1/amendments/{id}', tags, summary: 'Un avenant', request: { params: idParam }, responses: { 200: json(AmendmentDto, 'Avenant'), ...errors } }),
  request: createRoute({ method: 'post', path: '/api/v1/conventions/{id}/option-requests', tags, summary: 'Demander un changement d’options (collectivité)', request: { params: idParam, ...body(requestInput) }, responses: { 201: json(OptionRequestDto, 'Demande'), ...errors } }),
  getRequest: createRoute({ method: 'get', path: '/api/v1/option-requests/{id}', tags, summary: 'Une demande de changement d’options', request: { params: idParam }, responses: { 200: json(OptionRequestDto, 'Demande'), ...errors } }),
  decide: createRoute({ method: 'post', path: '/api/v1/option-requests/{id}/decision', tags, summary: 'Accepter (avenant) ou refuser une demande', request: { params: idParam, ...body(decisionBody) }, responses: { 200: json(OptionRequestDto, 'Demande'), ...errors } }),
  runs: createRoute({ method: 'get', path: '/api/v1/contribution-runs', tags, summary: 'Campagnes de contributions (une collectivité : les siennes, avec son seul total)', request: { query: listQuery(runs) }, responses: { 200: json(listOf(ContributionRunDto, 'ContributionRunPage'), 'Campagnes'), ...errors } }),
  createRun: createRoute({ method: 'post', path: '/api/v1/contribution-runs', tags, summary: 'Calculer et figer les contributions d’une période', request: body(runInput), responses: { 201: json(ContributionRunDto, 'Campagne'), ...errors } }),
  run: createRoute({ method: 'get', path: '/api/v1/contribution-runs/{id}', tags, summary: 'Une campagne : totaux par option et comparaison avec la précédente', request: { params: idParam }, responses: { 200: json(ContributionRunDetailDto, 'Campagne'), ...errors } }),
  lines: createRoute({ method: 'get', path: '/api/v1/contribution-runs/{id}/lines', tags, summary: 'Les lignes d’une campagne (une collectivité : les siennes)', request: { params: idParam, query: listQuery(lines) }, responses: { 200: json(listOf(ContributionLineDto, 'ContributionLinePage'), 'Lignes'), ...errors } }),
  notice: createRoute({ method: 'get', path: '/api/v1/contribution-runs/{id}/notices/{organisationId}', tags, summary: 'L’avis de contribution d’une collectivité (PDF)', request: { params: runParams }, responses: { 200: pdf('Avis de contribution'), ...errors } }),
};

export function mountMembershipsApi(app: OpenAPIHono<AppEnv>) {
  app.openapi(r.revision, async (c) => c.json(presentTrail(await simulateRevision(c.get('ctx'), c.req.valid('query'))), 200));
  app.openapi(r.indices, async (c) => {
    const q = readListQuery(c, indices);
    return c.json(page(await listIndices(c.get('ctx'), q), q, presentIndex), 200);
  });
  app.openapi(r.saveIndex, async (c) => {
    const v = c.req.valid('json');
    return c.json(presentIndex(await saveIndex(c.get('ctx'), { ...v, value: String(v.value) })), 200);
  });
  app.openapi(r.importIndices, async (c) => c.json(await importIndicesCsv(c.get('ctx'), await c.req.text()), 200));
  app.openapi(r.grids, async (c) => {
    const q = readListQuery(c, grids);
    return c.json(page(await listGrids(c.get('ctx'), q), q, presentGrid), 200);
  });
  app.openapi(r.grid, async (c) => c.json(presentGridDetail(await getGrid(c.get('ctx'), c.req.valid('param').id)), 200));
  app.openapi(r.createGrid, async (c) => {
    const grid = await createGrid(c.get('ctx'), c.req.valid('json'));
    return created(c, presentGrid(grid), `/api/v1/tariffs/grids/${grid.id}`);
  });
  app.openapi(r.updateGrid, async (c) => c.json(presentGrid(await updateGrid(c.get('ctx'), c.req.valid('param').id, c.req.valid('json'))), 200));
  app.openapi(r.saveOption, async (c) => {
    const v = c.req.valid('json');
    return c.json(presentOption(await saveOption(c.get('ctx'), c.req.valid('param').id, { ...v, fixedPart: fromRatio(v.fixedPart) })), 200);
  });
  app.openapi(r.removeOption, async (c) => {
    const { id, code } = c.req.valid('param');
    await removeOption(c.get('ctx'), id, code);
    return c.body(null, 204);
  });
  app.openapi(r.propose, async (c) => {
    const grid = await proposeNextGrid(c.get('ctx'), c.req.valid('param').id, c.req.valid('json'));
    return created(c, presentGridDetail(grid), `/api/v1/tariffs/grids/${grid.id}`);
  });
  app.openapi(r.adopt, async (c) => c.json(presentGrid(await adoptGrid(c.get('ctx'), c.req.valid('param').id)), 200));
  app.openapi(r.conventions, async (c) => {
    const q = readListQuery(c, conventions);
    if (q.filters.generation && !/^\d{4}$/.test(q.filters.generation)) throw new Invalid('Les données envoyées ne sont pas valides.', { generation: 'Année de début de la génération attendue (AAAA).' });
    checkIdFilter(q.filters.organisationId, 'organisationId');
    return c.json(page(await listConventions(c.get('ctx'), q), q, presentConventionRow), 200);
  });
  app.openapi(r.createConvention, async (c) => {
    const convention = await createConvention(c.get('ctx'), c.req.valid('json'));
    return created(c, presentConvention(convention), `/api/v1/conventions/${convention.id}`);
  });
  app.openapi(r.reminders, async (c) => {
    const all = await remindersFor(c.get('ctx'));
    const items = (list: typeof all.unsigned) => list.map((i) => ({ conventionId: i.conventionId, number: i.number, organisationName: i.organisationName, date: i.date }));
    return c.json({ sixthYearEnding: items(all.sixthYearEnding), missingDeliberation: items(all.missingDeliberation), unsigned: items(all.unsigned) }, 200);
  });
  app.openapi(r.convention, async (c) => c.json(presentConventionDetail(await conventionDetail(c.get('ctx'), c.req.valid('param').id)), 200));
  app.openapi(r.conventionPdf, async (c) => {
    const ctx = c.get('ctx');
    return sendPdf(c, await conventionDocument(ctx, c.req.valid('param').id, c.req.valid('query').on ?? ctx.clock.now().toISOString().slice(0, 10)));
  });
  app.openapi(r.prices, async (c) => c.json(presentPrices(await conventionPrices(c.get('ctx'), c.req.valid('param').id, c.req.valid('query').on)), 200));
  app.openapi(r.transition, async (c) => c.json(presentConvention(await transition(c.get('ctx'), c.req.valid('param').id, c.req.valid('json'))), 200));
  app.openapi(r.amendment, async (c) => {
    const amendment = await createAmendment(c.get('ctx'), c.req.valid('param').id, c.req.valid('json'));
    return created(c, presentAmendment(amendment), `/api/v1/amendments/${amendment.id}`);
  });
  app.openapi(r.getAmendment, async (c) => c.json(presentAmendment(await getAmendment(c.get('ctx'), c.req.valid('param').id)), 200));
  app.openapi(r.request, async (c) => {
    const request = await requestOptionChange(c.get('ctx'), c.req.valid('param').id, c.req.valid('json'));
    return created(c, presentRequest(request), `/api/v1/option-requests/${request.id}`);
  });
  app.openapi(r.getRequest, async (c) => c.json(presentRequest(await getOptionRequest(c.get('ctx'), c.req.valid('param').id)), 200));
  app.openapi(r.decide, async (c) => c.json(presentRequest(await decideRequest(c.get('ctx'), c.req.valid('param').id, c.req.valid('json'))), 200));
  app.openapi(r.runs, async (c) => {
    const q = readListQuery(c, runs);
    return c.json(page(await listRuns(c.get('ctx'), q), q, presentRun), 200);
  });
  app.openapi(r.createRun, async (c) => {
    const run = await runContributions(c.get('ctx'), c.req.valid('json'));
    return created(c, presentRun(run), `/api/v1/contribution-runs/${run.id}`);
  });
  app.openapi(r.run, async (c) => c.json(presentRunDetail(await getRun(c.get('ctx'), c.req.valid('param').id)), 200));
  app.openapi(r.lines, async (c) => {
    const q = readListQuery(c, lines);
    checkIdFilter(q.filters.organisationId, 'organisationId');
    return c.json(page(await listRunLines(c.get('ctx'), c.req.valid('param').id, q), q, presentContributionLine), 200);
  });
  app.openapi(r.notice, async (c) => {
    const { id, organisationId } = c.req.valid('param');
    return sendPdf(c, await contributionNotice(c.get('ctx'), id, organisationId));
  });
}
