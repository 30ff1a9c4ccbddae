import { createHash, randomUUID } from 'node:crypto';
import { mkdir, readFile as readBytes, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import { fileTypeFromBuffer } from 'file-type';
import type { Ctx } from '../context.ts';
import { Invalid, NotFound } from '../errors.ts';
import { files } from './schema.ts';

export type StoredFile = typeof files.$inferSelect;

/** Text formats have no magic bytes: accepted when declared allowed and the bytes are UTF-8 text. */
const TEXT_TYPES: Record<string, string> = { 'text/csv': '.csv', 'text/plain': '.txt' };

export interface StoreInput {
  name: string;
  bytes: Uint8Array;
  /** MIME types accepted, checked against the content (magic bytes), never against the name. */
  allowedTypes: string[];
  /** What to say when the content is of another type (default: the accepted MIME types, listed). */
  typeRefused?: { message: string; hint: string };
  maxBytes: number;
  /** Owner organisation (default: the actor's). */
  organisationId?: string | null;
  /** Who stored it (default: the actor); a job passes the user who started it. */
  createdBy?: string | null;
}

export function filesDir(ctx: Pick<Ctx, 'config'>): string {
  return join(ctx.config.DATA_DIR, 'files');
}

/** DATA_DIR/files/ab/cd/abcd…: two levels keep directories small. */
export function pathOf(ctx: Pick<Ctx, 'config'>, sha256: string): string {
  return join(filesDir(ctx), sha256.slice(0, 2), sha256.slice(2, 4), sha256);
}

function cleanName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  return base.replace(/[\u0000-\u001f\u007f]/g, '').trim().slice(0, 200) || 'fichier';
}

function isUtf8Text(bytes: Uint8Array): boolean {
  if (bytes.includes(0)) return false;
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}

async function detectType(name: string, bytes: Uint8Array, allowed: string[]): Promise<string | null> {
  const detected = await fileTypeFromBuffer(bytes);
  if (detected) return allowed.includes(detected.mime) ? detected.mime : null;
  if (!isUtf8Text(bytes)) return null;
  const lower = name.toLowerCase();
  const byExtension = allowed.find((m) => TEXT_TYPES[m] && lower.endsWith(TEXT_TYPES[m]!));
  return byExtension ?? (allowed.includes('text/plain') ? 'text/plain' : null);
}

/** Writes bytes once under their sha256 (atomic rename) and returns it; no row, no checks. */
export async function writeContent(ctx: Pick<Ctx, 'config'>, bytes: Uint8Array): Promise<string> {
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const target = pathOf(ctx, sha256);
  if (!(await stat(target).catch(() => null))) {
    const tmpDir = join(filesDir(ctx), 'tmp');
    await mkdir(tmpDir, { recursive: true });
    await mkdir(join(target, '..'), { recursive: true });
    const tmp = join(tmpDir, randomUUID());
    try {
      await writeFile(tmp, bytes, { flag: 'wx' });
      await rename(tmp, target);
    } finally {
      await rm(tmp, { force: true });
    }
  }
  return sha256;
}

/**
 * Stores an attachment: size and type checked, bytes written once under their sha256 (atomic rename), and
 * a `files` row. The row follows the caller's transaction; a rolled-back row leaves an unreferenced file
 * on disk, which is harmless (identical content reuses it).
 */
export async function storeFile(ctx: Pick<Ctx, 'db' | 'actor' | 'clock' | 'config'>, input: StoreInput): Promise<StoredFile> {
  const name = cleanName(input.name);
  if (input.bytes.byteLength === 0) throw new Invalid('Le fichier est vide.', { file: 'Le fichier est vide.' });
  if (input.bytes.byteLength > input.maxBytes) {
    const mb = (input.maxBytes / 1_048_576).toLocaleString('fr-FR', { maximumFractionDigits: 1 });
    throw new Invalid(`Le fichier dépasse la taille autorisée (${mb} Mo).`, { file: `Taille maximale : ${mb} Mo.` });
  }
  const mime = await detectType(name, input.bytes, input.allowedTypes);
  if (!mime) {
    const refused = input.typeRefused ?? { message: "Ce type de fichier n'est pas accepté.", hint: `Types acceptés : ${input.allowedTypes.join(', ')}.` };
    throw new Invalid(refused.message, { file: refused.hint });
  }
  const sha256 = await writeContent(ctx, input.bytes);
  const [row] = await ctx.db
    .insert(files)
    .values({
      sha256,
      name,
      mime,
      size: input.bytes.byteLength,
      createdBy: input.createdBy === undefined ? (ctx.actor?.userId ?? null) : input.createdBy,
      organisationId: input.organisationId === undefined ? (ctx.actor?.organisationId ?? null) : input.organisationId,
      createdAt: ctx.clock.now(),
    })
    .returning();
  return row!;
}

/** The file's row (404 for an unknown or malformed id). Organisation scoping is the caller's. */
export async function fileRow(ctx: Pick<Ctx, 'db'>, id: string): Promise<StoredFile> {
  const [file] = /^[0-9a-f-]{36}$/i.test(id) ? await ctx.db.select().from(files).where(eq(files.id, id)) : [];
  if (!file) throw new NotFound('Fichier introuvable.');
  return file;
}

/** A file's bytes, checked against its sha256. */
export async function fileBytes(ctx: Pick<Ctx, 'config'>, file: StoredFile): Promise<Buffer> {
  const bytes = await readBytes(pathOf(ctx, file.sha256)).catch(() => null);
  // A missing or altered file on disk is an operations problem (restore), not the user's: report it plainly.
  if (!bytes || createHash('sha256').update(bytes).digest('hex') !== file.sha256) {
    throw new Error(`contenu du fichier ${file.id} absent ou altéré sur le disque (${pathOf(ctx, file.sha256)})`);
  }
  return bytes;
}

/** The file's row and bytes. Organisation scoping is the caller's: check `file.organisationId` first. */
export async function readFile(ctx: Pick<Ctx, 'db' | 'config'>, id: string): Promise<{ file: StoredFile; bytes: Buffer }> {
  const file = await fileRow(ctx, id);
  return { file, bytes: await fileBytes(ctx, file) };
}

export { files };
