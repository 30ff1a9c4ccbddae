import { and, asc, eq } from 'drizzle-orm';
import { fileTypeFromBuffer } from 'file-type';
import type { Ctx } from '../../platform/context.ts';
import { audit } from '../../platform/audit/index.ts';
import { inTransaction } from '../../platform/db/index.ts';
import { Forbidden, Invalid, NotFound } from '../../platform/errors.ts';
import { isHelpdeskStaff, readableTicket, type Ticket } from './access.ts';
import { recordEvent } from './events.ts';
import { notify } from './notifications.ts';
import { interventions, ticketAttachments, ticketComments, ticketEvents, tickets } from './schema.ts';
import { applyStatus } from './tickets.ts';

export type Comment = typeof ticketComments.$inferSelect;

export interface CommentInput {
  body: string;
  internal?: boolean;
  via?: 'web' | 'email' | 'api';
  /** Name shown when the author has no account (inbound mail). */
  authorName?: string;
}

/**
 * Adds a reply. Only staff may write internal notes. A staff public reply is the first response for the
 * SLA; a member's reply while the ticket waits for them, or after resolution, puts it back in progress.
 */
export async function addComment(ctx: Ctx, ticketId: string, input: CommentInput): Promise<Comment> {
  const body = (input.body ?? '').trim();
  if (body.length === 0) throw new Invalid('Le message est vide.', { body: 'Écrivez un message.' });
  if (body.length > 50_000) throw new Invalid('Message trop long.', { body: '50 000 caractères au plus.' });
  return inTransaction(ctx, async (tx) => {
    const t = await readableTicket(tx, ticketId);
    const staff = isHelpdeskStaff(tx.actor);
    if (input.internal && !staff) throw new Forbidden('Seul le service peut écrire une note interne.');
    if (t.status === 'closed' && !staff) throw new Invalid('Cette demande est clôturée.', { body: 'Ouvrez une nouvelle demande.' });
    return postComment(tx, t, input, staff);
  });
}

/** The write, once the author is known to be allowed (also used by inbound mail). */
export async function postComment(tx: Ctx, ticket: Ticket, input: CommentInput & { body: string }, staff: boolean): Promise<Comment> {
  let t = ticket;
  const body = input.body.trim();
  const [c] = await tx.db
    .insert(ticketComments)
    .values({
      ticketId: t.id,
      organisationId: t.organisationId,
      authorUserId: tx.actor?.userId ?? null,
      authorName: input.authorName ?? tx.actor?.name ?? 'Inconnu',
      body,
      internal: Boolean(input.internal),
      via: input.via ?? 'web',
      createdAt: tx.clock.now(),
    })
    .returning();
  await recordEvent(tx, t, input.internal ? 'note' : 'comment', { internal: Boolean(input.internal), actorName: c!.authorName });
  if (!input.internal) {
    if (staff && !t.firstResponseAt) {
      [t] = (await tx.db.update(tickets).set({ firstResponseAt: tx.clock.now(), updatedAt: tx.clock.now() }).where(eq(tickets.id, t.id)).returning()) as [Ticket];
    }
    if (!staff && (t.status === 'waiting_member' || t.status === 'resolved')) t = await applyStatus(tx, t, 'in_progress');
    await notify(tx, t, 'reply', { detail: body.slice(0, 4000) });
  }
  await audit(tx, { action: 'ticket.comment', entity: 'ticket', entityId: t.id, organisationId: t.organisationId, after: { commentId: c!.id, internal: c!.internal } });
  return c!;
}

export const MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024;
const ALLOWED = new Set(['application/pdf', 'image/png', 'image/jpeg', 'image/gif', 'image/webp', 'text/plain', 'text/csv', 'application/zip', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'application/vnd.oasis.opendocument.text', 'application/vnd.oasis.opendocument.spreadsheet', 'message/rfc822']);

/** The type is read from the bytes (not trusted from the browser); plain text has no signature. */
async function sniff(bytes: Buffer, declared: string): Promise<string> {
  const found = await fileTypeFromBuffer(bytes);
  if (found) return found.mime === 'application/x-cfb' ? declared : found.mime;
  if (declared.startsWith('text/') || declared === 'message/rfc822') return declared === 'text/csv' ? declared : declared.startsWith('text/') ? 'text/plain' : declared;
  return 'application/octet-stream';
}

