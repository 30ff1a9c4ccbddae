import type { Module } from '../../platform/module.ts';
import { mountIdentityApi } from './http/api.ts';
import { mountSignInPages } from './http/pages/sign-in.tsx';
import { mountOidcPages } from './http/pages/oidc.tsx';
import { mountPasswordPages } from './http/pages/password.tsx';
import { mountProfilePages } from './http/pages/profile.tsx';
import { mountTotpPages } from './http/pages/totp.tsx';
import { mountAdminPages } from './http/pages/users.tsx';
import { mountOidcAdminPages } from './http/pages/oidc-admin.tsx';
import { mountAccountSecurityGuard } from './http/account-security.ts';
import { mountConfirmPages } from './http/pages/confirm.tsx';
import { passwordResetJob } from './jobs.ts';

export { users } from './schema.ts';
export { createSession, actorFromSession, totpRequired } from './sessions.ts';
export { resolveActor, sessionCookieName, clientIp } from './http/middleware.ts';
export { createUser, systemActor, type CreateUserInput } from './users.ts';
export { createApiToken, revokeApiToken, listApiTokens, type CreateApiTokenInput } from './api-tokens.ts';
export { ensureFirstAdmin } from './bootstrap.ts';
export { hashPassword, verifyPassword, passwordProblem } from './passwords.ts';
export { safeNext } from './redirects.ts';
export { ACCOUNT_SECURITY_ROUTES, accountSecurityRoute, CONFIRM_PATH, RECENT_CONFIRMATION_MS, type AccountSecurityRoute } from './account-security.ts';
export { userEmails } from './emails.ts';

export const identityModule: Module = {
  name: 'identity',
  nav: [{ href: '/admin/utilisateurs', label: 'Utilisateurs', permission: 'users.read' }],
  jobs: [passwordResetJob],
  mount(app) {
    // First: the account-security routes below refuse API tokens and ask for a recent confirmation.
    mountAccountSecurityGuard(app);
    mountIdentityApi(app);
    mountSignInPages(app);
    mountOidcPages(app);
    mountPasswordPages(app);
    mountProfilePages(app);
    mountTotpPages(app);
    mountConfirmPages(app);
    mountAdminPages(app);
    mountOidcAdminPages(app);
  },
};
