import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../../../test/helpers/app.ts';
import { testClock } from '../../../test/helpers/app.ts';
import { signedInMember, type SignedIn } from '../../../test/helpers/factories.ts';
import { editorTestApp, createTestArticle, testPdf, type Editor } from '../../../test/helpers/publications-factories.ts';
import { loadConfig } from '../../config.ts';
import { migrateToLevel } from '../../platform/backup/levels.ts';
import type { Ctx } from '../../platform/context.ts';
import { runMigrations } from '../../platform/db/migrate.ts';
import { openDatabase } from '../../platform/db/open.ts';
import { rowsOf } from '../../platform/db/types.ts';
import { fileBytes, pathOf } from '../../platform/files/index.ts';
import { addAttachment, readImage, uploadImage } from './media.ts';
import { createDocument, downloadDocumentVersion } from './documents.ts';
import { moveLegacyBlobs } from './legacy-blobs.ts';
import { unpublishArticle } from './articles.ts';

const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');

describe('uploads made before the file store', () => {
  it('are moved to DATA_DIR/files at start, under the same ids, and the blob table is dropped', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'mutualis-legacy-'));
    const handle = await openDatabase({ driver: 'pglite', dataDir: null });
    try {
      // The database as the previous version left it: migrations up to 0010, one image and one document.
      await migrateToLevel(handle, 11, dataDir);
      const pdf = await testPdf('Convention 2025');
      const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
      const imageBlob = '0b6f2a3e-0000-4000-8000-0000000000a1';
      const pdfBlob = '0b6f2a3e-0000-4000-8000-0000000000a2';
      await handle.db.execute(sql`insert into publication_blobs (id, sha256, name, mime, size, content) values
        (${imageBlob}, ${sha(PNG)}, 'carte.png', 'image/png', ${PNG.length}, ${PNG}), (${pdfBlob}, ${sha(pdf)}, 'convention.pdf', 'application/pdf', ${pdf.length}, ${pdf})`);
      const [image] = rowsOf<{ id: string }>(await handle.db.execute(sql`insert into publication_images (blob_id, alt) values (${imageBlob}, 'Carte') returning id`));
      const [doc] = rowsOf<{ id: string }>(await handle.db.execute(sql`insert into documents (title, kind, visibility) values ('Convention', 'convention', 'members') returning id`));
      const [version] = rowsOf<{ id: string }>(await handle.db.execute(sql`insert into document_versions (document_id, version, blob_id) values (${doc!.id}, 1, ${pdfBlob}) returning id`));

      await runMigrations(handle);
      const ctx: Ctx = { db: handle.db, actor: null, clock: testClock(), log: pino({ level: 'silent' }), config: loadConfig({ NODE_ENV: 'test', DATA_DIR: dataDir }) };
      expect(await moveLegacyBlobs(ctx)).toBe(2);
      expect(Buffer.compare(await fileBytes(ctx, await readImage(ctx, image!.id)), PNG)).toBe(0);
      const staff: Ctx = { ...ctx, actor: { userId: '0b6f2a3e-0000-4000-8000-0000000000a3', email: 'e@s.test', name: 'Éditrice', organisationId: '0b6f2a3e-0000-4000-8000-0000000000a4', side: 'syndicate', roles: ['editor'] } };
      const read = await downloadDocumentVersion(staff, version!.id);
      expect(read.file).toMatchObject({ id: pdfBlob, name: 'convention.pdf', mime: 'application/pdf', organisationId: null });
      expect(Buffer.compare(await fileBytes(ctx, read.file), pdf)).toBe(0);
      const left = rowsOf<{ blobs: string | null; moves: string | null }>(await handle.db.execute(sql`select to_regclass('public.publication_blobs')::text as blobs, to_regclass('public.publication_blob_moves')::text as moves`));
      expect(left).toEqual([{ blobs: null, moves: null }]);
      expect(await moveLegacyBlobs(ctx)).toBe(0);
    } finally {
      await handle.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

describe('site files over HTTP', () => {
  let t: TestApp;
  let editor: Editor;
  beforeAll(async () => ({ t, editor } = await editorTestApp()));
  afterAll(() => t.close());
  const get = (who: SignedIn | null, path: string, headers: Record<string, string> = {}) => t.app.request(path, { headers: { ...(who?.headers ?? {}), ...headers } });

  it('serves images with their type, for a year, and answers 304 to a known ETag', async () => {
    const image = await uploadImage(editor.ctx, { name: 'carte.png', bytes: PNG }, 'Carte des bornes');
    const res = await get(null, `/medias/${image.id}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/png');
    expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(res.headers.get('etag')).toBe(`"${createHash('sha256').update(PNG).digest('hex')}"`);
    expect(Buffer.compare(Buffer.from(await res.arrayBuffer()), PNG)).toBe(0);
    const again = await get(null, `/medias/${image.id}`, { 'if-none-match': res.headers.get('etag')! });
    expect(again.status).toBe(304);
    expect((await get(null, '/medias/0b6f2a3e-0000-4000-8000-000000000000')).status).toBe(404);
  });

  it('answers a matching revalidation from the file row, without reading the bytes', async () => {
    const bytes = Buffer.concat([PNG, randomBytes(16)]);
    const image = await uploadImage(editor.ctx, { name: 'unique.png', bytes }, 'Image unique');
    const etag = `"${createHash('sha256').update(bytes).digest('hex')}"`;
    // Bytes gone from the disk: only a response that never reads them can still succeed.
    unlinkSync(pathOf(t.ctx, createHash('sha256').update(bytes).digest('hex')));
    expect((await get(null, `/medias/${image.id}`, { 'if-none-match': etag })).status).toBe(304);
    expect((await get(null, `/medias/${image.id}`)).status).toBe(500);
  });

  it('serves an attachment while its article is public only, revalidated each time', async () => {
    const article = await createTestArticle(editor.ctx, { title: 'Article avec annexe' });
    const attachment = await addAttachment(editor.ctx, article.id, { name: 'annexe.pdf', bytes: await testPdf('Annexe') }, 'Annexe');
    const res = await get(null, `/veille/pieces-jointes/${attachment.id}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    expect(res.headers.get('cache-control')).toBe('public, no-cache');
    expect(res.headers.get('content-disposition')).toBe("attachment; filename*=UTF-8''annexe.pdf");
    await unpublishArticle(editor.ctx, article.id);
    expect((await get(null, `/veille/pieces-jointes/${attachment.id}`)).status).toBe(404);
  });

  it('refuses members-only documents to anonymous visitors, whatever they send, and never lets caches keep them', async () => {
    await createDocument(editor.ctx, { title: 'Tarifs réservés', kind: 'tarifs', visibility: 'members' }, { name: 'tarifs.pdf', bytes: await testPdf('Tarifs') });
    const member = await signedInMember(t.ctx, ['agent']);
    const link = (await (await get(member, '/documents')).text()).match(/href="(\/documents\/fichiers\/[0-9a-f-]+)"/)?.[1];
    expect(link).toBeDefined();
    const ok = await get(member, link!);
    expect(ok.status).toBe(200);
    expect(ok.headers.get('cache-control')).toBe('private, no-store');
    const etag = ok.headers.get('etag')!;
    expect((await get(null, link!)).status).toBe(404);
    expect((await get(null, link!, { 'if-none-match': etag })).status).toBe(404);
    expect((await get(member, link!, { 'if-none-match': etag })).status).toBe(200);
  });
});
