import { z } from '@hono/zod-openapi';
import { isoDate, isoInstant, listOf, uuid } from '../../../platform/http/api.ts';
import type { Contact, PhoneMatch } from '../contacts.ts';
import type { Difference, ImportResult } from '../import.ts';
import type { MemberHit, MemberRow } from '../members.ts';
import type { Budget, Competence, Deliberation } from '../records.ts';
import { BUDGET_KINDS, COMPETENCES, CONTACT_FUNCTIONS, DELIBERATION_DECISIONS, MEMBER_KINDS, MEMBER_STATUSES, ORGANISATION_KINDS } from '../vocabulary.ts';

/** The registry's JSON shapes (ADR 0003): response schemas, the presenters that fill them, and request bodies. */

const date = () => isoDate().nullable().describe('AAAA-MM-JJ');

export const MemberDto = z
  .object({
    id: uuid(),
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
    parentEpciId: uuid().nullable(),
    epciName: z.string().nullable(),
    status: z.enum(MEMBER_STATUSES),
    joinedOn: date(),
    leftOn: date(),
    updatedAt: isoInstant(),
  })
  .openapi('Member');
export const MemberPage = listOf(MemberDto, 'MemberPage');

export const presentMember = (m: MemberRow): z.infer<typeof MemberDto> => ({
  id: m.id,
  kind: m.kind,
  name: m.name,
  inseeCode: m.inseeCode,
  siren: m.siren,
  siret: m.siret,
  population: m.population,
  populationYear: m.populationYear,
  postcodes: m.postcodes,
  departement: m.departement,
  address: m.address,
  phone: m.phone,
  email: m.email,
  website: m.website,
  parentEpciId: m.parentEpciId,
  epciName: m.epciName,
  status: m.status,
  joinedOn: m.joinedOn,
  leftOn: m.leftOn,
  updatedAt: m.updatedAt.toISOString(),
});

export const MemberHitDto = z
  .object({ id: uuid(), name: z.string(), kind: z.enum(ORGANISATION_KINDS), inseeCode: z.string().nullable(), postcodes: z.array(z.string()) })
  .openapi('MemberHit');
export const presentHit = (h: MemberHit): z.infer<typeof MemberHitDto> => ({ id: h.id, name: h.name, kind: h.kind, inseeCode: h.inseeCode, postcodes: h.postcodes });

export const PhoneMatchDto = z
  .object({
    organisationId: uuid(),
    organisationName: z.string(),
    inseeCode: z.string().nullable(),
    contactId: uuid().nullable(),
    contactName: z.string().nullable(),
    contactFunction: z.enum(CONTACT_FUNCTIONS).nullable(),
  })
  .openapi('PhoneMatch');
export const presentPhoneMatch = (p: PhoneMatch): z.infer<typeof PhoneMatchDto> => ({
  organisationId: p.organisationId,
  organisationName: p.organisationName,
  inseeCode: p.inseeCode,
  contactId: p.contactId,
  contactName: p.contactName,
  contactFunction: p.contactFunction,
});

export const ContactDto = z
  .object({
    id: uuid(),
    organisationId: uuid(),
    name: z.string(),
    function: z.enum(CONTACT_FUNCTIONS),
    functionDetail: z.string().nullable(),
    phone: z.string().nullable(),
    email: z.string().nullable(),
    userId: uuid().nullable().describe('Compte utilisateur lié, le cas échéant'),
    startedOn: date(),
    endedOn: date(),
  })
  .openapi('Contact');
export const presentContact = (c: Contact): z.infer<typeof ContactDto> => ({
  id: c.id,
  organisationId: c.organisationId,
  name: c.name,
  function: c.function,
  functionDetail: c.functionDetail,
  phone: c.phone,
  email: c.email,
  userId: c.userId,
  startedOn: c.startedOn,
  endedOn: c.endedOn,
});

export const BudgetDto = z
  .object({ id: uuid(), organisationId: uuid(), name: z.string(), kind: z.enum(BUDGET_KINDS), siret: z.string().nullable(), chorusStructureId: z.string().nullable().describe('Identifiant de la structure dans Chorus Pro') })
  .openapi('Budget');
export const presentBudget = (b: Budget): z.infer<typeof BudgetDto> => ({ id: b.id, organisationId: b.organisationId, name: b.name, kind: b.kind, siret: b.siret, chorusStructureId: b.chorusStructureId });

