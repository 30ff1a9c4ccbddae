import type { JobDefinition } from '../../platform/jobs/index.ts';
import { PASSWORD_RESET_JOB, sendPasswordReset } from './credentials.ts';

/** Sends the reset link of a "forgotten password" request, or nothing when the address has no active account. */
export const passwordResetJob: JobDefinition = {
  name: PASSWORD_RESET_JOB,
  label: 'Lien de réinitialisation de mot de passe',
  handler: (job, { ctx }) => sendPasswordReset(ctx, (job.payload as { email: string }).email),
};
