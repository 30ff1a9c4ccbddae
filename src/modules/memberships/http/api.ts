import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import { z } from 'zod';
import type { AppEnv } from '../../platform/http/types.ts';
import { parseListQuery } from '../../platform/ui/list.ts';
import { amendmentInput, decideRequest, createAmendment, requestInput, requestOptionChange } from './amendments.ts';
import { getRun, listRuns, runContributions, runInput } from './contributions.ts';
import { conventionDetail, conventionInput, conventionPrices, createConvention, transition, transitionInput } from './conventions.ts';
import { conventionListSpec, listConventions } from './list.ts';
import { indexInput, importIndicesCsv, listIndices, revisionQuery, saveIndex, simulateRevision } from './syntec-service.ts';
import { adoptGrid, createGrid, getGrid, gridInput, listGrids, optionInput, proposeNextGrid, saveOption, updateGrid } from './tariffs.ts';

const tags = ['Adhésions informatiques'];
const json = <S extends z.ZodType>(schema: S, description: string) => ({ content: { 'application/json': { schema } }, description });
const any = z.looseObject({});
const idParam = z.object({ id: z.uuid() });
const errors = { 401: { description: 'Non connecté' }, 403: { description: 'Interdit' }, 404: { description: 'Introuvable' }, 409: { description: 'Conflit d’état' }, 422: { description: 'Données invalides' } };

const indexView = z.object({ month: z.string(), series: z.enum(['legacy', 'revised']), value: z.string(), publishedOn: z.string() });
export const trailSchema = z.object({
  amount: z.number().int().describe('P0 en centimes'),
  fixedPart: z.string().describe('a, partie fixe'),
  baseMonth: z.string(),
  s0: indexView,
  s: indexView,
  linkingCoefficient: z.string().nullable(),
  s0InSeriesOfS: z.string(),
  result: z.number().int().describe('P en centimes, arrondi au centime'),
  formula: z.string(),
});

