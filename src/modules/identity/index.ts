import type { Module } from '../../platform/module.ts';
export { users, sessions } from './schema.ts';
export { createSession, actorFromSession } from './sessions.ts';
export { resolveActor, sessionCookieName } from './middleware.ts';

export const identityModule: Module = {
  name: 'identity',
  nav: [],
  mount() {},
};
export { ensureFirstAdmin } from './bootstrap.ts';
export { hashPassword, verifyPassword } from './passwords.ts';
