import { z } from 'zod';
import { Invalid } from '../../platform/errors.ts';
import { BUDGET_KINDS, COMPETENCES, CONTACT_FUNCTIONS, DELIBERATION_DECISIONS, MEMBER_KINDS, MEMBER_STATUSES } from './vocabulary.ts';
import { compactDigits, emailProblem, formatPhone, inseeCodeProblem, normalisePhone, phoneProblem, sirenProblem, siretProblem } from './identifiers.ts';

/** Form fields arrive as strings, possibly empty: empty means "not given". */
const blank = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : typeof v === 'string' ? v.trim() : v);
const text = (max: number) => z.preprocess(blank, z.string({ error: 'Texte attendu.' }).max(max, `${max} caractères au plus.`).optional());
const required = (max: number) =>
  z.preprocess(blank, z.string({ error: 'Ce champ est obligatoire.' }).min(1, 'Ce champ est obligatoire.').max(max, `${max} caractères au plus.`));
const isoDate = z.preprocess(blank, z.iso.date({ error: 'Date attendue (AAAA-MM-JJ).' }).optional());
const requiredDate = z.preprocess(blank, z.iso.date({ error: 'Date attendue (AAAA-MM-JJ).' }));
const uuid = z.preprocess(blank, z.uuid({ error: 'Identifiant invalide.' }).optional());
const choice = <T extends readonly [string, ...string[]]>(values: T) => z.preprocess(blank, z.enum(values, { error: 'Choisissez une valeur de la liste.' }));

const identifier = (check: (v: string) => string | null) =>
  z.preprocess(
    (v) => (typeof blank(v) === 'string' ? compactDigits(v as string) : blank(v)),
    z
      .string()
      .optional()
      .superRefine((v, c) => {
        const problem = v === undefined ? null : check(v);
        if (problem) c.addIssue({ code: 'custom', message: problem });
      }),
  );
const email = z.preprocess(
  (v) => (typeof blank(v) === 'string' ? (v as string).trim().toLowerCase() : blank(v)),
  z.string().max(254).optional().superRefine((v, c) => {
    const problem = v === undefined ? null : emailProblem(v);
    if (problem) c.addIssue({ code: 'custom', message: problem });
  }),
);
const phone = z.preprocess(
  blank,
  z.string().max(40).optional().superRefine((v, c) => {
    const problem = v === undefined ? null : phoneProblem(v);
    if (problem) c.addIssue({ code: 'custom', message: problem });
  }).transform((v) => (v === undefined ? undefined : formatPhone(normalisePhone(v)!))),
);
const count = z.preprocess(
  (v) => (blank(v) === undefined ? undefined : typeof v === 'string' ? Number(v.replace(/\s/g, '')) : v),
  z.number({ error: 'Nombre entier attendu.' }).int('Nombre entier attendu.').min(0, 'Nombre positif attendu.').max(100_000_000).optional(),
);

