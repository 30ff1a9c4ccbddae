import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { SMTPServer } from 'smtp-server';
import { createTestApp, type TestApp } from '../../../test/helpers/app.ts';
import { inTransaction } from '../db/tx.ts';
import { createWorker, jobs } from '../jobs/index.ts';
import { closeTransports, outbox, sendMail } from './index.ts';

interface Received {
  from: string;
  to: string[];
  raw: string;
}

/** A real SMTP server on loopback; `reject` makes it refuse every recipient. */
async function startSmtp(opts: { reject?: boolean } = {}) {
  const received: Received[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onRcptTo(address, _session, cb) {
      if (opts.reject) return cb(Object.assign(new Error('Boîte pleine'), { responseCode: 452 }));
      cb();
    },
    onData(stream, session, cb) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        received.push({ from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '', to: session.envelope.rcptTo.map((r) => r.address), raw: Buffer.concat(chunks).toString('utf8') });
        cb();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as { port: number }).port;
  return { received, url: `smtp://127.0.0.1:${port}`, close: () => new Promise<void>((r) => server.close(() => r())) };
}

describe('mail without SMTP: the outbox', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  }, 120_000);
  afterAll(() => t.close());

  it('stores the mail, with no delivery job', async () => {
    const row = await sendMail(t.ctx, { to: 'agent@commune.test', subject: 'Invitation', text: 'Bonjour', headers: { 'X-Mutualis': 'invitation' } });
    expect(row.status).toBe('stored');
    expect(row.jobId).toBeNull();
    const [stored] = await t.ctx.db.select().from(outbox).where(eq(outbox.id, row.id));
    expect(stored).toMatchObject({ to: 'agent@commune.test', subject: 'Invitation', headers: { 'X-Mutualis': 'invitation' } });
  });

  it('refuses a bad address or a multi-line subject in French, storing nothing', async () => {
    const before = (await t.ctx.db.select().from(outbox)).length;
    await expect(sendMail(t.ctx, { to: 'pas-une-adresse', subject: 'x', text: 'y' })).rejects.toMatchObject({ fields: { to: 'Adresse électronique invalide.' } });
    await expect(sendMail(t.ctx, { to: 'a@b.test', subject: 'x\r\nBcc: victim@x.test', text: 'y' })).rejects.toMatchObject({ code: 'invalid' });
    expect(await t.ctx.db.select().from(outbox)).toHaveLength(before);
  });

  it('sends nothing when the calling transaction rolls back', async () => {
    await expect(
      inTransaction(t.ctx, async (tx) => {
        await sendMail(tx, { to: 'rollback@commune.test', subject: 'Jamais', text: 'x' });
        throw new Error('crash');
      }),
    ).rejects.toThrow('crash');
    expect(await t.ctx.db.select().from(outbox).where(eq(outbox.to, 'rollback@commune.test'))).toHaveLength(0);
  });
});

describe('mail over SMTP, through the job queue', () => {
  afterEach(() => closeTransports());

  it('delivers to a real SMTP server and records it as sent', async () => {
    const smtp = await startSmtp();
    const t = await createTestApp({ SMTP_URL: smtp.url, MAIL_FROM: 'Syndicat <no-reply@syndicat.test>' });
    try {
      const row = await sendMail(t.ctx, { to: 'elu@commune.test', subject: 'Réunion du comité', text: 'Ordre du jour joint.', html: '<p>Ordre du jour joint.</p>' });
      expect(row.status).toBe('queued');
      expect(row.jobId).not.toBeNull();
      const worker = createWorker({ db: t.db.db, clock: t.clock, log: t.ctx.log, config: t.config });
      expect(await worker.drain()).toBe(1);
      expect(smtp.received).toHaveLength(1);
      expect(smtp.received[0]!.to).toEqual(['elu@commune.test']);
      expect(smtp.received[0]!.from).toBe('no-reply@syndicat.test');
      expect(smtp.received[0]!.raw).toContain('Subject: =?UTF-8?Q?R=C3=A9union_du_comit=C3=A9?=');
      const [sent] = await t.ctx.db.select().from(outbox).where(eq(outbox.id, row.id));
      expect(sent!.status).toBe('sent');
      expect(sent!.messageId).toMatch(/@/);
      expect(sent!.sentAt).not.toBeNull();
    } finally {
      await t.close();
      await smtp.close();
    }
  }, 120_000);

  it('retries with backoff while the server refuses, then marks the mail failed', async () => {
    const smtp = await startSmtp({ reject: true });
    const t = await createTestApp({ SMTP_URL: smtp.url });
    try {
      const row = await sendMail(t.ctx, { to: 'plein@commune.test', subject: 'Relance', text: 'x' });
      const worker = createWorker({ db: t.db.db, clock: t.clock, log: t.ctx.log, config: t.config });
      await worker.runDue();
      let [job] = await t.ctx.db.select().from(jobs).where(eq(jobs.id, row.jobId!));
      expect(job).toMatchObject({ status: 'queued', attempts: 1 });
      expect(job!.lastError).toContain('452');
      expect(job!.runAt.getTime() - t.clock.now().getTime()).toBe(10_000);
      expect(await worker.runDue()).toBe(0); // not before the backoff
      for (let i = 0; i < 5; i++) {
        t.clock.advance(3_600_000);
        expect(await worker.runDue()).toBe(1);
      }
      [job] = await t.ctx.db.select().from(jobs).where(eq(jobs.id, row.jobId!));
      expect(job).toMatchObject({ status: 'failed', attempts: 6 });
      const [failed] = await t.ctx.db.select().from(outbox).where(eq(outbox.id, row.id));
      expect(failed!.status).toBe('failed');
      expect(failed!.error).toContain('Boîte pleine');
      expect(smtp.received).toHaveLength(0);
    } finally {
      await t.close();
      await smtp.close();
    }
  }, 120_000);
});
