import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { body, created, errors, idParam, itemsOf, json, listed, listQuery, readListQuery, uuid, type ApiListSpec } from '../../../platform/http/api.ts';
import type { AppEnv } from '../../../platform/http/types.ts';
import { addContact, endContact, findMembersByPhone, getContact, listContacts, updateContact } from '../contacts.ts';
import { applyOfficialDifferences, importCommunes, officialDifferences } from '../import.ts';
import { createMember, getMember, listMembers, MEMBER_LIST, searchMembers, updateMember, type MemberFilter, type MemberSort } from '../members.ts';
import { addBudget, addCompetence, addDeliberation, getBudget, getCompetence, getDeliberation, listBudgets, listCompetences, listDeliberations, loadDeliberationPdf, updateBudget, updateCompetence } from '../records.ts';
import { COMPETENCES, MEMBER_KINDS, MEMBER_STATUSES } from '../vocabulary.ts';
import {
  AppliedDto,
  ApplyDifferences,
  BudgetDto,
  BudgetInput,
  CompetenceDto,
  CompetenceInput,
  ContactDto,
  ContactEnd,
  ContactInput,
  DeliberationDto,
  DeliberationInput,
  Departement,
  DifferenceDto,
  ImportResultDto,
  MemberDto,
  MemberHitDto,
  MemberInput,
  MemberPage,
  PhoneMatchDto,
  presentBudget,
  presentCompetence,
  presentContact,
  presentDeliberation,
  presentDifference,
  presentHit,
  presentImport,
  presentMember,
  presentPhoneMatch,
} from './dto.ts';
import { download } from './forms.ts';

/**
 * The registry's JSON API (ADR 0003): thin handlers that validate, call one use case and present. The use
 * cases check the meaning of the bodies (INSEE code, SIREN/SIRET keys, phone, e-mail) and answer 422 with one
 * French message per field.
 */
const tags = ['Collectivités membres'];
const base = '/api/v1/members';
const sub = (path: string) => `${base}/{id}/${path}`;
const contactParam = idParam.extend({ contactId: uuid() });
const budgetParam = idParam.extend({ budgetId: uuid() });
const competenceParam = idParam.extend({ competenceId: uuid() });
const deliberationParam = idParam.extend({ deliberationId: uuid() });

/** The list's parameters: the French `tri`, `ordre`, `taille` of the first version are read for one release. */
const MEMBER_API_LIST: ApiListSpec<MemberSort, MemberFilter> = {
  ...MEMBER_LIST,
  filterValues: { kind: MEMBER_KINDS, status: MEMBER_STATUSES, competence: COMPETENCES },
};

