import type { Module } from '../../platform/module.ts';
export { users, sessions, apiTokens } from './schema.ts';
export { createSession, actorFromSession } from './sessions.ts';
export { resolveActor, sessionCookieName } from './middleware.ts';
export { createUser, systemActor, type CreateUserInput } from './users.ts';
export { createApiToken, revokeApiToken, listApiTokens, type CreateApiTokenInput } from './api-tokens.ts';
export { setIdentityMailer, type IdentityMailer, type IdentityMail } from './mail.ts';

export const identityModule: Module = {
  name: 'identity',
  nav: [],
  mount() {},
};
export { ensureFirstAdmin } from './bootstrap.ts';
export { hashPassword, verifyPassword, passwordProblem } from './passwords.ts';
