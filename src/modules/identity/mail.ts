import type { Ctx } from '../../platform/context.ts';
import { sendMail } from '../../platform/mail/index.ts';

export interface IdentityMail {
  to: string;
  subject: string;
  text: string;
}

/** Identity's messages (invitation, password reset) go through the product's outbox, in the caller's transaction. */
export async function sendIdentityMail(ctx: Pick<Ctx, 'db' | 'actor' | 'clock' | 'config'>, mail: IdentityMail): Promise<void> {
  await sendMail(ctx, mail);
}
