import type { Module } from '../../platform/module.ts';
import { mountIdentityApi } from './api.ts';
import { mountSignInPages } from './sign-in-pages.tsx';
import { mountOidcPages } from './oidc-pages.tsx';
import { mountPasswordPages } from './password-pages.tsx';
import { mountProfilePages } from './profile-pages.tsx';
import { mountTotpPages } from './totp-pages.tsx';
import { mountAdminPages } from './admin-pages.tsx';
import { mountOidcAdminPages } from './oidc-admin-pages.tsx';

export { users, sessions, apiTokens } from './schema.ts';
export { createSession, actorFromSession, totpRequired } from './sessions.ts';
export { resolveActor, sessionCookieName, clientIp } from './middleware.ts';
export { createUser, systemActor, type CreateUserInput } from './users.ts';
export { createApiToken, revokeApiToken, listApiTokens, type CreateApiTokenInput } from './api-tokens.ts';
export { ensureFirstAdmin } from './bootstrap.ts';
export { hashPassword, verifyPassword, passwordProblem } from './passwords.ts';
export { safeNext } from './web.ts';

export const identityModule: Module = {
  name: 'identity',
  nav: [{ href: '/admin/utilisateurs', label: 'Utilisateurs', permission: 'users.read' }],
  mount(app) {
    mountIdentityApi(app);
    mountSignInPages(app);
    mountOidcPages(app);
    mountPasswordPages(app);
    mountProfilePages(app);
    mountTotpPages(app);
    mountAdminPages(app);
    mountOidcAdminPages(app);
  },
};
