import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { readMigrationFiles } from 'drizzle-orm/migrator';
import { MIGRATIONS_DIR } from '../../paths.ts';
import { migrateToLevel } from '../../platform/backup/levels.ts';
import { openDatabase, runMigrations } from '../../platform/db/index.ts';
import { files, pathOf } from '../../platform/files/index.ts';
import type { TestApp } from '../../../test/helpers/app.ts';
import { TEST_DB } from '../../../test/helpers/db.ts';
import { createTestTicket, helpdeskTestApp, type HelpdeskWorld } from '../../../test/helpers/helpdesk-factories.ts';
import { addAttachment, getAttachment } from './attachments.ts';
import { addComment } from './comments.ts';
import { legacyAttachmentBytes, ticketAttachments } from './schema.ts';

const PDF = Buffer.from('%PDF-1.7\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n');

let t: TestApp;
let w: HelpdeskWorld;
beforeAll(async () => ({ t, w } = await helpdeskTestApp()));
afterAll(() => t.close());

const as = (who: { actor: typeof w.a.actor }) => ({ ...t.ctx, actor: who.actor });
const download = (who: { headers: Record<string, string> }, base: string, ticketId: string, id: string) => t.app.request(`${base}/${ticketId}/pieces/${id}`, { headers: who.headers });

describe('ticket attachments in the platform file store', () => {
  it('stores the bytes on disk, owned by the ticket’s member, and serves them to that member only', async () => {
    const ticket = await createTestTicket(t.ctx, w.a, w.a.org.id);
    const a = await addAttachment(as(w.a), ticket.id, { name: 'C:\\Users\\mairie\\bordereau.pdf', bytes: PDF });
    const [row] = await t.ctx.db.select().from(ticketAttachments).where(eq(ticketAttachments.id, a.id));
    expect(row).toMatchObject({ name: 'bordereau.pdf', mime: 'application/pdf', size: PDF.length, internal: false, organisationId: w.a.org.id });
    const [file] = await t.ctx.db.select().from(files).where(eq(files.id, row!.fileId!));
    expect(file).toMatchObject({ organisationId: w.a.org.id, createdBy: w.a.user.id, mime: 'application/pdf' });
    expect(existsSync(pathOf(t.ctx, file!.sha256))).toBe(true);
    expect(await t.ctx.db.select().from(legacyAttachmentBytes)).toEqual([]);

    const own = await download(w.a, '/mes-demandes', ticket.id, a.id);
    expect(own.status).toBe(200);
    expect(own.headers.get('content-type')).toBe('application/pdf');
    expect(own.headers.get('content-disposition')).toBe("attachment; filename*=UTF-8''bordereau.pdf");
    expect(Buffer.from(await own.arrayBuffer())).toEqual(PDF);
    // Member B: neither the ticket nor the attachment exists for them, whatever the path.
    expect((await download(w.b, '/mes-demandes', ticket.id, a.id)).status).toBe(404);
    const ticketB = await createTestTicket(t.ctx, w.b, w.b.org.id);
    expect((await download(w.b, '/mes-demandes', ticketB.id, a.id)).status).toBe(404);
    expect((await download(w.tech, '/assistance/tickets', ticket.id, a.id)).status).toBe(200);
  });

  it('never shows members an internal attachment, nor one of an internal note', async () => {
    const ticket = await createTestTicket(t.ctx, w.a, w.a.org.id);
    const internal = await addAttachment(as(w.tech), ticket.id, { name: 'journal-serveur.txt', bytes: Buffer.from('mot de passe admin : ...'), internal: true });
    const noteFile = await addAttachment(as(w.tech), ticket.id, { name: 'capture-note.txt', bytes: Buffer.from('capture jointe à la note') });
    const note = await addComment(as(w.tech), ticket.id, { body: 'Accès VPN du prestataire', internal: true });
    await t.ctx.db.update(ticketAttachments).set({ commentId: note.id }).where(eq(ticketAttachments.id, noteFile.id));
    // A member's own internal flag is ignored: only staff mark attachments internal.
    const mine = await addAttachment(as(w.a), ticket.id, { name: 'ecran.txt', bytes: Buffer.from('écran bleu'), internal: true });

    const page = await (await t.app.request(`/mes-demandes/${ticket.id}`, { headers: w.a.headers })).text();
    expect(page).toContain('ecran.txt');
    expect(page).not.toContain('journal-serveur.txt');
    expect(page).not.toContain(noteFile.id);
    for (const id of [internal.id, noteFile.id]) {
      expect((await download(w.a, '/mes-demandes', ticket.id, id)).status).toBe(404);
      await expect(getAttachment(as(w.a), ticket.id, id)).rejects.toMatchObject({ code: 'not_found' });
      expect((await download(w.tech, '/assistance/tickets', ticket.id, id)).status).toBe(200);
    }
    expect((await download(w.a, '/mes-demandes', ticket.id, mine.id)).status).toBe(200);
    const staffPage = await (await t.app.request(`/assistance/tickets/${ticket.id}`, { headers: w.tech.headers })).text();
    expect(staffPage).toContain('journal-serveur.txt</a> (1 Ko) — interne');
  });

  it('refuses a type outside the list or an oversized file, storing nothing', async () => {
    const ticket = await createTestTicket(t.ctx, w.a, w.a.org.id);
    const before = await t.ctx.db.select({ n: sql<number>`count(*)::int` }).from(files);
    const exe = Buffer.concat([Buffer.from('MZ'), Buffer.alloc(200, 0x90)]);
    await expect(addAttachment(as(w.a), ticket.id, { name: 'facture.pdf', bytes: exe })).rejects.toMatchObject({ code: 'invalid', fields: { file: 'PDF, images, textes, documents bureautiques ou archives ZIP.' } });
    await expect(addAttachment(as(w.a), ticket.id, { name: 'gros.pdf', bytes: Buffer.concat([PDF, Buffer.alloc(10 * 1024 * 1024)]) })).rejects.toMatchObject({ code: 'invalid', fields: { file: 'Taille maximale : 10 Mo.' } });
    expect(await t.ctx.db.select({ n: sql<number>`count(*)::int` }).from(files)).toEqual(before);
    expect(await t.ctx.db.select().from(ticketAttachments).where(eq(ticketAttachments.ticketId, ticket.id))).toEqual([]);
  });
});

