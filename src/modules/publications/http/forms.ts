import type { Context } from 'hono';
import { Invalid } from '../../../platform/errors.ts';
import type { AppEnv } from '../../../platform/http/types.ts';
import type { DocumentInput } from '../documents.ts';
import type { ArticleInput, PageInput } from '../validation.ts';
import { ARTICLE_CATEGORIES } from '../vocabulary.ts';
import { MAX_UPLOAD_BYTES, type Upload } from '../uploads.ts';

/** A text field of a parsed form body (files and repeated fields are not text). */
export const formString = (v: unknown): string => (typeof v === 'string' ? v : '');

function checkedUpload(name: string, bytes: Buffer): Upload {
  if (bytes.length === 0) throw new Invalid('Aucun fichier reçu.', { file: 'Choisissez un fichier.' });
  if (bytes.length > MAX_UPLOAD_BYTES) throw new Invalid('Fichier trop volumineux.', { file: 'Le fichier dépasse 10 Mo.' });
  return { name, bytes };
}

/** The file of a multipart form (the pages). */
export async function uploadOf(v: unknown): Promise<Upload> {
  if (!(v instanceof File)) throw new Invalid('Aucun fichier reçu.', { file: 'Choisissez un fichier.' });
  if (v.size > MAX_UPLOAD_BYTES) throw new Invalid('Fichier trop volumineux.', { file: 'Le fichier dépasse 10 Mo.' });
  return checkedUpload(v.name, Buffer.from(await v.arrayBuffer()));
}

/** The file of a JSON body (the API): its name and its bytes in base64. The file store then checks its type. */
export function uploadOfJson(file: { name: string; contentBase64: string }): Upload {
  return checkedUpload(file.name, Buffer.from(file.contentBase64, 'base64'));
}

const parts = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Paris', hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' });

function parisWallClockMs(d: Date): number {
  const p = Object.fromEntries(parts.formatToParts(d).map((x) => [x.type, x.value]));
  return Date.UTC(+p.year!, +p.month! - 1, +p.day!, +p.hour!, +p.minute!, +p.second!);
}

/** `2026-03-05T10:00` read as Paris wall-clock time (what a datetime-local field holds). */
export function parisLocalToDate(local: string): Date | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(local.trim());
  if (!m) return null;
  const wall = Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!);
  // Two passes settle the offset around daylight-saving changes.
  let utc = wall - (parisWallClockMs(new Date(wall)) - wall);
  utc = wall - (parisWallClockMs(new Date(utc)) - utc);
  const d = new Date(utc);
  return Number.isNaN(d.getTime()) ? null : d;
}

export function toParisLocal(d: Date): string {
  return new Date(parisWallClockMs(d)).toISOString().slice(0, 16);
}

/** The page form of the back office. */
export async function readPageForm(c: Context<AppEnv>): Promise<PageInput> {
  const f = await c.req.parseBody();
  return { slug: formString(f.slug), title: formString(f.title), body: formString(f.body), metaDescription: formString(f.metaDescription), menuOrder: formString(f.menuOrder) as unknown as number, published: formString(f.published) === '1' };
}

/** The article form of the back office: its values, the button pressed and the revision it started from. */
export async function readArticleForm(c: Context<AppEnv>) {
  const f = await c.req.parseBody();
  const values = { title: formString(f.title), summary: formString(f.summary), body: formString(f.body), category: formString(f.category), rubric: formString(f.rubric), tags: formString(f.tags), sourceUrl: formString(f.sourceUrl) } as ArticleInput;
  return { values, action: formString(f.action), revision: Number(formString(f.revision)) || undefined };
}

/** The newsletter categories ticked for one contact. */
export async function readCategories(c: Context<AppEnv>): Promise<string[]> {
  const raw = (await c.req.parseBody({ all: true })).categories;
  const categories = (Array.isArray(raw) ? raw : raw ? [raw] : []).filter((v): v is string => typeof v === 'string');
  if (categories.length > ARTICLE_CATEGORIES.length) throw new Invalid('Trop de catégories.');
  return categories;
}

/** The new-document form: its fields and its file. */
export async function readDocumentForm(c: Context<AppEnv>): Promise<{ input: DocumentInput; upload: Upload }> {
  const f = await c.req.parseBody();
  const input = { title: formString(f.title), description: formString(f.description), kind: formString(f.kind), visibility: formString(f.visibility) } as DocumentInput;
  return { input, upload: await uploadOf(f.file) };
}
