import { eq } from 'drizzle-orm';
import type { Actor, Ctx } from '../../platform/context.ts';
import { Forbidden, Unauthenticated } from '../../platform/errors.ts';
import { sessions } from './schema.ts';

/** Where a user who must enrol a second factor is sent, and may still go. */
export const TOTP_SETUP_PATH = '/profil/double-authentification';
/** The page where a signed-in user types their password (or a code) again before changing a factor or a token. */
export const CONFIRM_PATH = '/profil/confirmer';
/** How long a password or code typed at sign-in or on the confirmation page allows changing factors and tokens. */
export const RECENT_CONFIRMATION_MS = 10 * 60_000;

export interface AccountSecurityRoute {
  method: 'GET' | 'POST';
  /** Hono pattern (`:id` for an identifier). */
  path: string;
  /** Needs a password or code typed within RECENT_CONFIRMATION_MS (changing factors, tokens, e-mail). */
  confirm: boolean;
  /** The page to come back to after confirming (a refused POST cannot be replayed). */
  back: string;
}

const route = (method: AccountSecurityRoute['method'], path: string, confirm: boolean, back = method === 'GET' ? path : '/profil'): AccountSecurityRoute => ({ method, path, confirm, back });

/**
 * The account-security pages and actions: they need a real session (opened by signing in, never an API
 * token, whatever its scopes), and the ones that change factors or tokens a recent confirmation too. The
 * guard mounted by the module and the security suite both read this list.
 */
export const ACCOUNT_SECURITY_ROUTES: readonly AccountSecurityRoute[] = [
  route('GET', '/profil', false),
  route('POST', '/profil/mot-de-passe', false),
  route('POST', '/profil/sessions/:id/revoquer', false),
  route('GET', '/profil/sessions/revoquer-tout', false),
  route('POST', '/profil/sessions/revoquer-tout', false),
  route('POST', '/profil/jetons', true),
  route('POST', '/profil/jetons/:id/revoquer', true),
  route('GET', TOTP_SETUP_PATH, true),
  route('POST', TOTP_SETUP_PATH, true, TOTP_SETUP_PATH),
  route('POST', `${TOTP_SETUP_PATH}/codes`, true, TOTP_SETUP_PATH),
  route('POST', `${TOTP_SETUP_PATH}/desactiver`, true, TOTP_SETUP_PATH),
  route('GET', CONFIRM_PATH, false),
  route('POST', CONFIRM_PATH, false),
  route('GET', '/admin/utilisateurs/:id/reinitialiser-2fa', false),
  route('POST', '/admin/utilisateurs/:id/reinitialiser-2fa', true, '/admin/utilisateurs'),
  route('GET', '/admin/utilisateurs/:id/revoquer-sessions', false),
  route('POST', '/admin/utilisateurs/:id/revoquer-sessions', false),
  route('POST', '/api/v1/auth/logout', false),
];

const patterns = ACCOUNT_SECURITY_ROUTES.map((r) => ({ r, re: new RegExp(`^${r.path.replace(/:[a-z]+/gi, '[^/]+')}$`) }));

/** The account-security route a request falls on, if any. */
export function accountSecurityRoute(method: string, path: string): AccountSecurityRoute | undefined {
  return patterns.find((p) => p.r.method === method.toUpperCase() && p.re.test(path))?.r;
}

/** The actor, when it comes from a session opened by signing in; an API token is refused, whatever its scopes. */
export function sessionActor(ctx: Pick<Ctx, 'actor'>): Actor & { sessionId: string } {
  const actor = ctx.actor;
  if (!actor) throw new Unauthenticated();
  if (actor.tokenScopes || !actor.sessionId) {
    throw new Forbidden('Les réglages de sécurité du compte exigent une session ouverte en vous connectant : un jeton d’API n’y donne pas accès.', 'session_required');
  }
  return actor as Actor & { sessionId: string };
}

/**
 * Whether the actor's session was opened (by signing in, or by confirming on CONFIRM_PATH, which opens a new
 * one) less than RECENT_CONFIRMATION_MS ago.
 */
export async function recentlyConfirmed(ctx: Pick<Ctx, 'db' | 'clock' | 'actor'>): Promise<boolean> {
  const actor = sessionActor(ctx);
  const [row] = await ctx.db.select({ createdAt: sessions.createdAt }).from(sessions).where(eq(sessions.id, actor.sessionId));
  return Boolean(row && ctx.clock.now().getTime() - row.createdAt.getTime() < RECENT_CONFIRMATION_MS);
}