const r = {
  list: createRoute({ method: 'get', path: base, tags, summary: 'Collectivités (recherche, filtres, tri, pagination)', request: { query: listQuery(MEMBER_API_LIST) }, responses: { 200: json(MemberPage, 'Une page de collectivités'), ...errors } }),
  search: createRoute({ method: 'get', path: `${base}/search`, tags, summary: 'Recherche rapide par nom, code INSEE ou code postal (meilleures correspondances d’abord)', request: { query: z.object({ q: z.string().max(200), limit: z.coerce.number().int().min(1).max(50).optional() }) }, responses: { 200: json(itemsOf(MemberHitDto, 'MemberHits'), 'Meilleures correspondances'), ...errors } }),
  byPhone: createRoute({ method: 'get', path: `${base}/by-phone`, tags, summary: 'Qui appelle ? Contacts actuels et collectivités ayant ce numéro', request: { query: z.object({ phone: z.string().max(40) }) }, responses: { 200: json(itemsOf(PhoneMatchDto, 'PhoneMatches'), 'Correspondances'), ...errors } }),
  differences: createRoute({ method: 'get', path: `${base}/official-differences`, tags, summary: 'Écarts avec les données officielles (nom, population, EPCI)', request: { query: Departement }, responses: { 200: json(itemsOf(DifferenceDto, 'OfficialDifferences'), 'Écarts'), ...errors } }),
  apply: createRoute({ method: 'post', path: `${base}/official-differences/apply`, tags, summary: 'Appliquer les écarts acceptés (journalisé)', request: body(ApplyDifferences), responses: { 200: json(AppliedDto, 'Écarts appliqués'), ...errors } }),
  import: createRoute({ method: 'post', path: `${base}/import-communes`, tags, summary: 'Importer les communes et EPCI d’un département (sans modifier l’existant)', request: body(Departement), responses: { 200: json(ImportResultDto, 'Résultat'), ...errors } }),
  create: createRoute({ method: 'post', path: base, tags, summary: 'Créer une collectivité', request: body(MemberInput), responses: { 201: json(MemberDto, 'Créée'), ...errors } }),
  get: createRoute({ method: 'get', path: `${base}/{id}`, tags, summary: 'Une collectivité', request: { params: idParam }, responses: { 200: json(MemberDto, 'Collectivité'), ...errors } }),
  update: createRoute({ method: 'put', path: `${base}/{id}`, tags, summary: 'Modifier une collectivité', request: { params: idParam, ...body(MemberInput) }, responses: { 200: json(MemberDto, 'Modifiée'), ...errors } }),
  contacts: createRoute({ method: 'get', path: sub('contacts'), tags, summary: 'Contacts (actuels puis anciens)', request: { params: idParam }, responses: { 200: json(itemsOf(ContactDto, 'Contacts'), 'Contacts'), ...errors } }),
  contact: createRoute({ method: 'get', path: sub('contacts/{contactId}'), tags, summary: 'Un contact', request: { params: contactParam }, responses: { 200: json(ContactDto, 'Contact'), ...errors } }),
  addContact: createRoute({ method: 'post', path: sub('contacts'), tags, summary: 'Ajouter un contact', request: { params: idParam, ...body(ContactInput) }, responses: { 201: json(ContactDto, 'Ajouté'), ...errors } }),
  updateContact: createRoute({ method: 'put', path: sub('contacts/{contactId}'), tags, summary: 'Modifier un contact', request: { params: contactParam, ...body(ContactInput) }, responses: { 200: json(ContactDto, 'Modifié'), ...errors } }),
  endContact: createRoute({ method: 'post', path: sub('contacts/{contactId}/end'), tags, summary: 'Fin de fonctions d’un contact (historique conservé)', request: { params: contactParam, ...body(ContactEnd) }, responses: { 200: json(ContactDto, 'Contact terminé'), ...errors } }),
  budgets: createRoute({ method: 'get', path: sub('budgets'), tags, summary: 'Budgets (structures Chorus Pro)', request: { params: idParam }, responses: { 200: json(itemsOf(BudgetDto, 'Budgets'), 'Budgets'), ...errors } }),
  budget: createRoute({ method: 'get', path: sub('budgets/{budgetId}'), tags, summary: 'Un budget', request: { params: budgetParam }, responses: { 200: json(BudgetDto, 'Budget'), ...errors } }),
  updateBudget: createRoute({ method: 'put', path: sub('budgets/{budgetId}'), tags, summary: 'Modifier un budget', request: { params: budgetParam, ...body(BudgetInput) }, responses: { 200: json(BudgetDto, 'Modifié'), ...errors } }),
  addBudget: createRoute({ method: 'post', path: sub('budgets'), tags, summary: 'Ajouter un budget', request: { params: idParam, ...body(BudgetInput) }, responses: { 201: json(BudgetDto, 'Ajouté'), ...errors } }),
  competences: createRoute({ method: 'get', path: sub('competences'), tags, summary: 'Compétences transférées, datées', request: { params: idParam }, responses: { 200: json(itemsOf(CompetenceDto, 'Competences'), 'Compétences'), ...errors } }),
  competence: createRoute({ method: 'get', path: sub('competences/{competenceId}'), tags, summary: 'Un transfert de compétence', request: { params: competenceParam }, responses: { 200: json(CompetenceDto, 'Transfert'), ...errors } }),
  updateCompetence: createRoute({ method: 'put', path: sub('competences/{competenceId}'), tags, summary: 'Modifier un transfert de compétence (dates, délibération)', request: { params: competenceParam, ...body(CompetenceInput) }, responses: { 200: json(CompetenceDto, 'Modifié'), ...errors } }),
  addCompetence: createRoute({ method: 'post', path: sub('competences'), tags, summary: 'Enregistrer un transfert de compétence', request: { params: idParam, ...body(CompetenceInput) }, responses: { 201: json(CompetenceDto, 'Enregistré'), ...errors } }),
  deliberations: createRoute({ method: 'get', path: sub('deliberations'), tags, summary: 'Délibérations, de la plus récente à la plus ancienne', request: { params: idParam }, responses: { 200: json(itemsOf(DeliberationDto, 'Deliberations'), 'Délibérations'), ...errors } }),
  deliberation: createRoute({ method: 'get', path: sub('deliberations/{deliberationId}'), tags, summary: 'Une délibération', request: { params: deliberationParam }, responses: { 200: json(DeliberationDto, 'Délibération'), ...errors } }),
  deliberationPdf: createRoute({ method: 'get', path: sub('deliberations/{deliberationId}/pdf'), tags, summary: 'Le PDF signé d’une délibération', request: { params: deliberationParam }, responses: { 200: { content: { 'application/pdf': { schema: z.string().openapi({ format: 'binary' }) } }, description: 'PDF' }, ...errors } }),
  addDeliberation: createRoute({ method: 'post', path: sub('deliberations'), tags, summary: 'Enregistrer une délibération (le PDF se dépose depuis la fiche)', request: { params: idParam, ...body(DeliberationInput) }, responses: { 201: json(DeliberationDto, 'Enregistrée'), ...errors } }),
};

