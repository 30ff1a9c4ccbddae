import type { Context } from 'hono';
import type { Ctx } from '../../../platform/context.ts';
import { fileBytes, type StoredFile } from '../../../platform/files/index.ts';

/**
 * - `immutable`: an image id always names the same bytes (a new upload gets a new id);
 * - `public`: a published article's attachment or a public document, which unpublishing (or making it
 *   members-only) withdraws: caches keep it but ask again each time (a 304 when unchanged);
 * - `private`: members-only documents, never kept by shared caches.
 */
const CACHE_CONTROL = { immutable: 'public, max-age=31536000, immutable', public: 'public, no-cache', private: 'private, no-store' } as const;

/**
 * Sends a stored file with its detected type, a strong ETag (its sha256, known from the row) and the given
 * cache policy. A revalidation that matches gets its 304 without the bytes being read.
 */
export async function sendFile(c: Context, ctx: Pick<Ctx, 'config'>, file: StoredFile, policy: keyof typeof CACHE_CONTROL): Promise<Response> {
  const headers: Record<string, string> = { 'Cache-Control': CACHE_CONTROL[policy], ETag: `"${file.sha256}"` };
  if (policy !== 'private' && c.req.header('if-none-match')?.split(',').some((t) => t.trim().replace(/^W\//, '') === headers.ETag)) return c.body(null, 304, headers);
  const bytes = await fileBytes(ctx, file);
  headers['Content-Type'] = file.mime;
  headers['Content-Disposition'] = `${file.mime.startsWith('image/') ? 'inline' : 'attachment'}; filename*=UTF-8''${encodeURIComponent(file.name)}`;
  return c.body(new Uint8Array(bytes), 200, headers);
}