describe.skipIf(TEST_DB !== 'pglite')('attachments stored in the database before the file store', () => {
  it('are still served after the migration, to their member only', { timeout: 120_000 }, async () => {
    const scratch = await mkdtemp(join(tmpdir(), 'mutualis-legacy-'));
    const handle = await openDatabase({ driver: 'pglite', dataDir: null });
    try {
      const level = readMigrationFiles({ migrationsFolder: MIGRATIONS_DIR }).findIndex((m) => m.sql.join('').includes('ticket_attachment_legacy_bytes'));
      await migrateToLevel(handle, level, scratch);
      const one = async <T,>(q: ReturnType<typeof sql>) => ((await handle.db.execute(q)) as unknown as { rows: T[] }).rows[0]!;
      const org = await one<{ id: string }>(sql`insert into organisations (kind, name, created_at, updated_at) values ('commune', 'Évette-Salbert', now(), now()) returning id`);
      const ticket = await one<{ id: string }>(sql`insert into tickets (organisation_id, domain, title, source) values (${org.id}, 'comptabilite', 'Ancien ticket', 'portal') returning id`);
      const att = await one<{ id: string }>(sql`insert into ticket_attachments (ticket_id, organisation_id, name, mime, size, content) values (${ticket.id}, ${org.id}, 'ancien.pdf', 'application/pdf', ${PDF.length}, ${PDF}) returning id`);
      await runMigrations(handle);
      const ctx = { ...t.ctx, db: handle.db };
      const staff = { ...ctx, actor: w.tech.actor };
      expect(await getAttachment(staff, ticket.id, att.id)).toEqual({ name: 'ancien.pdf', mime: 'application/pdf', bytes: PDF });
      const other = { ...ctx, actor: { ...w.a.actor, organisationId: '00000000-0000-0000-0000-000000000001' } };
      await expect(getAttachment(other, ticket.id, att.id)).rejects.toMatchObject({ code: 'not_found' });
    } finally {
      await handle.close();
      await rm(scratch, { recursive: true, force: true });
    }
  });
});