const r = {
  revision: createRoute({ method: 'get', path: '/api/v1/syntec/revision', tags, summary: 'Simuler une révision Syntec (montants en centimes)', request: { query: revisionQuery }, responses: { 200: json(trailSchema, 'Prix révisé et sa trace'), ...errors } }),
  indices: createRoute({ method: 'get', path: '/api/v1/syntec/indices', tags, summary: 'Valeurs de l’indice Syntec', responses: { 200: json(z.array(any), 'Valeurs (centièmes de point)'), ...errors } }),
  saveIndex: createRoute({ method: 'post', path: '/api/v1/syntec/indices', tags, summary: 'Saisir une valeur mensuelle', request: { body: { content: { 'application/json': { schema: indexInput } } } }, responses: { 204: { description: 'Enregistré' }, ...errors } }),
  importIndices: createRoute({ method: 'post', path: '/api/v1/syntec/indices/import', tags, summary: 'Importer un CSV (mois;valeur;publication;serie)', request: { body: { content: { 'text/csv': { schema: z.string() } } } }, responses: { 200: json(z.object({ imported: z.number() }), 'Lignes importées'), ...errors } }),
  grids: createRoute({ method: 'get', path: '/api/v1/tariffs/grids', tags, summary: 'Grilles tarifaires', responses: { 200: json(z.array(any), 'Grilles'), ...errors } }),
  grid: createRoute({ method: 'get', path: '/api/v1/tariffs/grids/{id}', tags, summary: 'Une grille et ses options', request: { params: idParam }, responses: { 200: json(any, 'Grille'), ...errors } }),
  createGrid: createRoute({ method: 'post', path: '/api/v1/tariffs/grids', tags, summary: 'Créer une grille (brouillon)', request: { body: { content: { 'application/json': { schema: gridInput } } } }, responses: { 201: json(any, 'Grille créée'), ...errors } }),
  updateGrid: createRoute({ method: 'patch', path: '/api/v1/tariffs/grids/{id}', tags, summary: 'Modifier une grille en brouillon', request: { params: idParam, body: { content: { 'application/json': { schema: gridInput.partial().omit({ year: true }) } } } }, responses: { 200: json(any, 'Grille'), ...errors } }),
  saveOption: createRoute({ method: 'put', path: '/api/v1/tariffs/grids/{id}/options', tags, summary: 'Ajouter ou remplacer une option (par code)', request: { params: idParam, body: { content: { 'application/json': { schema: optionInput } } } }, responses: { 200: json(any, 'Option'), ...errors } }),
  propose: createRoute({ method: 'post', path: '/api/v1/tariffs/grids/{id}/propose-next', tags, summary: 'Proposer la grille de l’année suivante par révision Syntec', request: { params: idParam, body: { content: { 'application/json': { schema: z.object({ revisedAt: z.iso.date(), effectiveOn: z.iso.date() }) } } } }, responses: { 201: json(any, 'Grille proposée'), ...errors } }),
  adopt: createRoute({ method: 'post', path: '/api/v1/tariffs/grids/{id}/adopt', tags, summary: 'Adopter une grille (devient immuable)', request: { params: idParam }, responses: { 200: json(any, 'Grille adoptée'), ...errors } }),
  conventions: createRoute({ method: 'get', path: '/api/v1/conventions', tags, summary: 'Conventions (tri, filtres, pagination)', request: { query: z.object({ q: z.string().optional(), etat: z.string().optional(), generation: z.string().optional(), tri: z.string().optional(), ordre: z.string().optional(), page: z.string().optional(), taille: z.string().optional() }) }, responses: { 200: json(z.object({ rows: z.array(any), total: z.number() }), 'Conventions'), ...errors } }),
  createConvention: createRoute({ method: 'post', path: '/api/v1/conventions', tags, summary: 'Créer une convention (brouillon)', request: { body: { content: { 'application/json': { schema: conventionInput } } } }, responses: { 201: json(any, 'Convention'), ...errors } }),
  convention: createRoute({ method: 'get', path: '/api/v1/conventions/{id}', tags, summary: 'Une convention, ses options, avenants et demandes', request: { params: idParam }, responses: { 200: json(any, 'Convention'), ...errors } }),
  prices: createRoute({ method: 'get', path: '/api/v1/conventions/{id}/prices', tags, summary: 'Prix des options détenues à une date, avec leur détail', request: { params: idParam, query: z.object({ on: z.iso.date() }) }, responses: { 200: json(any, 'Prix'), ...errors } }),
  transition: createRoute({ method: 'post', path: '/api/v1/conventions/{id}/transitions', tags, summary: 'Faire évoluer la convention (soumettre, signer, reconduire, résilier…)', request: { params: idParam, body: { content: { 'application/json': { schema: transitionInput } } } }, responses: { 200: json(any, 'Convention'), ...errors } }),
  amendment: createRoute({ method: 'post', path: '/api/v1/conventions/{id}/amendments', tags, summary: 'Créer un avenant', request: { params: idParam, body: { content: { 'application/json': { schema: amendmentInput } } } }, responses: { 201: json(any, 'Avenant'), ...errors } }),
  request: createRoute({ method: 'post', path: '/api/v1/conventions/{id}/option-requests', tags, summary: 'Demander un changement d’options (collectivité)', request: { params: idParam, body: { content: { 'application/json': { schema: requestInput } } } }, responses: { 201: json(any, 'Demande'), ...errors } }),
  decide: createRoute({ method: 'post', path: '/api/v1/option-requests/{id}/decision', tags, summary: 'Accepter (avenant) ou refuser une demande', request: { params: idParam, body: { content: { 'application/json': { schema: z.object({ accept: z.boolean(), note: z.string().optional(), effectiveOn: z.iso.date().optional() }) } } } }, responses: { 200: json(any, 'Demande'), ...errors } }),
  runs: createRoute({ method: 'get', path: '/api/v1/contribution-runs', tags, summary: 'Campagnes de contributions', responses: { 200: json(z.array(any), 'Campagnes'), ...errors } }),
  createRun: createRoute({ method: 'post', path: '/api/v1/contribution-runs', tags, summary: 'Calculer et figer les contributions d’une période', request: { body: { content: { 'application/json': { schema: runInput } } } }, responses: { 201: json(any, 'Campagne'), ...errors } }),
  run: createRoute({ method: 'get', path: '/api/v1/contribution-runs/{id}', tags, summary: 'Une campagne : lignes, totaux par option, comparaison', request: { params: idParam }, responses: { 200: json(any, 'Campagne'), ...errors } }),
};

