import { z } from 'zod';
import { Invalid } from '../../platform/errors.ts';
import { ARTICLE_CATEGORIES, ARTICLE_RUBRICS } from './vocabulary.ts';

/**
 * C0 control characters (tab and newlines aside) are removed from every text: they have no place in an
 * article, and the search excerpts use two of them as highlight markers.
 */
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g;
const clean = (max: number, label: string) =>
  z
    .string({ error: `${label} est obligatoire.` })
    .transform((v) => v.replace(CONTROL, '').replace(/\r\n/g, '\n').trim())
    .pipe(z.string().min(1, `${label} est obligatoire.`).max(max, `${label} : ${max} caractères au plus.`));

const optionalUrl = z
  .string()
  .trim()
  .transform((v) => (v === '' ? null : v))
  .pipe(
    z
      .url({ protocol: /^https?$/, error: 'Indiquez une adresse web complète (https://…).' })
      .max(500)
      .nullable(),
  )
  .optional();

export const articleInput = z.object({
  title: clean(200, 'Le titre'),
  summary: clean(600, 'Le résumé'),
  body: clean(60_000, 'Le texte'),
  category: z.enum(ARTICLE_CATEGORIES, { error: 'Choisissez une catégorie.' }),
  rubric: z.enum(ARTICLE_RUBRICS, { error: 'Choisissez une rubrique.' }),
  tags: z
    .union([z.string(), z.array(z.string())])
    .optional()
    .transform((v) =>
      [...new Set((Array.isArray(v) ? v : (v ?? '').split(',')).map((t) => t.replace(CONTROL, '').trim().toLowerCase()).filter(Boolean))].slice(0, 20),
    )
    .pipe(z.array(z.string().max(40, 'Un mot-clé : 40 caractères au plus.'))),
  sourceUrl: optionalUrl,
});
export type ArticleInput = z.input<typeof articleInput>;

export const pageInput = z.object({
  slug: z
    .string()
    .trim()
    .toLowerCase()
    .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'Lettres minuscules, chiffres et tirets seulement (ex. : nos-missions).')
    .max(80),
  title: clean(200, 'Le titre'),
  body: clean(60_000, 'Le texte'),
  metaDescription: z
    .string()
    .trim()
    .max(300, 'La description : 300 caractères au plus.')
    .optional()
    .transform((v) => v ?? ''),
  menuOrder: z.coerce.number({ error: 'Un nombre entier.' }).int('Un nombre entier.').min(0).max(1000).default(0),
  published: z.union([z.boolean(), z.literal('on'), z.literal('1'), z.literal('')]).optional().transform((v) => v === true || v === 'on' || v === '1'),
});
export type PageInput = z.input<typeof pageInput>;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Whether an identifier from a URL is a real UUID: anything else is looked up as nothing, never sent to the database. */
export const isUuid = (id: string): boolean => UUID.test(id);

/** Parses with a schema and throws the product's French `Invalid` error listing each field. */
export function parse<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const fields: Record<string, string> = {};
  for (const issue of result.error.issues) fields[String(issue.path[0] ?? '_')] ??= issue.message;
  throw new Invalid('Le formulaire contient des erreurs.', fields);
}

/** A URL-safe slug from a French title: accents removed, words joined by dashes. */
export function slugify(title: string): string {
  return (
    title
      .normalize('NFD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 80)
      .replace(/-+$/, '') || 'article'
  );
}
