import { and, eq, sql } from 'drizzle-orm';
import type { Ctx } from '../../platform/context.ts';
import { audit } from '../../platform/audit/index.ts';
import { inTransaction } from '../../platform/db/index.ts';
import { NotFound } from '../../platform/errors.ts';
import { readFile, storeFile } from '../../platform/files/index.ts';
import { isHelpdeskStaff, isUuid, readableTicket } from './access.ts';
import { recordEvent } from './events.ts';
import { legacyAttachmentBytes, ticketAttachments } from './schema.ts';

const MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024;
/** Checked on the content by the file store (magic bytes; UTF-8 for text), never on the name. */
const ALLOWED = [
  'application/pdf', 'image/png', 'image/jpeg', 'image/gif', 'image/webp', 'text/plain', 'text/csv', 'application/zip',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'application/vnd.oasis.opendocument.text', 'application/vnd.oasis.opendocument.spreadsheet',
];

/** What a member may see: neither internal attachments nor those of an internal note. */
export const shownToMembers = and(
  eq(ticketAttachments.internal, false),
  sql`not exists (select 1 from ticket_comments c where c.id = ${ticketAttachments.commentId} and c.internal)`,
);

/** Joins a file to a ticket the actor can read; the bytes go to the platform file store, owned by the ticket's member. */
export async function addAttachment(ctx: Ctx, ticketId: string, file: { name: string; bytes: Uint8Array; internal?: boolean }) {
  return inTransaction(ctx, async (tx) => {
    const t = await readableTicket(tx, ticketId);
    const internal = Boolean(file.internal) && isHelpdeskStaff(tx.actor);
    const stored = await storeFile(tx, {
      name: file.name,
      bytes: file.bytes,
      allowedTypes: ALLOWED,
      typeRefused: { message: 'Type de fichier non accepté.', hint: 'PDF, images, textes, documents bureautiques ou archives ZIP.' },
      maxBytes: MAX_ATTACHMENT_BYTES,
      organisationId: t.organisationId,
    });
    const [a] = await tx.db
      .insert(ticketAttachments)
      .values({ ticketId: t.id, organisationId: t.organisationId, name: stored.name, mime: stored.mime, size: stored.size, fileId: stored.id, internal, createdBy: tx.actor?.userId ?? null, createdAt: tx.clock.now() })
      .returning({ id: ticketAttachments.id, name: ticketAttachments.name, size: ticketAttachments.size });
    await recordEvent(tx, t, 'attachment', { to: a!.name, internal });
    await audit(tx, { action: 'ticket.attach', entity: 'ticket', entityId: t.id, organisationId: t.organisationId, after: { ...a, fileId: stored.id, internal } });
    return a!;
  });
}

/**
 * An attachment's bytes, for someone who can read the ticket: another member's attachment, an internal one
 * (for a member) or one of another ticket answers NotFound. Attachments made before the file store are read
 * from the table the migration kept them in.
 */
export async function getAttachment(ctx: Ctx, ticketId: string, attachmentId: string): Promise<{ name: string; mime: string; bytes: Buffer }> {
  const t = await readableTicket(ctx, ticketId);
  const visible = isHelpdeskStaff(ctx.actor) ? undefined : shownToMembers;
  const [a] = isUuid(attachmentId)
    ? await ctx.db.select().from(ticketAttachments).where(and(eq(ticketAttachments.id, attachmentId), eq(ticketAttachments.ticketId, t.id), eq(ticketAttachments.organisationId, t.organisationId), visible))
    : [];
  if (!a) throw new NotFound('Pièce jointe introuvable.');
  if (a.fileId) {
    const { file, bytes } = await readFile(ctx, a.fileId);
    if (file.organisationId !== t.organisationId) throw new NotFound('Pièce jointe introuvable.');
    return { name: a.name, mime: file.mime, bytes };
  }
  const [legacy] = await ctx.db.select().from(legacyAttachmentBytes).where(eq(legacyAttachmentBytes.attachmentId, a.id));
  if (!legacy) throw new NotFound('Pièce jointe introuvable.');
  return { name: a.name, mime: a.mime, bytes: Buffer.from(legacy.content) };
}
