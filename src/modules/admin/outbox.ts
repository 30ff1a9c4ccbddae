import { and, count, eq, sql, type SQL } from 'drizzle-orm';
import { audit } from '../../platform/audit/index.ts';
import { authorize } from '../../platform/auth/permissions.ts';
import type { Ctx } from '../../platform/context.ts';
import { inTransaction } from '../../platform/db/tx.ts';
import { toNumber } from '../../platform/db/types.ts';
import { NotFound } from '../../platform/errors.ts';
import { UUID } from '../../platform/jobs/index.ts';
import { outbox, sendMail, type OutboxMail } from '../../platform/mail/index.ts';
import { orderBy, pageWindow, type ListQuery, type ListSpec, containsPattern } from '../../platform/list.ts';

export const OUTBOX_STATUSES = { stored: 'Conservé (pas de SMTP)', queued: 'En attente', sent: 'Envoyé', failed: 'Échec' } as const;
export const OUTBOX_SORTS = ['createdAt', 'to', 'subject', 'status'] as const;
export const OUTBOX_FILTERS = ['statut'] as const;
export type OutboxListQuery = ListQuery<(typeof OUTBOX_SORTS)[number], (typeof OUTBOX_FILTERS)[number]>;
export const OUTBOX_LIST: ListSpec<(typeof OUTBOX_SORTS)[number], (typeof OUTBOX_FILTERS)[number]> = {
  sortable: OUTBOX_SORTS,
  defaultSort: 'createdAt',
  defaultDir: 'desc',
  filters: OUTBOX_FILTERS,
};

/** Every mail of the instance: with no SMTP server, this page is where they are read. */
export async function listOutbox(ctx: Ctx, q: OutboxListQuery): Promise<{ rows: OutboxMail[]; total: number }> {
  authorize(ctx.actor, 'admin.outbox.read');
  const where: SQL[] = [];
  if (q.q) where.push(sql`(${outbox.to} ilike ${containsPattern(q.q)} or ${outbox.subject} ilike ${containsPattern(q.q)})`);
  const status = q.filters.statut;
  if (status && status in OUTBOX_STATUSES) where.push(eq(outbox.status, status as OutboxMail['status']));
  const { limit, offset } = pageWindow(q);
  const sorts = { createdAt: outbox.createdAt, to: outbox.to, subject: outbox.subject, status: outbox.status };
  const [rows, [total]] = await Promise.all([
    ctx.db.select().from(outbox).where(and(...where)).orderBy(...orderBy(q, sorts, outbox.id)).limit(limit).offset(offset),
    ctx.db.select({ n: count() }).from(outbox).where(and(...where)),
  ]);
  return { rows, total: toNumber(total?.n) };
}

export async function getOutboxMail(ctx: Ctx, id: string): Promise<OutboxMail> {
  authorize(ctx.actor, 'admin.outbox.read');
  const [row] = UUID.test(id) ? await ctx.db.select().from(outbox).where(eq(outbox.id, id)) : [];
  if (!row) throw new NotFound('Courriel introuvable.');
  return row;
}

/** A test message to the admin's own address: checks the mail settings end to end. */
export async function sendTestMail(ctx: Ctx): Promise<OutboxMail> {
  authorize(ctx.actor, 'admin.outbox.read');
  const actor = ctx.actor!;
  return inTransaction(ctx, async (tx) => {
    const mail = await sendMail(tx, {
      to: actor.email,
      subject: `Message d’essai — ${ctx.config.SYNDICATE_NAME}`,
      text: `Bonjour ${actor.name},\n\nCe message vérifie l’envoi des courriels de ${ctx.config.SYNDICATE_NAME} (${ctx.config.PUBLIC_URL}).\nAucune action n’est nécessaire.`,
    });
    await audit(tx, { action: 'mail.test', entity: 'outbox', entityId: mail.id, after: { to: mail.to, status: mail.status } });
    return mail;
  });
}
