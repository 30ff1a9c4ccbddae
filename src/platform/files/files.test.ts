import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/helpers/app.ts';
import { signedInMember } from '../../../test/helpers/factories.ts';
import { Invalid, NotFound } from '../errors.ts';
import { files, pathOf, readFile, storeFile } from './index.ts';

// The smallest valid PNG (1×1) and the start of a PDF: enough for magic-byte detection.
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');
const PDF = Buffer.from('%PDF-1.7\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n');

let t: TestApp;
let dataDir: string;
beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'mutualis-files-'));
  t = await createTestApp({ DATA_DIR: dataDir });
}, 120_000);
afterAll(async () => {
  await t.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('file storage', () => {
  it('stores by content hash under DATA_DIR/files, once for identical content, and reads it back', async () => {
    const member = await signedInMember(t.ctx);
    const ctx = { ...t.ctx, actor: member.actor };
    const a = await storeFile(ctx, { name: '../../etc/plan.png', bytes: PNG, allowedTypes: ['image/png', 'application/pdf'], maxBytes: 1024 });
    const b = await storeFile(ctx, { name: 'copie.png', bytes: PNG, allowedTypes: ['image/png'], maxBytes: 1024 });
    expect(a).toMatchObject({ name: 'plan.png', mime: 'image/png', size: PNG.length, organisationId: member.org.id, createdBy: member.user.id });
    expect(a.sha256).toBe(b.sha256);
    expect(a.id).not.toBe(b.id);
    expect(pathOf(t.ctx, a.sha256)).toBe(join(dataDir, 'files', a.sha256.slice(0, 2), a.sha256.slice(2, 4), a.sha256));
    expect(readdirSync(join(dataDir, 'files', a.sha256.slice(0, 2), a.sha256.slice(2, 4)))).toEqual([a.sha256]);
    const read = await readFile(t.ctx, b.id);
    expect(read.file.name).toBe('copie.png');
    expect(Buffer.compare(read.bytes, PNG)).toBe(0);
  });

  it('checks the type on the content, not on the name', async () => {
    await expect(storeFile(t.ctx, { name: 'faux.png', bytes: PDF, allowedTypes: ['image/png'], maxBytes: 1024 })).rejects.toMatchObject({ name: 'Invalid', message: "Ce type de fichier n'est pas accepté." });
    const pdf = await storeFile(t.ctx, { name: 'deliberation', bytes: PDF, allowedTypes: ['application/pdf'], maxBytes: 1024 });
    expect(pdf.mime).toBe('application/pdf');
    const csv = await storeFile(t.ctx, { name: 'export.csv', bytes: Buffer.from('nom;montant\nÉvette;12\n'), allowedTypes: ['text/csv'], maxBytes: 1024 });
    expect(csv.mime).toBe('text/csv');
    await expect(storeFile(t.ctx, { name: 'binaire.csv', bytes: Buffer.from([0xff, 0x00, 0xfe, 0x01]), allowedTypes: ['text/csv'], maxBytes: 1024 })).rejects.toBeInstanceOf(Invalid);
  });

  it('refuses empty and oversized files, writing nothing', async () => {
    const before = (await t.ctx.db.select().from(files)).length;
    await expect(storeFile(t.ctx, { name: 'vide.pdf', bytes: new Uint8Array(), allowedTypes: ['application/pdf'], maxBytes: 10 })).rejects.toMatchObject({ fields: { file: 'Le fichier est vide.' } });
    await expect(storeFile(t.ctx, { name: 'gros.pdf', bytes: Buffer.concat([PDF, Buffer.alloc(2_000_000)]), allowedTypes: ['application/pdf'], maxBytes: 1_048_576 })).rejects.toMatchObject({ fields: { file: 'Taille maximale : 1 Mo.' } });
    expect(await t.ctx.db.select().from(files)).toHaveLength(before);
  });

  it('reports an unknown id as not found, and a file altered on disk as an error', async () => {
    await expect(readFile(t.ctx, '00000000-0000-0000-0000-000000000000')).rejects.toBeInstanceOf(NotFound);
    await expect(readFile(t.ctx, '../secret')).rejects.toBeInstanceOf(NotFound);
    const f = await storeFile(t.ctx, { name: 'note.txt', bytes: Buffer.from('texte à altérer'), allowedTypes: ['text/plain'], maxBytes: 1024 });
    writeFileSync(pathOf(t.ctx, f.sha256), 'autre contenu');
    await expect(readFile(t.ctx, f.id)).rejects.toThrow('altéré');
  });
});
