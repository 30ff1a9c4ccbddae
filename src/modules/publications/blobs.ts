import { createHash } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { Ctx } from '../../platform/context.ts';
import { Invalid, NotFound } from '../../platform/errors.ts';
import { publicationBlobs } from './schema.ts';

export const MAX_UPLOAD_BYTES = 10 * 1024 * 1024;

/** Magic numbers of the types the site accepts: the declared type and the extension are not trusted. */
const SIGNATURES: { mime: string; test: (b: Buffer) => boolean }[] = [
  { mime: 'application/pdf', test: (b) => b.subarray(0, 5).toString('latin1') === '%PDF-' },
  { mime: 'image/png', test: (b) => b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) },
  { mime: 'image/jpeg', test: (b) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff },
  { mime: 'image/webp', test: (b) => b.subarray(0, 4).toString('latin1') === 'RIFF' && b.subarray(8, 12).toString('latin1') === 'WEBP' },
];

export interface Upload {
  name: string;
  bytes: Buffer;
}

/** Stores an uploaded file after checking its real type and size; `field` names the form field in errors. */
export async function storeBlob(ctx: Pick<Ctx, 'db' | 'actor' | 'clock'>, upload: Upload, allowed: string[], field: string) {
  if (upload.bytes.length === 0) throw new Invalid('Le fichier est vide.', { [field]: 'Choisissez un fichier non vide.' });
  if (upload.bytes.length > MAX_UPLOAD_BYTES) throw new Invalid('Fichier trop volumineux.', { [field]: 'Le fichier dépasse 10 Mo.' });
  const mime = SIGNATURES.find((s) => s.test(upload.bytes))?.mime;
  if (!mime || !allowed.includes(mime)) {
    const expected = allowed.map((m) => m.split('/')[1]!.toUpperCase()).join(', ');
    throw new Invalid('Type de fichier refusé.', { [field]: `Formats acceptés : ${expected}.` });
  }
  const name = upload.name.replace(/[^\p{L}\p{N}._ -]/gu, '_').slice(0, 150) || 'fichier';
  const [row] = await ctx.db
    .insert(publicationBlobs)
    .values({
      sha256: createHash('sha256').update(upload.bytes).digest('hex'),
      name,
      mime,
      size: upload.bytes.length,
      content: upload.bytes,
      createdBy: ctx.actor?.userId ?? null,
      createdAt: ctx.clock.now(),
    })
    .returning({ id: publicationBlobs.id, name: publicationBlobs.name, mime: publicationBlobs.mime, size: publicationBlobs.size, sha256: publicationBlobs.sha256 });
  return row!;
}

export async function readBlob(ctx: Pick<Ctx, 'db'>, id: string) {
  const [row] = await ctx.db.select().from(publicationBlobs).where(eq(publicationBlobs.id, id));
  if (!row) throw new NotFound('Fichier introuvable.');
  return row;
}
