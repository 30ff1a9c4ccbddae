import * as client from 'openid-client';
import type { Config } from '../../config.ts';
import type { OidcIdentity } from './oidc-accounts.ts';

type OidcConfig = Pick<Config, 'OIDC_ISSUER' | 'OIDC_CLIENT_ID' | 'OIDC_CLIENT_SECRET' | 'PUBLIC_URL'>;

export const oidcEnabled = (config: OidcConfig) => Boolean(config.OIDC_ISSUER && config.OIDC_CLIENT_ID && config.OIDC_CLIENT_SECRET);
export const OIDC_CALLBACK_PATH = '/connexion/oidc/retour';
export const redirectUri = (config: OidcConfig) => `${config.PUBLIC_URL}${OIDC_CALLBACK_PATH}`;

const discovered = new Map<string, Promise<client.Configuration>>();

/** The provider's configuration, discovered once per issuer (a failed discovery is retried next time). */
function providerConfig(config: OidcConfig): Promise<client.Configuration> {
  const key = `${config.OIDC_ISSUER}|${config.OIDC_CLIENT_ID}`;
  let found = discovered.get(key);
  if (!found) {
    const issuer = new URL(config.OIDC_ISSUER!);
    // Plain http only for a provider on this machine (development, tests); https everywhere else.
    const local = issuer.protocol === 'http:' && ['127.0.0.1', 'localhost', '[::1]'].includes(issuer.hostname);
    found = client.discovery(issuer, config.OIDC_CLIENT_ID!, config.OIDC_CLIENT_SECRET!, undefined, local ? { execute: [client.allowInsecureRequests] } : undefined);
    found.catch(() => discovered.delete(key));
    discovered.set(key, found);
  }
  return found;
}

export interface OidcAttempt {
  state: string;
  nonce: string;
  verifier: string;
  next: string;
}

/** The provider's authorisation URL (code flow with PKCE, state and nonce) and what the callback checks. */
export async function beginOidc(config: OidcConfig, next: string): Promise<{ url: string; attempt: OidcAttempt }> {
  const provider = await providerConfig(config);
  const attempt: OidcAttempt = { state: client.randomState(), nonce: client.randomNonce(), verifier: client.randomPKCECodeVerifier(), next };
  const url = client.buildAuthorizationUrl(provider, {
    redirect_uri: redirectUri(config),
    scope: 'openid email profile',
    code_challenge: await client.calculatePKCECodeChallenge(attempt.verifier),
    code_challenge_method: 'S256',
    state: attempt.state,
    nonce: attempt.nonce,
  });
  return { url: url.href, attempt };
}

/** Exchanges the code and returns who the provider says the user is (ID token, then userinfo). */
export async function finishOidc(config: OidcConfig, search: string, attempt: OidcAttempt): Promise<OidcIdentity> {
  const provider = await providerConfig(config);
  const currentUrl = new URL(`${redirectUri(config)}${search}`);
  const tokens = await client.authorizationCodeGrant(provider, currentUrl, { pkceCodeVerifier: attempt.verifier, expectedState: attempt.state, expectedNonce: attempt.nonce });
  const idClaims = tokens.claims();
  if (!idClaims) throw new Error('réponse OpenID Connect sans jeton d’identité');
  let claims: Record<string, unknown> = { ...idClaims };
  if (typeof claims.email !== 'string') claims = { ...claims, ...(await client.fetchUserInfo(provider, tokens.access_token, idClaims.sub)) };
  const issuer = String(idClaims.iss);
  const name = [claims.given_name, claims.usual_name ?? claims.family_name].filter((v) => typeof v === 'string').join(' ') || String(claims.name ?? '');
  return {
    email: typeof claims.email === 'string' ? claims.email : '',
    // ProConnect vouches for every address it returns and sends no email_verified claim.
    emailVerified: claims.email_verified === true || (typeof claims.email === 'string' && new URL(issuer).hostname.endsWith('proconnect.gouv.fr')),
    name,
    subject: idClaims.sub,
    issuer,
  };
}