export function mountMembershipsApi(app: OpenAPIHono<AppEnv>) {
  app.openapi(r.revision, async (c) => c.json(await simulateRevision(c.get('ctx'), c.req.valid('query')), 200));
  app.openapi(r.indices, async (c) => c.json(await listIndices(c.get('ctx')), 200));
  app.openapi(r.saveIndex, async (c) => {
    await saveIndex(c.get('ctx'), c.req.valid('json'));
    return c.body(null, 204);
  });
  app.openapi(r.importIndices, async (c) => c.json(await importIndicesCsv(c.get('ctx'), await c.req.text()), 200));
  app.openapi(r.grids, async (c) => c.json(await listGrids(c.get('ctx')), 200));
  app.openapi(r.grid, async (c) => c.json(await getGrid(c.get('ctx'), c.req.valid('param').id), 200));
  app.openapi(r.createGrid, async (c) => c.json(await createGrid(c.get('ctx'), c.req.valid('json')), 201));
  app.openapi(r.updateGrid, async (c) => c.json(await updateGrid(c.get('ctx'), c.req.valid('param').id, c.req.valid('json')), 200));
  app.openapi(r.saveOption, async (c) => c.json(await saveOption(c.get('ctx'), c.req.valid('param').id, c.req.valid('json')), 200));
  app.openapi(r.propose, async (c) => c.json(await proposeNextGrid(c.get('ctx'), c.req.valid('param').id, c.req.valid('json')), 201));
  app.openapi(r.adopt, async (c) => c.json(await adoptGrid(c.get('ctx'), c.req.valid('param').id), 200));
  app.openapi(r.conventions, async (c) => {
    const q = parseListQuery(c.req.valid('query'), conventionListSpec);
    return c.json(await listConventions(c.get('ctx'), q), 200);
  });
  app.openapi(r.createConvention, async (c) => c.json(await createConvention(c.get('ctx'), c.req.valid('json')), 201));
  app.openapi(r.convention, async (c) => c.json(await conventionDetail(c.get('ctx'), c.req.valid('param').id), 200));
  app.openapi(r.prices, async (c) => c.json(await conventionPrices(c.get('ctx'), c.req.valid('param').id, c.req.valid('query').on), 200));
  app.openapi(r.transition, async (c) => c.json(await transition(c.get('ctx'), c.req.valid('param').id, c.req.valid('json')), 200));
  app.openapi(r.amendment, async (c) => c.json(await createAmendment(c.get('ctx'), c.req.valid('param').id, c.req.valid('json')), 201));
  app.openapi(r.request, async (c) => c.json(await requestOptionChange(c.get('ctx'), c.req.valid('param').id, c.req.valid('json')), 201));
  app.openapi(r.decide, async (c) => c.json(await decideRequest(c.get('ctx'), c.req.valid('param').id, c.req.valid('json')), 200));
  app.openapi(r.runs, async (c) => c.json(await listRuns(c.get('ctx')), 200));
  app.openapi(r.createRun, async (c) => c.json(await runContributions(c.get('ctx'), c.req.valid('json')), 201));
  app.openapi(r.run, async (c) => c.json(await getRun(c.get('ctx'), c.req.valid('param').id), 200));
}
