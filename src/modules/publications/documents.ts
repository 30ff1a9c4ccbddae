import { and, asc, count, desc, eq, inArray, max } from 'drizzle-orm';
import { z } from 'zod';
import { audit } from '../../platform/audit/index.ts';
import { authorize, can } from '../../platform/auth/permissions.ts';
import type { Ctx } from '../../platform/context.ts';
import { inTransaction } from '../../platform/db/tx.ts';
import { toNumber } from '../../platform/db/types.ts';
import { NotFound } from '../../platform/errors.ts';
import { pageWindow } from '../../platform/list.ts';
import { fileRow, files } from '../../platform/files/index.ts';
import { documentConditions, documentOrder, type DocumentListQuery } from './lists.ts';
import { bumpContentVersion } from './meta.ts';
import { documentVersions, documents } from './schema.ts';
import { DOCUMENT_KINDS } from './vocabulary.ts';
import { storeUpload, type Upload } from './uploads.ts';
import { isUuid, parse } from './validation.ts';

export const DOCUMENT_KIND_LABELS: Record<(typeof DOCUMENT_KINDS)[number], string> = {
  convention: 'Convention',
  annexe: 'Annexe',
  tarifs: 'Tarifs',
  deliberation: 'Modèle de délibération',
  guide: 'Guide',
  autre: 'Autre document',
};

const documentInput = z.object({
  title: z.string().trim().min(1, 'Le titre est obligatoire.').max(200),
  description: z.string().trim().max(1000).optional().transform((v) => v ?? ''),
  kind: z.enum(DOCUMENT_KINDS, { error: 'Choisissez un type de document.' }),
  visibility: z.enum(['public', 'members'], { error: 'Choisissez qui peut lire ce document.' }),
});
export type DocumentInput = z.input<typeof documentInput>;

/** Members-only documents: readable by signed-in users of member collectivities and by the syndicate's staff. */
const mayReadMembersDocuments = (ctx: Pick<Ctx, 'actor'>) => can(ctx.actor, 'documents.members.read');

export interface LibraryEntry {
  id: string;
  title: string;
  description: string;
  kind: (typeof DOCUMENT_KINDS)[number];
  visibility: 'public' | 'members';
  updatedAt: Date;
  versions: { id: string; version: number; name: string; size: number; mime: string; createdAt: Date; note: string }[];
}

/** The library as the actor may see it, each document with its versions (newest first). */
export async function listLibrary(ctx: Pick<Ctx, 'db' | 'actor'>): Promise<LibraryEntry[]> {
  const visibilities: ('public' | 'members')[] = mayReadMembersDocuments(ctx) ? ['public', 'members'] : ['public'];
  const docs = await ctx.db.select().from(documents).where(inArray(documents.visibility, visibilities)).orderBy(asc(documents.kind), asc(documents.title));
  return withVersions(ctx, docs);
}

/** One page of the library as the actor may see it (search, kind, visibility, sort), each document with its versions. */
export async function searchLibrary(ctx: Pick<Ctx, 'db' | 'actor'>, q: DocumentListQuery): Promise<{ rows: LibraryEntry[]; total: number }> {
  const visibilities: ('public' | 'members')[] = mayReadMembersDocuments(ctx) ? ['public', 'members'] : ['public'];
  const where = and(inArray(documents.visibility, visibilities), documentConditions(q));
  const { limit, offset } = pageWindow(q);
  const [docs, [total]] = await Promise.all([
    ctx.db.select().from(documents).where(where).orderBy(...documentOrder(q)).limit(limit).offset(offset),
    ctx.db.select({ n: count() }).from(documents).where(where),
  ]);
  return { rows: await withVersions(ctx, docs), total: toNumber(total?.n) };
}

/** One document of the library with its versions, not found when the actor may not read it. */
export async function getLibraryDocument(ctx: Pick<Ctx, 'db' | 'actor'>, id: string): Promise<LibraryEntry> {
  const [doc] = isUuid(id) ? await ctx.db.select().from(documents).where(eq(documents.id, id)) : [];
  // Same answer whether it does not exist or is members-only: no hint that a document exists.
  if (!doc || (doc.visibility === 'members' && !mayReadMembersDocuments(ctx))) throw new NotFound('Document introuvable.');
  return (await withVersions(ctx, [doc]))[0]!;
}

