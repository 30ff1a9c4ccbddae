const ORIGIN = 'http://mutualis.invalid';

/** A path that a browser would read as another host (`//host`, `/\host`) or that is no path at all. */
const leavesSite = (path: string) => !path.startsWith('/') || path.startsWith('//') || path.startsWith('/\\');

/**
 * Where to go after sign-in (the form, the second-factor page, OpenID Connect): only a path of this site.
 * The value is normalised first (`/./`, `/a/../`, `%2e` segments resolved) and the check runs on what is
 * returned, so `/.//evil.example` or `/%2e//evil.example` cannot become `//evil.example`. Anything else
 * (another host, a scheme, a backslash, control characters) falls back to the home page: no open redirect.
 */
export function safeNext(value: unknown, fallback = '/'): string {
  if (typeof value !== 'string' || value.length > 2000) return fallback;
  if (leavesSite(value) || value.includes('\\') || /[\u0000-\u001f\u007f\s]/.test(value)) return fallback;
  let url: URL;
  try {
    url = new URL(value, ORIGIN);
  } catch {
    return fallback;
  }
  const path = url.pathname + url.search + url.hash;
  return url.origin === ORIGIN && !leavesSite(path) ? path : fallback;
}
