import { desc, eq } from 'drizzle-orm';
import { audit } from '../../platform/audit/index.ts';
import { authorize } from '../../platform/auth/permissions.ts';
import type { Ctx } from '../../platform/context.ts';
import { inTransaction } from '../../platform/db/tx.ts';
import { Invalid, NotFound } from '../../platform/errors.ts';
import { readBlob, storeBlob, type Upload } from './blobs.ts';
import { getArticle } from './articles.ts';
import { bumpContentVersion } from './meta.ts';
import { articleAttachments, publicationBlobs, publicationImages } from './schema.ts';

const IMAGE_TYPES = ['image/png', 'image/jpeg', 'image/webp'];

/** An image for pages and articles. The alternative text is required: an image without one is refused. */
export async function uploadImage(ctx: Ctx, upload: Upload, alt: string) {
  authorize(ctx.actor, 'publications.manage');
  const text = alt.replace(/\s+/g, ' ').trim();
  if (!text) throw new Invalid('Le texte alternatif est obligatoire.', { alt: 'Décrivez l’image pour les personnes qui ne la voient pas.' });
  if (text.length > 300) throw new Invalid('Texte alternatif trop long.', { alt: '300 caractères au plus.' });
  return inTransaction(ctx, async (tx) => {
    const blob = await storeBlob(tx, upload, IMAGE_TYPES, 'file');
    const [image] = await tx.db.insert(publicationImages).values({ blobId: blob.id, alt: text, createdAt: tx.clock.now() }).returning();
    await audit(tx, { action: 'image.upload', entity: 'publication_image', entityId: image!.id, after: { alt: text, file: blob.name, size: blob.size } });
    return { ...image!, markdown: `![${text.replace(/[[\]]/g, '')}](/medias/${image!.id})` };
  });
}

export async function listImages(ctx: Ctx) {
  authorize(ctx.actor, 'publications.manage');
  return ctx.db
    .select({ id: publicationImages.id, alt: publicationImages.alt, name: publicationBlobs.name, size: publicationBlobs.size, createdAt: publicationImages.createdAt })
    .from(publicationImages)
    .innerJoin(publicationBlobs, eq(publicationBlobs.id, publicationImages.blobId))
    .orderBy(desc(publicationImages.createdAt))
    .limit(200);
}

/** Images are public: they appear in published pages. */
export async function readImage(ctx: Pick<Ctx, 'db'>, id: string) {
  const [image] = /^[0-9a-f-]{36}$/i.test(id) ? await ctx.db.select().from(publicationImages).where(eq(publicationImages.id, id)) : [];
  if (!image) throw new NotFound('Image introuvable.');
  return readBlob(ctx, image.blobId);
}

export async function addAttachment(ctx: Ctx, articleId: string, upload: Upload, title: string) {
  const article = await getArticle(ctx, articleId);
  const label = title.trim() || upload.name;
  return inTransaction(ctx, async (tx) => {
    const blob = await storeBlob(tx, upload, ['application/pdf'], 'file');
    const [row] = await tx.db.insert(articleAttachments).values({ articleId, blobId: blob.id, title: label.slice(0, 200), createdAt: tx.clock.now() }).returning();
    await audit(tx, { action: 'article.attach', entity: 'article', entityId: articleId, after: { title: label, file: blob.name, size: blob.size } });
    if (article.status === 'published') await bumpContentVersion(tx);
    return row!;
  });
}

export async function listAttachments(ctx: Ctx, articleId: string) {
  await getArticle(ctx, articleId);
  return ctx.db
    .select({ id: articleAttachments.id, title: articleAttachments.title, size: publicationBlobs.size })
    .from(articleAttachments)
    .innerJoin(publicationBlobs, eq(publicationBlobs.id, articleAttachments.blobId))
    .where(eq(articleAttachments.articleId, articleId));
}