export const memberInput = z
  .object({
    kind: choice(MEMBER_KINDS),
    name: required(200),
    inseeCode: z.preprocess((v) => (typeof blank(v) === 'string' ? (v as string).trim().toUpperCase() : blank(v)), z.string().optional().superRefine((v, c) => {
      const problem = v === undefined ? null : inseeCodeProblem(v);
      if (problem) c.addIssue({ code: 'custom', message: problem });
    })),
    siren: identifier(sirenProblem),
    siret: identifier(siretProblem),
    population: count,
    populationYear: z.preprocess((v) => (blank(v) === undefined ? undefined : Number(v)), z.number({ error: 'Année attendue.' }).int().min(1800, 'Année attendue.').max(2100, 'Année attendue.').optional()),
    postcodes: z.preprocess(
      (v) => (Array.isArray(v) ? v : typeof v === 'string' ? v.split(/[\s,;]+/).filter(Boolean) : v === undefined ? [] : v),
      z.array(z.string().regex(/^\d{5}$/, 'Codes postaux de 5 chiffres, séparés par des virgules.')).max(50),
    ),
    address: text(500),
    phone,
    email,
    website: z.preprocess(blank, z.url({ error: 'Adresse web attendue, commençant par https://.', protocol: /^https?$/ }).max(500).optional()),
    parentEpciId: uuid,
    status: choice(MEMBER_STATUSES),
    joinedOn: isoDate,
    leftOn: isoDate,
  })
  .superRefine((m, c) => {
    if (m.siren && m.siret && !m.siret.startsWith(m.siren)) c.addIssue({ code: 'custom', path: ['siret'], message: 'Le SIRET doit commencer par le SIREN.' });
    if (m.joinedOn && m.leftOn && m.leftOn < m.joinedOn) c.addIssue({ code: 'custom', path: ['leftOn'], message: 'La date de retrait précède la date d’adhésion.' });
    if (m.status === 'left' && !m.leftOn) c.addIssue({ code: 'custom', path: ['leftOn'], message: 'Indiquez la date de retrait.' });
    if (m.kind === 'commune' && !m.inseeCode) c.addIssue({ code: 'custom', path: ['inseeCode'], message: 'Une commune a un code INSEE.' });
    if (m.population !== undefined && m.populationYear === undefined) c.addIssue({ code: 'custom', path: ['populationYear'], message: 'Indiquez l’année de référence de la population.' });
  });
export type MemberInput = z.output<typeof memberInput>;

export const contactInput = z
  .object({
    name: required(200),
    function: choice(CONTACT_FUNCTIONS),
    functionDetail: text(200),
    phone,
    email,
    startedOn: isoDate,
    endedOn: isoDate,
  })
  .superRefine((m, c) => {
    if (m.startedOn && m.endedOn && m.endedOn < m.startedOn) c.addIssue({ code: 'custom', path: ['endedOn'], message: 'La date de fin précède la date de début.' });
  });
export type ContactInput = z.output<typeof contactInput>;

export const budgetInput = z
  .object({ name: required(200), kind: choice(BUDGET_KINDS), siret: identifier(siretProblem), chorusStructureId: text(50) })
  .superRefine((m, c) => {
    if (m.chorusStructureId && !/^\d{1,20}$/.test(m.chorusStructureId)) c.addIssue({ code: 'custom', path: ['chorusStructureId'], message: 'L’identifiant de structure Chorus Pro est un nombre.' });
  });
export type BudgetInput = z.output<typeof budgetInput>;

export const competenceInput = z
  .object({ competence: choice(COMPETENCES), startedOn: requiredDate, endedOn: isoDate, deliberationId: uuid })
  .superRefine((m, c) => {
    if (m.endedOn && m.endedOn < m.startedOn) c.addIssue({ code: 'custom', path: ['endedOn'], message: 'La date de fin précède la date de début.' });
  });
export type CompetenceInput = z.output<typeof competenceInput>;

export const deliberationInput = z
  .object({
    adoptedOn: requiredDate,
    number: required(50),
    subject: required(500),
    decision: choice(DELIBERATION_DECISIONS),
    competence: z.preprocess(blank, z.enum(COMPETENCES, { error: 'Choisissez une valeur de la liste.' }).optional()),
  })
  .superRefine((m, c) => {
    if (m.decision === 'transfert_competence' && !m.competence) c.addIssue({ code: 'custom', path: ['competence'], message: 'Indiquez la compétence transférée.' });
  });
export type DeliberationInput = z.output<typeof deliberationInput>;

/** Validates with a schema; a failure becomes `Invalid` with one French message per field. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const fields: Record<string, string> = {};
  for (const issue of result.error.issues) {
    const key = String(issue.path[0] ?? '_');
    fields[key] ??= issue.message;
  }
  throw new Invalid('Le formulaire contient des erreurs.', fields);
}

export { normalisePhone };
