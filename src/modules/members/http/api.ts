import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import { z } from 'zod';
import type { AppEnv } from '../../platform/http/types.ts';
import { parseListQuery } from '../../platform/ui/list.ts';
import { addContact, endContact, findMembersByPhone, listContacts, updateContact } from './contacts.ts';
import { applyOfficialDifferences, importCommunes, officialDifferences } from './import.ts';
import { createMember, getMember, listMembers, MEMBER_LIST, searchMembers, updateMember } from './members.ts';
import { addBudget, addCompetence, addDeliberation, listBudgets, listCompetences, listDeliberations } from './records.ts';
import { BUDGET_KINDS, COMPETENCES, CONTACT_FUNCTIONS, DELIBERATION_DECISIONS, MEMBER_STATUSES, ORGANISATION_KINDS } from './schema.ts';

/**
 * The registry's JSON API. Bodies are described here for the OpenAPI document; the use cases validate their
 * meaning (INSEE code, SIREN/SIRET keys, phone, e-mail) and answer 422 with one French message per field.
 */
const tags = ['Collectivités membres'];
const json = <S extends z.ZodType>(schema: S, description: string) => ({ content: { 'application/json': { schema } }, description });
const body = <S extends z.ZodType>(schema: S) => ({ body: { content: { 'application/json': { schema } }, required: true } });
const errors = { 401: { description: 'Non connecté' }, 403: { description: 'Interdit' }, 404: { description: 'Introuvable' }, 422: { description: 'Données invalides (détail par champ)' } };
const idParam = z.object({ id: z.uuid() });
const opt = z.string().optional();
const date = z.string().nullable().describe('AAAA-MM-JJ');

const member = z.object({
  id: z.uuid(),
  kind: z.enum(ORGANISATION_KINDS),
  name: z.string(),
  inseeCode: z.string().nullable(),
  siren: z.string().nullable(),
  siret: z.string().nullable(),
  population: z.number().int().nullable(),
  populationYear: z.number().int().nullable().describe('Année de référence de la population'),
  postcodes: z.array(z.string()),
  departement: z.string().nullable(),
  address: z.string().nullable(),
  phone: z.string().nullable(),
  email: z.string().nullable(),
  website: z.string().nullable(),
  parentEpciId: z.uuid().nullable(),
  epciName: z.string().nullable().optional(),
  status: z.enum(MEMBER_STATUSES),
  joinedOn: date,
  leftOn: date,
}).openapi('Member');
const memberBody = z.object({
  kind: z.enum(['commune', 'epci', 'syndicat', 'ccas', 'other']),
  name: z.string(),
  inseeCode: opt.describe('5 caractères ; 2A/2B pour la Corse'),
  siren: opt.describe('9 chiffres, clé de Luhn'),
  siret: opt.describe('14 chiffres, clé de Luhn'),
  population: z.number().int().optional(),
  populationYear: z.number().int().optional(),
  postcodes: z.array(z.string()).optional(),
  address: opt,
  phone: opt.describe('Numéro français'),
  email: opt,
  website: opt,
  parentEpciId: z.uuid().optional(),
  status: z.enum(MEMBER_STATUSES),
  joinedOn: opt,
  leftOn: opt,
}).openapi('MemberInput');
const contact = z.object({ id: z.uuid(), organisationId: z.uuid(), name: z.string(), function: z.enum(CONTACT_FUNCTIONS), functionDetail: z.string().nullable(), phone: z.string().nullable(), email: z.string().nullable(), userId: z.uuid().nullable(), startedOn: date, endedOn: date }).openapi('Contact');
const contactBody = z.object({ name: z.string(), function: z.enum(CONTACT_FUNCTIONS), functionDetail: opt, phone: opt, email: opt, startedOn: opt, endedOn: opt }).openapi('ContactInput');
const budget = z.object({ id: z.uuid(), organisationId: z.uuid(), name: z.string(), kind: z.enum(BUDGET_KINDS), siret: z.string().nullable(), chorusStructureId: z.string().nullable() }).openapi('Budget');
const budgetBody = z.object({ name: z.string(), kind: z.enum(BUDGET_KINDS), siret: opt, chorusStructureId: opt.describe('Identifiant de la structure dans Chorus Pro') });
const competence = z.object({ id: z.uuid(), organisationId: z.uuid(), competence: z.enum(COMPETENCES), startedOn: z.string(), endedOn: date, deliberationId: z.uuid().nullable() }).openapi('Competence');
const competenceBody = z.object({ competence: z.enum(COMPETENCES), startedOn: z.string(), endedOn: opt, deliberationId: z.uuid().optional() });
const deliberation = z.object({ id: z.uuid(), organisationId: z.uuid(), adoptedOn: z.string(), number: z.string(), subject: z.string(), decision: z.enum(DELIBERATION_DECISIONS), competence: z.enum(COMPETENCES).nullable(), fileId: z.uuid().nullable(), fileName: z.string().nullable() }).openapi('Deliberation');
const deliberationBody = z.object({ adoptedOn: z.string(), number: z.string(), subject: z.string(), decision: z.enum(DELIBERATION_DECISIONS), competence: z.enum(COMPETENCES).optional() });
const difference = z.object({ key: z.string(), organisationId: z.uuid(), organisationName: z.string(), inseeCode: z.string().nullable(), field: z.enum(['name', 'population', 'epci']), current: z.string().nullable(), official: z.string().nullable() });
const listQuery = z.object({ q: opt, kind: opt, epci: opt.describe('Identifiant de l’EPCI'), competence: opt, status: opt, tri: opt.describe('name, inseeCode, population, kind, status, epci'), ordre: z.enum(['asc', 'desc']).optional(), page: opt, taille: opt.describe('20, 50 ou 100') });
const departement = z.object({ departement: z.string().describe('Code du département : 90, 2A…') });
const sub = (path: string) => `/api/v1/members/{id}/${path}`;