export async function addAttachment(ctx: Ctx, ticketId: string, file: { name: string; type: string; bytes: Buffer; internal?: boolean }) {
  if (file.bytes.length === 0) throw new Invalid('Fichier vide.', { file: 'Le fichier est vide.' });
  if (file.bytes.length > MAX_ATTACHMENT_BYTES) throw new Invalid('Fichier trop volumineux.', { file: '10 Mo au plus.' });
  const mime = await sniff(file.bytes, file.type || 'application/octet-stream');
  let allowed = ALLOWED.has(mime);
  // Office documents are zip files: accept a zip whose declared type is an office format we allow.
  if (mime === 'application/zip' && ALLOWED.has(file.type)) allowed = true;
  if (!allowed) throw new Invalid('Type de fichier non accepté.', { file: 'PDF, images, textes, documents bureautiques ou archives ZIP.' });
  return inTransaction(ctx, async (tx) => {
    const t = await readableTicket(tx, ticketId);
    const internal = Boolean(file.internal) && isHelpdeskStaff(tx.actor);
    const name = file.name.replace(/[\\/\r\n"]+/g, '_').slice(0, 200) || 'piece-jointe';
    const [a] = await tx.db
      .insert(ticketAttachments)
      .values({ ticketId: t.id, organisationId: t.organisationId, name, mime: mime === 'application/zip' && ALLOWED.has(file.type) ? file.type : mime, size: file.bytes.length, content: file.bytes, internal, createdBy: tx.actor?.userId ?? null, createdAt: tx.clock.now() })
      .returning({ id: ticketAttachments.id, name: ticketAttachments.name, size: ticketAttachments.size });
    await recordEvent(tx, t, 'attachment', { to: name, internal });
    await audit(tx, { action: 'ticket.attach', entity: 'ticket', entityId: t.id, organisationId: t.organisationId, after: a });
    return a!;
  });
}

export async function getAttachment(ctx: Ctx, ticketId: string, attachmentId: string) {
  const t = await readableTicket(ctx, ticketId);
  const [a] = /^[0-9a-f-]{36}$/i.test(attachmentId) ? await ctx.db.select().from(ticketAttachments).where(and(eq(ticketAttachments.id, attachmentId), eq(ticketAttachments.ticketId, t.id))) : [];
  if (!a || (a.internal && !isHelpdeskStaff(ctx.actor))) throw new NotFound('Pièce jointe introuvable.');
  return a;
}

/** Everything shown on a ticket's page. Members never receive internal notes, events or attachments. */
export async function ticketDetail(ctx: Ctx, id: string) {
  const ticket = await readableTicket(ctx, id);
  const staff = isHelpdeskStaff(ctx.actor);
  const [comments, events, attachments, work] = await Promise.all([
    ctx.db.select().from(ticketComments).where(staff ? eq(ticketComments.ticketId, id) : and(eq(ticketComments.ticketId, id), eq(ticketComments.internal, false))).orderBy(asc(ticketComments.createdAt)),
    ctx.db.select().from(ticketEvents).where(staff ? eq(ticketEvents.ticketId, id) : and(eq(ticketEvents.ticketId, id), eq(ticketEvents.internal, false))).orderBy(asc(ticketEvents.at)),
    ctx.db
      .select({ id: ticketAttachments.id, name: ticketAttachments.name, mime: ticketAttachments.mime, size: ticketAttachments.size, internal: ticketAttachments.internal, createdAt: ticketAttachments.createdAt })
      .from(ticketAttachments)
      .where(staff ? eq(ticketAttachments.ticketId, id) : and(eq(ticketAttachments.ticketId, id), eq(ticketAttachments.internal, false))),
    ctx.db.select().from(interventions).where(eq(interventions.ticketId, id)).orderBy(asc(interventions.startedAt)),
  ]);
  return { ticket, comments, events, attachments, interventions: work, staff };
}