export function mountMembersApi(app: OpenAPIHono<AppEnv>) {
  app.openapi(r.list, async (c) => {
    const q = readListQuery(c, MEMBER_API_LIST);
    const { rows, total } = await listMembers(c.get('ctx'), q);
    return c.json(listed({ rows: rows.map(presentMember), total }, q), 200);
  });
  app.openapi(r.search, async (c) => c.json({ items: (await searchMembers(c.get('ctx'), c.req.valid('query'))).map(presentHit) }, 200));
  app.openapi(r.byPhone, async (c) => c.json({ items: (await findMembersByPhone(c.get('ctx'), c.req.valid('query').phone)).map(presentPhoneMatch) }, 200));
  app.openapi(r.differences, async (c) => c.json({ items: (await officialDifferences(c.get('ctx'), c.req.valid('query'))).map(presentDifference) }, 200));
  app.openapi(r.apply, async (c) => c.json({ applied: await applyOfficialDifferences(c.get('ctx'), c.req.valid('json')) }, 200));
  app.openapi(r.import, async (c) => c.json(presentImport(await importCommunes(c.get('ctx'), c.req.valid('json'))), 200));
  app.openapi(r.create, async (c) => {
    const m = await createMember(c.get('ctx'), c.req.valid('json'));
    return created(c, presentMember(m), `${base}/${m.id}`);
  });
  app.openapi(r.get, async (c) => c.json(presentMember(await getMember(c.get('ctx'), c.req.valid('param').id)), 200));
  app.openapi(r.update, async (c) => c.json(presentMember(await updateMember(c.get('ctx'), c.req.valid('param').id, c.req.valid('json'))), 200));

  app.openapi(r.contacts, async (c) => c.json({ items: (await listContacts(c.get('ctx'), c.req.valid('param').id)).map(presentContact) }, 200));
  app.openapi(r.contact, async (c) => {
    const p = c.req.valid('param');
    return c.json(presentContact(await getContact(c.get('ctx'), p.contactId, p.id)), 200);
  });
  app.openapi(r.addContact, async (c) => {
    const p = await addContact(c.get('ctx'), c.req.valid('param').id, c.req.valid('json'));
    return created(c, presentContact(p), `${base}/${p.organisationId}/contacts/${p.id}`);
  });
  app.openapi(r.updateContact, async (c) => {
    const p = c.req.valid('param');
    return c.json(presentContact(await updateContact(c.get('ctx'), p.contactId, c.req.valid('json'), p.id)), 200);
  });
  app.openapi(r.endContact, async (c) => {
    const p = c.req.valid('param');
    return c.json(presentContact(await endContact(c.get('ctx'), p.contactId, c.req.valid('json'), p.id)), 200);
  });

  app.openapi(r.budgets, async (c) => c.json({ items: (await listBudgets(c.get('ctx'), c.req.valid('param').id)).map(presentBudget) }, 200));
  app.openapi(r.budget, async (c) => {
    const p = c.req.valid('param');
    return c.json(presentBudget(await getBudget(c.get('ctx'), p.budgetId, p.id)), 200);
  });
  app.openapi(r.updateBudget, async (c) => {
    const p = c.req.valid('param');
    return c.json(presentBudget(await updateBudget(c.get('ctx'), p.budgetId, c.req.valid('json'), p.id)), 200);
  });
  app.openapi(r.addBudget, async (c) => {
    const b = await addBudget(c.get('ctx'), c.req.valid('param').id, c.req.valid('json'));
    return created(c, presentBudget(b), `${base}/${b.organisationId}/budgets/${b.id}`);
  });

  app.openapi(r.competences, async (c) => c.json({ items: (await listCompetences(c.get('ctx'), c.req.valid('param').id)).map(presentCompetence) }, 200));
  app.openapi(r.competence, async (c) => {
    const p = c.req.valid('param');
    return c.json(presentCompetence(await getCompetence(c.get('ctx'), p.competenceId, p.id)), 200);
  });
  app.openapi(r.updateCompetence, async (c) => {
    const p = c.req.valid('param');
    return c.json(presentCompetence(await updateCompetence(c.get('ctx'), p.competenceId, c.req.valid('json'), p.id)), 200);
  });
  app.openapi(r.addCompetence, async (c) => {
    const k = await addCompetence(c.get('ctx'), c.req.valid('param').id, c.req.valid('json'));
    return created(c, presentCompetence(k), `${base}/${k.organisationId}/competences/${k.id}`);
  });

  app.openapi(r.deliberations, async (c) => c.json({ items: (await listDeliberations(c.get('ctx'), c.req.valid('param').id)).map(presentDeliberation) }, 200));
  app.openapi(r.deliberation, async (c) => {
    const p = c.req.valid('param');
    return c.json(presentDeliberation(await getDeliberation(c.get('ctx'), p.deliberationId, p.id)), 200);
  });
  app.openapi(r.deliberationPdf, async (c) => {
    const p = c.req.valid('param');
    return download(c, await loadDeliberationPdf(c.get('ctx'), p.id, p.deliberationId));
  });
  app.openapi(r.addDeliberation, async (c) => {
    const d = await addDeliberation(c.get('ctx'), c.req.valid('param').id, c.req.valid('json'));
    return created(c, presentDeliberation(d), `${base}/${d.organisationId}/deliberations/${d.id}`);
  });
}
