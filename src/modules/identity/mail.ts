import type { Ctx } from '../../platform/context.ts';

export interface IdentityMail {
  to: string;
  subject: string;
  text: string;
}

/** How identity's messages (invitation, password reset) leave: the product's mail outbox once wired. */
export type IdentityMailer = (ctx: Ctx, mail: IdentityMail) => Promise<void>;

let current: IdentityMailer = async (ctx, mail) => {
  // Without a mail service the message cannot leave; the subject (never the link) is logged for operators.
  ctx.log.warn({ to: mail.to, subject: mail.subject }, 'aucun service de courriel configuré : message non envoyé');
};

/** Sets how identity's mails are sent (the app wires the outbox; tests capture them). */
export function setIdentityMailer(mailer: IdentityMailer): void {
  current = mailer;
}

export function sendIdentityMail(ctx: Ctx, mail: IdentityMail): Promise<void> {
  return current(ctx, mail);
}
