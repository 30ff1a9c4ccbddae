import { ImapFlow } from 'imapflow';
import type { Ctx } from '../../platform/context.ts';
import { DomainError } from '../../platform/errors.ts';
import { processInboundMail, type InboundResult } from './inbound.ts';

export const IMAP_JOB = 'helpdesk.imap';
/** Messages read per poll: a backlog is drained over several runs rather than in one long job. */
export const POLL_BATCH = 200;

/** The few mailbox operations the poller needs: ImapFlow in production, a fake in tests. */
export interface Mailbox {
  /** Connects and locks the folder. */
  open(): Promise<void>;
  /** UIDs of the unseen messages, oldest first. */
  unseen(): Promise<number[]>;
  /** The raw message, or null when it vanished meanwhile. */
  source(uid: number): Promise<Buffer | null>;
  /** Adds flags (\Seen, \Flagged) to one message. */
  flag(uid: number, flags: string[]): Promise<void>;
  /** Releases the lock and disconnects. */
  close(): Promise<void>;
}

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

export function imapMailbox(url: string, folder: string): Mailbox {
  const client = new ImapFlow(imapOptions(url));
  let lock: { release(): void } | null = null;
  return {
    async open() {
      await client.connect();
      lock = await client.getMailboxLock(folder);
    },
    async unseen() {
      const uids = await client.search({ seen: false }, { uid: true });
      return Array.isArray(uids) ? [...uids].sort((a, b) => a - b) : [];
    },
    async source(uid) {
      const msg = await client.fetchOne(String(uid), { source: true }, { uid: true });
      return msg && msg.source ? msg.source : null;
    },
    async flag(uid, flags) {
      await client.messageFlagsAdd(String(uid), flags, { uid: true });
    },
    async close() {
      lock?.release();
      await client.logout();
    },
  };
}

/**
 * Feeds each unseen message to the same code as the HTTP endpoint. A message is flagged \Seen only once
 * processed, so a crash or a database outage means a retry, never a loss (a message processed twice is
 * recognised by its Message-ID). A message that can never be processed (no sender...) is flagged \Seen and
 * \Flagged, so it is not read again every two minutes and stands out in the mail client.
 */
export async function drainMailbox(ctx: Ctx, mailbox: Mailbox): Promise<InboundResult[]> {
  const results: InboundResult[] = [];
  await mailbox.open();
  try {
    for (const uid of (await mailbox.unseen()).slice(0, POLL_BATCH)) {
      const raw = await mailbox.source(uid);
      if (!raw) continue;
      try {
        results.push(await processInboundMail(ctx, raw));
        await mailbox.flag(uid, ['\\Seen']);
      } catch (err) {
        if (!(err instanceof DomainError)) {
          ctx.log.warn({ err, uid }, 'inbound mail not processed, left unseen for the next poll');
          continue;
        }
        ctx.log.warn({ uid, reason: err.message }, 'inbound mail rejected, flagged in the mailbox');
        await mailbox.flag(uid, ['\\Seen', '\\Flagged']);
      }
    }
  } finally {
    await mailbox.close();
  }
  return results;
}

/** The scheduled job: polls the configured mailbox, if any. */
export async function pollMailbox(ctx: Ctx): Promise<InboundResult[]> {
  if (!ctx.config.IMAP_URL) return [];
  return drainMailbox(ctx, imapMailbox(ctx.config.IMAP_URL, ctx.config.IMAP_MAILBOX));
}