const r = {
  list: createRoute({ method: 'get', path: '/api/v1/members', tags, summary: 'Collectivités (recherche, filtres, tri, pagination)', request: { query: listQuery }, responses: { 200: json(z.object({ rows: z.array(member), total: z.number().int(), page: z.number().int(), pageSize: z.number().int() }), 'Une page de collectivités'), ...errors } }),
  search: createRoute({ method: 'get', path: '/api/v1/members/search', tags, summary: 'Recherche rapide par nom, code INSEE ou code postal', request: { query: z.object({ q: z.string(), limit: z.coerce.number().int().min(1).max(50).optional() }) }, responses: { 200: json(z.array(z.object({ id: z.uuid(), name: z.string(), kind: z.string(), inseeCode: z.string().nullable(), postcodes: z.array(z.string()) })), 'Meilleures correspondances'), ...errors } }),
  byPhone: createRoute({ method: 'get', path: '/api/v1/members/by-phone', tags, summary: 'Qui appelle ? Contacts et collectivités ayant ce numéro', request: { query: z.object({ phone: z.string() }) }, responses: { 200: json(z.array(z.object({ organisationId: z.uuid(), organisationName: z.string(), inseeCode: z.string().nullable(), contactId: z.uuid().nullable(), contactName: z.string().nullable(), contactFunction: z.string().nullable() })), 'Correspondances'), ...errors } }),
  differences: createRoute({ method: 'get', path: '/api/v1/members/official-differences', tags, summary: 'Écarts avec les données officielles (nom, population, EPCI)', request: { query: departement }, responses: { 200: json(z.array(difference), 'Écarts'), ...errors } }),
  apply: createRoute({ method: 'post', path: '/api/v1/members/official-differences/apply', tags, summary: 'Appliquer les écarts acceptés (journalisé)', request: body(departement.extend({ accepted: z.array(z.string()).describe('Clés des écarts acceptés') })), responses: { 200: json(z.object({ applied: z.number().int() }), 'Écarts appliqués'), ...errors } }),
  import: createRoute({ method: 'post', path: '/api/v1/members/import-communes', tags, summary: 'Importer les communes et EPCI d’un département (sans modifier l’existant)', request: body(departement), responses: { 200: json(z.object({ departement: z.string(), communesCreated: z.number().int(), epcisCreated: z.number().int(), differences: z.number().int(), total: z.number().int() }), 'Résultat'), ...errors } }),
  create: createRoute({ method: 'post', path: '/api/v1/members', tags, summary: 'Créer une collectivité', request: body(memberBody), responses: { 201: json(member, 'Créée'), ...errors } }),
  get: createRoute({ method: 'get', path: '/api/v1/members/{id}', tags, summary: 'Une collectivité', request: { params: idParam }, responses: { 200: json(member, 'Collectivité'), ...errors } }),
  update: createRoute({ method: 'put', path: '/api/v1/members/{id}', tags, summary: 'Modifier une collectivité', request: { params: idParam, ...body(memberBody) }, responses: { 200: json(member, 'Modifiée'), ...errors } }),
  contacts: createRoute({ method: 'get', path: sub('contacts'), tags, summary: 'Contacts (actuels puis anciens)', request: { params: idParam }, responses: { 200: json(z.array(contact), 'Contacts'), ...errors } }),
  addContact: createRoute({ method: 'post', path: sub('contacts'), tags, summary: 'Ajouter un contact', request: { params: idParam, ...body(contactBody) }, responses: { 201: json(contact, 'Ajouté'), ...errors } }),
  updateContact: createRoute({ method: 'put', path: sub('contacts/{contactId}'), tags, summary: 'Modifier un contact', request: { params: idParam.extend({ contactId: z.uuid() }), ...body(contactBody) }, responses: { 200: json(contact, 'Modifié'), ...errors } }),
  endContact: createRoute({ method: 'post', path: sub('contacts/{contactId}/end'), tags, summary: 'Fin de fonctions d’un contact (historique conservé)', request: { params: idParam.extend({ contactId: z.uuid() }), body: { content: { 'application/json': { schema: z.object({ endedOn: opt }) } } } }, responses: { 200: json(contact, 'Contact terminé'), ...errors } }),
  budgets: createRoute({ method: 'get', path: sub('budgets'), tags, summary: 'Budgets (structures Chorus Pro)', request: { params: idParam }, responses: { 200: json(z.array(budget), 'Budgets'), ...errors } }),
  addBudget: createRoute({ method: 'post', path: sub('budgets'), tags, summary: 'Ajouter un budget', request: { params: idParam, ...body(budgetBody) }, responses: { 201: json(budget, 'Ajouté'), ...errors } }),
  competences: createRoute({ method: 'get', path: sub('competences'), tags, summary: 'Compétences transférées, datées', request: { params: idParam }, responses: { 200: json(z.array(competence), 'Compétences'), ...errors } }),
  addCompetence: createRoute({ method: 'post', path: sub('competences'), tags, summary: 'Enregistrer un transfert de compétence', request: { params: idParam, ...body(competenceBody) }, responses: { 201: json(competence, 'Enregistré'), ...errors } }),
  deliberations: createRoute({ method: 'get', path: sub('deliberations'), tags, summary: 'Délibérations', request: { params: idParam }, responses: { 200: json(z.array(deliberation), 'Délibérations'), ...errors } }),
  addDeliberation: createRoute({ method: 'post', path: sub('deliberations'), tags, summary: 'Enregistrer une délibération (le PDF se dépose depuis la fiche)', request: { params: idParam, ...body(deliberationBody) }, responses: { 201: json(deliberation, 'Enregistrée'), ...errors } }),
};

