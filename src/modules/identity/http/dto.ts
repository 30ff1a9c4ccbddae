import { z } from '@hono/zod-openapi';
import type { Actor } from '../../../platform/context.ts';

export const LoginInput = z
  .object({
    email: z.string().max(320),
    password: z.string().max(1024),
    totp: z.string().max(40).optional().describe('Code à 6 chiffres (ou code de secours) quand la double authentification est activée'),
  })
  .openapi('LoginInput');

export const Session = z.object({ csrfToken: z.string().describe('À envoyer dans X-CSRF-Token avec le cookie de session'), userId: z.uuid() }).openapi('Session');

export const Me = z
  .object({
    userId: z.uuid(),
    email: z.string(),
    name: z.string(),
    organisationId: z.uuid(),
    side: z.enum(['syndicate', 'member']),
    roles: z.array(z.string()),
    tokenScopes: z.array(z.string()).nullable().describe('Permissions du jeton d’API utilisé ; null pour une session'),
  })
  .openapi('Me');

export const User = z
  .object({
    id: z.uuid(),
    name: z.string(),
    email: z.string(),
    roles: z.array(z.string()),
    active: z.boolean(),
    organisationId: z.uuid(),
    organisationName: z.string(),
    lastSignInAt: z.iso.datetime({ offset: true }).nullable(),
    totpEnabled: z.boolean(),
  })
  .openapi('User');

export const meDto = (a: Actor): z.infer<typeof Me> => ({
  userId: a.userId,
  email: a.email,
  name: a.name,
  organisationId: a.organisationId,
  side: a.side,
  roles: a.roles,
  tokenScopes: a.tokenScopes ?? null,
});

export const userDto = (u: { id: string; name: string; email: string; roles: string[]; active: boolean; organisationId: string; organisationName: string; lastSignInAt: Date | null; totpEnabledAt: Date | null }): z.infer<typeof User> => ({
  id: u.id,
  name: u.name,
  email: u.email,
  roles: u.roles,
  active: u.active,
  organisationId: u.organisationId,
  organisationName: u.organisationName,
  lastSignInAt: u.lastSignInAt?.toISOString() ?? null,
  totpEnabled: Boolean(u.totpEnabledAt),
});
