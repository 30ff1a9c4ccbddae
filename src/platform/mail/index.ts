import { eq } from 'drizzle-orm';
import { z } from 'zod';
import type { Ctx } from '../context.ts';
import { Invalid } from '../errors.ts';
import { enqueue, type Job, type JobDefinition } from '../jobs/index.ts';
import { outbox } from './schema.ts';
import { closeTransports, smtpTransport } from './transport.ts';

export interface Mail {
  to: string;
  subject: string;
  text: string;
  html?: string;
  /** Extra headers, e.g. `List-Unsubscribe`. */
  headers?: Record<string, string>;
}

export type OutboxMail = typeof outbox.$inferSelect;

const MAIL_JOB = 'mail.send';
const mailSchema = z.object({
  to: z.email({ message: 'Adresse électronique invalide.' }),
  // A line break in a subject or header value would let a caller inject headers.
  subject: z.string().trim().min(1, 'Objet obligatoire.').max(300).refine((s) => !/[\r\n]/.test(s), 'Objet sur une seule ligne.'),
  text: z.string().min(1, 'Texte obligatoire.'),
  html: z.string().optional(),
  headers: z.record(z.string().regex(/^[A-Za-z0-9-]+$/), z.string().refine((s) => !/[\r\n]/.test(s))).optional(),
});

/**
 * Sends a mail. Always recorded in the outbox; with SMTP_URL a job delivers it (retried with backoff),
 * without it the outbox row is the delivery, read on the admin "Boîte d'envoi" page. Call it inside the
 * use case's transaction: a rolled-back change sends nothing.
 */
export async function sendMail(ctx: Pick<Ctx, 'db' | 'actor' | 'clock' | 'config'>, mail: Mail): Promise<OutboxMail> {
  const parsed = mailSchema.safeParse(mail);
  if (!parsed.success) {
    const fields: Record<string, string> = {};
    for (const i of parsed.error.issues) fields[String(i.path[0] ?? '_')] = i.message;
    throw new Invalid('Le message ne peut pas être envoyé.', fields);
  }
  const m = parsed.data;
  const smtp = Boolean(ctx.config.SMTP_URL);
  const [row] = await ctx.db
    .insert(outbox)
    .values({
      to: m.to,
      subject: m.subject,
      text: m.text,
      html: m.html ?? null,
      headers: m.headers ?? null,
      status: smtp ? 'queued' : 'stored',
      createdBy: ctx.actor?.userId ?? null,
      organisationId: ctx.actor?.organisationId ?? null,
      createdAt: ctx.clock.now(),
    })
    .returning();
  if (!smtp) return row!;
  const job = await enqueue(ctx, MAIL_JOB, { outboxId: row!.id }, { maxAttempts: 6 });
  const [updated] = await ctx.db.update(outbox).set({ jobId: job.id }).where(eq(outbox.id, row!.id)).returning();
  return updated!;
}

/** The delivery job. A mail marked sent is never sent again; only a crash between the SMTP answer and the commit repeats one. */
async function deliver(job: Job<{ outboxId: string }>, { ctx }: { ctx: Ctx }): Promise<unknown> {
  const [mail] = await ctx.db.select().from(outbox).where(eq(outbox.id, job.payload.outboxId));
  if (!mail) throw new Error(`courriel ${job.payload.outboxId} introuvable`);
  if (mail.status === 'sent') return { messageId: mail.messageId };
  const url = ctx.config.SMTP_URL;
  try {
    if (!url) throw new Error('SMTP_URL non configuré : envoi impossible');
    const info = await smtpTransport(url).sendMail({
      from: ctx.config.MAIL_FROM,
      to: mail.to,
      subject: mail.subject,
      text: mail.text,
      html: mail.html ?? undefined,
      headers: mail.headers ?? undefined,
    });
    await ctx.db.update(outbox).set({ status: 'sent', messageId: info.messageId, error: null, sentAt: ctx.clock.now() }).where(eq(outbox.id, mail.id));
    return { messageId: info.messageId };
  } catch (err) {
    const final = job.attempts >= job.maxAttempts;
    await ctx.db
      .update(outbox)
      .set({ status: final ? 'failed' : 'queued', error: (err as Error).message.slice(0, 2_000) })
      .where(eq(outbox.id, mail.id));
    throw err;
  }
}

/** The platform's own job, registered by the app beside the modules' ones. */
export const mailJobs: JobDefinition[] = [{ name: MAIL_JOB, handler: deliver as JobDefinition['handler'], label: 'Envoi d’un courriel' }];

export { outbox, closeTransports };
