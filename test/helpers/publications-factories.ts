import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Ctx } from '../../src/platform/context.ts';
import { createArticle, publishArticle } from '../../src/modules/publications/articles.ts';
import type { ArticleCategory, ArticleRubric } from '../../src/modules/publications/vocabulary.ts';
import { demoPdf } from '../../src/modules/publications/demo.ts';
import { createTestApp, type TestApp } from './app.ts';
import { signedInStaff } from './factories.ts';

/** Uploads of the site go to the file store under DATA_DIR: a fresh directory, removed at the end. */
export function tempDataDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'mutualis-site-'));
  process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** A signed-in editor and a context acting as them. */
export async function signedInEditor(ctx: Ctx) {
  const editor = await signedInStaff(ctx, ['editor']);
  return { ...editor, ctx: { ...ctx, actor: editor.actor } as Ctx };
}

export type Editor = Awaited<ReturnType<typeof signedInEditor>>;

/** The whole app on its own database (and files directory) with a signed-in editor: `({ t, editor } = await editorTestApp())`. */
export async function editorTestApp(): Promise<{ t: TestApp; editor: Editor }> {
  const t = await createTestApp();
  return { t, editor: await signedInEditor(t.ctx) };
}

export interface ArticleOverrides {
  title?: string;
  summary?: string;
  body?: string;
  category?: ArticleCategory;
  rubric?: ArticleRubric;
  tags?: string[];
  sourceUrl?: string;
  /** Publication instant; `null` leaves the article as a draft. Default: the clock's now. */
  publishAt?: Date | null;
}

export async function createTestArticle(editorCtx: Ctx, o: ArticleOverrides = {}) {
  const article = await createArticle(editorCtx, {
    title: o.title ?? `Article ${randomUUID().slice(0, 8)}`,
    summary: o.summary ?? 'Un résumé de test.',
    body: o.body ?? 'Un texte de test.',
    category: o.category ?? 'Comptabilité',
    rubric: o.rubric ?? 'Veille règlementaire',
    tags: o.tags ?? [],
    sourceUrl: o.sourceUrl ?? '',
  });
  if (o.publishAt === null) return article;
  return publishArticle(editorCtx, article.id, o.publishAt ?? editorCtx.clock.now());
}

export const testPdf = (title = 'Document de test') => demoPdf(title, ['Contenu de test.']);

/** A multipart body with one file, as a browser sends it. */
export function multipart(fields: Record<string, string>, file?: { name: string; type: string; bytes: Buffer }): FormData {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.set(k, v);
  if (file) form.set('file', new File([new Uint8Array(file.bytes)], file.name, { type: file.type }));
  return form;
}