export function mountMembersApi(app: OpenAPIHono<AppEnv>) {
  app.openapi(r.list, async (c) => {
    const q = parseListQuery(c.req.valid('query'), MEMBER_LIST);
    const { rows, total } = await listMembers(c.get('ctx'), q);
    return c.json({ rows, total, page: q.page, pageSize: q.pageSize }, 200);
  });
  app.openapi(r.search, async (c) => c.json(await searchMembers(c.get('ctx'), c.req.valid('query')), 200));
  app.openapi(r.byPhone, async (c) => c.json(await findMembersByPhone(c.get('ctx'), c.req.valid('query').phone), 200));
  app.openapi(r.differences, async (c) => c.json(await officialDifferences(c.get('ctx'), c.req.valid('query')), 200));
  app.openapi(r.apply, async (c) => c.json({ applied: await applyOfficialDifferences(c.get('ctx'), c.req.valid('json')) }, 200));
  app.openapi(r.import, async (c) => c.json(await importCommunes(c.get('ctx'), c.req.valid('json')), 200));
  app.openapi(r.create, async (c) => c.json(await createMember(c.get('ctx'), c.req.valid('json')), 201));
  app.openapi(r.get, async (c) => c.json(await getMember(c.get('ctx'), c.req.valid('param').id), 200));
  app.openapi(r.update, async (c) => c.json(await updateMember(c.get('ctx'), c.req.valid('param').id, c.req.valid('json')), 200));
  app.openapi(r.contacts, async (c) => c.json(await listContacts(c.get('ctx'), c.req.valid('param').id), 200));
  app.openapi(r.addContact, async (c) => c.json(await addContact(c.get('ctx'), c.req.valid('param').id, c.req.valid('json')), 201));
  app.openapi(r.updateContact, async (c) => {
    const p = c.req.valid('param');
    return c.json(await updateContact(c.get('ctx'), p.contactId, c.req.valid('json'), p.id), 200);
  });
  app.openapi(r.endContact, async (c) => {
    const p = c.req.valid('param');
    return c.json(await endContact(c.get('ctx'), p.contactId, c.req.valid('json'), p.id), 200);
  });
  app.openapi(r.budgets, async (c) => c.json(await listBudgets(c.get('ctx'), c.req.valid('param').id), 200));
  app.openapi(r.addBudget, async (c) => c.json(await addBudget(c.get('ctx'), c.req.valid('param').id, c.req.valid('json')), 201));
  app.openapi(r.competences, async (c) => c.json(await listCompetences(c.get('ctx'), c.req.valid('param').id), 200));
  app.openapi(r.addCompetence, async (c) => c.json(await addCompetence(c.get('ctx'), c.req.valid('param').id, c.req.valid('json')), 201));
  app.openapi(r.deliberations, async (c) => c.json(await listDeliberations(c.get('ctx'), c.req.valid('param').id), 200));
  app.openapi(r.addDeliberation, async (c) => c.json(await addDeliberation(c.get('ctx'), c.req.valid('param').id, c.req.valid('json')), 201));
}