export const CompetenceDto = z
  .object({ id: uuid(), organisationId: uuid(), competence: z.enum(COMPETENCES), startedOn: isoDate(), endedOn: date(), deliberationId: uuid().nullable() })
  .openapi('Competence');
export const presentCompetence = (k: Competence): z.infer<typeof CompetenceDto> => ({
  id: k.id,
  organisationId: k.organisationId,
  competence: k.competence,
  startedOn: k.startedOn,
  endedOn: k.endedOn,
  deliberationId: k.deliberationId,
});

export const DeliberationDto = z
  .object({
    id: uuid(),
    organisationId: uuid(),
    adoptedOn: isoDate(),
    number: z.string(),
    subject: z.string(),
    decision: z.enum(DELIBERATION_DECISIONS),
    competence: z.enum(COMPETENCES).nullable(),
    fileName: z.string().nullable().describe('Nom du PDF signé, s’il a été déposé (téléchargeable depuis la fiche)'),
  })
  .openapi('Deliberation');
export const presentDeliberation = (d: Deliberation): z.infer<typeof DeliberationDto> => ({
  id: d.id,
  organisationId: d.organisationId,
  adoptedOn: d.adoptedOn,
  number: d.number,
  subject: d.subject,
  decision: d.decision,
  competence: d.competence,
  fileName: d.fileId ? d.fileName : null,
});

export const DifferenceDto = z
  .object({
    key: z.string().describe('Clé à renvoyer pour accepter l’écart'),
    organisationId: uuid(),
    organisationName: z.string(),
    inseeCode: z.string().nullable(),
    field: z.enum(['name', 'population', 'epci']),
    current: z.string().nullable(),
    official: z.string().nullable(),
  })
  .openapi('OfficialDifference');
export const presentDifference = (d: Difference): z.infer<typeof DifferenceDto> => ({
  key: d.key,
  organisationId: d.organisationId,
  organisationName: d.organisationName,
  inseeCode: d.inseeCode,
  field: d.field,
  current: d.current,
  official: d.official,
});

export const ImportResultDto = z
  .object({ departement: z.string(), communesCreated: z.number().int(), epcisCreated: z.number().int(), differences: z.number().int(), total: z.number().int() })
  .openapi('CommunesImport');
export const presentImport = (r: ImportResult): z.infer<typeof ImportResultDto> => ({
  departement: r.departement,
  communesCreated: r.communesCreated,
  epcisCreated: r.epcisCreated,
  differences: r.differences,
  total: r.total,
});

export const AppliedDto = z.object({ applied: z.number().int().describe('Nombre d’écarts appliqués') }).openapi('OfficialDifferencesApplied');

// Request bodies. The use cases validate their meaning (INSEE code, SIREN/SIRET keys, phone, e-mail) and
// answer 422 with one French message per field.
const opt = z.string().optional();
export const MemberInput = z
  .object({
    kind: z.enum(MEMBER_KINDS),
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
    parentEpciId: uuid().optional(),
    status: z.enum(MEMBER_STATUSES),
    joinedOn: isoDate().optional(),
    leftOn: isoDate().optional(),
  })
  .openapi('MemberInput');
export const ContactInput = z
  .object({ name: z.string(), function: z.enum(CONTACT_FUNCTIONS), functionDetail: opt, phone: opt, email: opt, startedOn: isoDate().optional(), endedOn: isoDate().optional() })
  .openapi('ContactInput');
export const ContactEnd = z.object({ endedOn: isoDate().optional().describe('Par défaut : aujourd’hui') }).openapi('ContactEnd');
export const BudgetInput = z
  .object({ name: z.string(), kind: z.enum(BUDGET_KINDS), siret: opt, chorusStructureId: opt.describe('Identifiant de la structure dans Chorus Pro') })
  .openapi('BudgetInput');
export const CompetenceInput = z
  .object({ competence: z.enum(COMPETENCES), startedOn: isoDate(), endedOn: isoDate().optional(), deliberationId: uuid().optional() })
  .openapi('CompetenceInput');
export const DeliberationInput = z
  .object({ adoptedOn: isoDate(), number: z.string(), subject: z.string(), decision: z.enum(DELIBERATION_DECISIONS), competence: z.enum(COMPETENCES).optional() })
  .openapi('DeliberationInput');
export const Departement = z.object({ departement: z.string().describe('Code du département : 90, 2A, 974…') });
export const ApplyDifferences = Departement.extend({ accepted: z.array(z.string()).describe('Clés des écarts acceptés') }).openapi('OfficialDifferencesAccepted');
