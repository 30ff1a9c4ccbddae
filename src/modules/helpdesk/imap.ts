import { ImapFlow } from 'imapflow';
import type { Ctx } from '../../platform/context.ts';
import { processInboundMail, type InboundResult } from './inbound.ts';

export const IMAP_JOB = 'helpdesk.imap';

/** imaps://user:password@host:993 → ImapFlow options. */
export function imapOptions(url: string) {
  const u = new URL(url);
  const secure = u.protocol === 'imaps:';
  return {
    host: u.hostname,
    port: Number(u.port) || (secure ? 993 : 143),
    secure,
    auth: { user: decodeURIComponent(u.username), pass: decodeURIComponent(u.password) },
    logger: false as const,
  };
}

/**
 * Reads unseen messages of the helpdesk mailbox and feeds each to the same code as the HTTP endpoint.
 * A message is flagged \Seen only once processed, so a crash means a retry, never a loss
 * (duplicates are recognised by their Message-ID).
 */
export async function pollMailbox(ctx: Ctx): Promise<InboundResult[]> {
  if (!ctx.config.IMAP_URL) return [];
  const client = new ImapFlow(imapOptions(ctx.config.IMAP_URL));
  await client.connect();
  const results: InboundResult[] = [];
  const lock = await client.getMailboxLock(ctx.config.IMAP_MAILBOX);
  try {
    const uids = (await client.search({ seen: false }, { uid: true })) || [];
    for (const uid of uids.slice(0, 200)) {
      const msg = await client.fetchOne(String(uid), { source: true }, { uid: true });
      if (!msg || !msg.source) continue;
      try {
        results.push(await processInboundMail(ctx, msg.source));
        await client.messageFlagsAdd(String(uid), ['\\Seen'], { uid: true });
      } catch (err) {
        ctx.log.warn({ err, uid }, 'inbound mail not processed');
      }
    }
  } finally {
    lock.release();
    await client.logout();
  }
  return results;
}
