import type { Ctx } from '../../platform/context.ts';
import { storeFile, type StoredFile } from '../../platform/files/index.ts';

export const MAX_UPLOAD_BYTES = 10 * 1024 * 1024;

export interface Upload {
  name: string;
  bytes: Buffer;
}

/**
 * Files of the public site (images, attachments, documents) go to the platform file store. They belong to
 * the syndicate, not to the editor's organisation: who may read them is decided by what references them.
 */
export function storeUpload(ctx: Pick<Ctx, 'db' | 'actor' | 'clock' | 'config'>, upload: Upload, allowedTypes: string[]): Promise<StoredFile> {
  return storeFile(ctx, { name: upload.name, bytes: upload.bytes, allowedTypes, maxBytes: MAX_UPLOAD_BYTES, organisationId: null });
}
