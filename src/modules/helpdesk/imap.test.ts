import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import type { TestApp } from '../../../test/helpers/app.ts';
import { helpdeskTestApp, type HelpdeskWorld } from '../../../test/helpers/helpdesk-factories.ts';
import { drainMailbox, POLL_BATCH, type Mailbox } from './imap.ts';
import { inboundMessages } from './schema.ts';

let t: TestApp;
let w: HelpdeskWorld;
// The mail server authenticates what it receives and says so on top of each message (Authentication-Results).
beforeAll(async () => ({ t, w } = await helpdeskTestApp({ INBOUND_TRUST_AUTH_RESULTS: 'mx.syndicat.test' })));
afterAll(() => t.close());

const message = (from: string, id: string, subject = 'Imprimante') =>
  Buffer.from(
    [
      `Authentication-Results: mx.syndicat.test; dkim=pass header.d=${from.split('@')[1]}; dmarc=pass header.from=${from.split('@')[1]}`,
      `From: ${from}`,
      `Subject: ${subject}`,
      `Message-ID: <${id}@imap.test>`,
      'Content-Type: text/plain; charset=utf-8',
      '',
      'Plus rien ne sort.',
    ].join('\r\n'),
  );

/** An in-memory folder implementing the poller's mailbox interface, recording what was done to it. */
function fakeMailbox(messages: Map<number, { raw: Buffer; flags: Set<string> }>) {
  const calls: string[] = [];
  const box: Mailbox = {
    async open() {
      calls.push('open');
    },
    async unseen() {
      return [...messages].filter(([, m]) => !m.flags.has('\\Seen')).map(([uid]) => uid);
    },
    async source(uid) {
      return messages.get(uid)?.raw ?? null;
    },
    async flag(uid, flags) {
      calls.push(`flag ${uid} ${flags.join(' ')}`);
      for (const f of flags) messages.get(uid)!.flags.add(f);
    },
    async close() {
      calls.push('close');
    },
  };
  return { box, calls };
}

describe('IMAP poller', () => {
  it('processes unseen messages, marks them seen, and skips them on the next poll', async () => {
    const folder = new Map([
      [11, { raw: message(w.b.user.email, 'i1'), flags: new Set<string>() }],
      [12, { raw: message('inconnu@ailleurs.test', 'i2', 'Question'), flags: new Set<string>() }],
      [13, { raw: message(w.b.user.email, 'i0'), flags: new Set(['\\Seen']) }],
    ]);
    const { box, calls } = fakeMailbox(folder);
    const results = await drainMailbox(t.ctx, box);
    expect(results.map((r) => r.outcome)).toEqual(['ticket', 'triage']);
    expect(calls).toEqual(['open', 'flag 11 \\Seen', 'flag 12 \\Seen', 'close']);
    const stored = await t.ctx.db.select().from(inboundMessages).where(eq(inboundMessages.fromAddress, 'inconnu@ailleurs.test'));
    expect(stored.map((m) => m.messageId)).toEqual(['<i2@imap.test>']);
    // Already seen: the next poll reads nothing.
    expect(await drainMailbox(t.ctx, fakeMailbox(folder).box)).toEqual([]);
  });

  it('flags a message that can never be processed, and leaves one for a retry when the failure is transient', async () => {
    const folder = new Map([
      [21, { raw: Buffer.from('Subject: sans expéditeur\r\n\r\ncorps'), flags: new Set<string>() }],
      [22, { raw: message(w.b.user.email, 'i3'), flags: new Set<string>() }],
    ]);
    const { box, calls } = fakeMailbox(folder);
    // The database goes away while the second message is processed.
    const broken = { ...t.ctx, db: new Proxy(t.ctx.db, { get: (db, k) => (k === 'transaction' ? () => Promise.reject(new Error('connexion perdue')) : Reflect.get(db, k)) }) };
    expect(await drainMailbox(broken, box)).toEqual([]);
    expect(calls).toEqual(['open', 'flag 21 \\Seen \\Flagged', 'close']);
    expect([...folder.get(22)!.flags]).toEqual([]);
    // Back to normal: the retry processes it.
    expect((await drainMailbox(t.ctx, fakeMailbox(folder).box)).map((r) => r.outcome)).toEqual(['ticket']);
  });

  it('releases the mailbox even when reading fails, and reads at most one batch per poll', async () => {
    const calls: string[] = [];
    const failing: Mailbox = { open: async () => void calls.push('open'), unseen: async () => Promise.reject(new Error('timeout')), source: async () => null, flag: async () => undefined, close: async () => void calls.push('close') };
    await expect(drainMailbox(t.ctx, failing)).rejects.toThrow('timeout');
    expect(calls).toEqual(['open', 'close']);
    const read: number[] = [];
    const big: Mailbox = { ...failing, unseen: async () => Array.from({ length: POLL_BATCH + 50 }, (_, i) => i + 1), source: async (uid) => (read.push(uid), null) };
    await drainMailbox(t.ctx, big);
    expect(read).toHaveLength(200);
  });
});