async function withVersions(ctx: Pick<Ctx, 'db'>, docs: (typeof documents.$inferSelect)[]): Promise<LibraryEntry[]> {
  if (docs.length === 0) return [];
  const versions = await ctx.db
    .select({ id: documentVersions.id, documentId: documentVersions.documentId, version: documentVersions.version, note: documentVersions.note, createdAt: documentVersions.createdAt, name: files.name, size: files.size, mime: files.mime })
    .from(documentVersions)
    .innerJoin(files, eq(files.id, documentVersions.fileId))
    .where(inArray(documentVersions.documentId, docs.map((d) => d.id)))
    .orderBy(desc(documentVersions.version));
  return docs.map((d) => ({ ...d, versions: versions.filter((v) => v.documentId === d.id) }));
}

/** One document with all its versions, for the editors. */
export async function getDocument(ctx: Ctx, id: string): Promise<LibraryEntry> {
  authorize(ctx.actor, 'publications.manage');
  const [doc] = isUuid(id) ? await ctx.db.select().from(documents).where(eq(documents.id, id)) : [];
  if (!doc) throw new NotFound('Document introuvable.');
  return (await withVersions(ctx, [doc]))[0]!;
}

/** The file of one version, refused (as not found) when the actor may not read the document. */
export async function downloadDocumentVersion(ctx: Pick<Ctx, 'db' | 'actor' | 'config'>, versionId: string) {
  if (!isUuid(versionId)) throw new NotFound('Document introuvable.');
  const [row] = await ctx.db
    .select({ fileId: documentVersions.fileId, visibility: documents.visibility })
    .from(documentVersions)
    .innerJoin(documents, eq(documents.id, documentVersions.documentId))
    .where(eq(documentVersions.id, versionId));
  // Same answer whether it does not exist or is members-only: no hint that a document exists.
  if (!row || (row.visibility === 'members' && !mayReadMembersDocuments(ctx))) throw new NotFound('Document introuvable.');
  return { file: await fileRow(ctx, row.fileId), visibility: row.visibility };
}

export async function createDocument(ctx: Ctx, raw: DocumentInput, upload: Upload, note = '') {
  authorize(ctx.actor, 'publications.manage');
  const input = parse(documentInput, raw);
  return inTransaction(ctx, async (tx) => {
    const file = await storeUpload(tx, upload, ['application/pdf']);
    const now = tx.clock.now();
    const [doc] = await tx.db.insert(documents).values({ ...input, createdAt: now, updatedAt: now }).returning();
    await tx.db.insert(documentVersions).values({ documentId: doc!.id, version: 1, fileId: file.id, note, createdBy: tx.actor?.userId ?? null, createdAt: now });
    await audit(tx, { action: 'document.create', entity: 'document', entityId: doc!.id, after: { ...input, file: file.name, size: file.size } });
    await bumpContentVersion(tx);
    return doc!;
  });
}

/** A new version of a document; earlier ones stay downloadable. */
export async function addDocumentVersion(ctx: Ctx, documentId: string, upload: Upload, note = '') {
  authorize(ctx.actor, 'publications.manage');
  const [doc] = isUuid(documentId) ? await ctx.db.select().from(documents).where(eq(documents.id, documentId)) : [];
  if (!doc) throw new NotFound('Document introuvable.');
  return inTransaction(ctx, async (tx) => {
    const file = await storeUpload(tx, upload, ['application/pdf']);
    const [last] = await tx.db.select({ v: max(documentVersions.version) }).from(documentVersions).where(eq(documentVersions.documentId, documentId));
    const version = (last?.v ?? 0) + 1;
    const now = tx.clock.now();
    await tx.db.insert(documentVersions).values({ documentId, version, fileId: file.id, note: note.trim().slice(0, 300), createdBy: tx.actor?.userId ?? null, createdAt: now });
    await tx.db.update(documents).set({ updatedAt: now }).where(and(eq(documents.id, documentId)));
    await audit(tx, { action: 'document.version', entity: 'document', entityId: documentId, after: { version, file: file.name, size: file.size } });
    await bumpContentVersion(tx);
    return { version };
  });
}

/** Removes a document and its versions from the library; their files stay in the store, as the audit refers to them. */
export async function deleteDocument(ctx: Ctx, id: string): Promise<void> {
  const before = await getDocument(ctx, id);
  await inTransaction(ctx, async (tx) => {
    await tx.db.delete(documents).where(eq(documents.id, before.id));
    await audit(tx, { action: 'document.delete', entity: 'document', entityId: before.id, before: { title: before.title, kind: before.kind, visibility: before.visibility, versions: before.versions.length } });
    await bumpContentVersion(tx);
  });
}

export async function countPublicDocuments(ctx: Pick<Ctx, 'db'>): Promise<number> {
  const [row] = await ctx.db.select({ n: count() }).from(documents).where(eq(documents.visibility, 'public'));
  return toNumber(row?.n);
}
