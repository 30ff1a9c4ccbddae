import { desc, eq } from 'drizzle-orm';
import { audit } from '../../platform/audit/index.ts';
import { authorize } from '../../platform/auth/permissions.ts';
import type { Ctx } from '../../platform/context.ts';
import { inTransaction } from '../../platform/db/tx.ts';
import { Invalid, NotFound } from '../../platform/errors.ts';
import { fileRow, files } from '../../platform/files/index.ts';
import { getArticle } from './articles.ts';
import { bumpContentVersion } from './meta.ts';
import { storeUpload, type Upload } from './uploads.ts';
import { articleAttachments, publicationImages } from './schema.ts';
import { isUuid } from './validation.ts';

const IMAGE_TYPES = ['image/png', 'image/jpeg', 'image/webp'];

/** What an editor copies into a text to show the image. */
export const imageMarkdown = (id: string, alt: string): string => `![${alt.replace(/[[\]]/g, '')}](/medias/${id})`;

/** An image for pages and articles. The alternative text is required: an image without one is refused. */
export async function uploadImage(ctx: Ctx, upload: Upload, alt: string) {
  authorize(ctx.actor, 'publications.manage');
  const text = alt.replace(/\s+/g, ' ').trim();
  if (!text) throw new Invalid('Le texte alternatif est obligatoire.', { alt: 'Décrivez l’image pour les personnes qui ne la voient pas.' });
  if (text.length > 300) throw new Invalid('Texte alternatif trop long.', { alt: '300 caractères au plus.' });
  return inTransaction(ctx, async (tx) => {
    const file = await storeUpload(tx, upload, IMAGE_TYPES);
    const [image] = await tx.db.insert(publicationImages).values({ fileId: file.id, alt: text, createdAt: tx.clock.now() }).returning();
    await audit(tx, { action: 'image.upload', entity: 'publication_image', entityId: image!.id, after: { alt: text, file: file.name, size: file.size } });
    return { ...image!, markdown: imageMarkdown(image!.id, text) };
  });
}

export async function listImages(ctx: Ctx) {
  authorize(ctx.actor, 'publications.manage');
  return ctx.db
    .select({ id: publicationImages.id, alt: publicationImages.alt, name: files.name, size: files.size, createdAt: publicationImages.createdAt })
    .from(publicationImages)
    .innerJoin(files, eq(files.id, publicationImages.fileId))
    .orderBy(desc(publicationImages.createdAt))
    .limit(200);
}

/** Images are public: they appear in published pages. */
export async function readImage(ctx: Pick<Ctx, 'db' | 'config'>, id: string) {
  const [image] = isUuid(id) ? await ctx.db.select().from(publicationImages).where(eq(publicationImages.id, id)) : [];
  if (!image) throw new NotFound('Image introuvable.');
  return fileRow(ctx, image.fileId);
}

export async function addAttachment(ctx: Ctx, articleId: string, upload: Upload, title: string) {
  const article = await getArticle(ctx, articleId);
  const label = title.trim() || upload.name;
  return inTransaction(ctx, async (tx) => {
    const file = await storeUpload(tx, upload, ['application/pdf']);
    const [row] = await tx.db.insert(articleAttachments).values({ articleId, fileId: file.id, title: label.slice(0, 200), createdAt: tx.clock.now() }).returning();
    await audit(tx, { action: 'article.attach', entity: 'article', entityId: articleId, after: { title: label, file: file.name, size: file.size } });
    if (article.status === 'published') await bumpContentVersion(tx);
    return row!;
  });
}

export async function listAttachments(ctx: Ctx, articleId: string) {
  await getArticle(ctx, articleId);
  return ctx.db
    .select({ id: articleAttachments.id, title: articleAttachments.title, size: files.size })
    .from(articleAttachments)
    .innerJoin(files, eq(files.id, articleAttachments.fileId))
    .where(eq(articleAttachments.articleId, articleId));
}
