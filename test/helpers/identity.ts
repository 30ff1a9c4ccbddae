import { TOTP, Secret } from 'otpauth';
import type { App } from '../../src/app.ts';

/** name=value pairs of a response's Set-Cookie headers (deleted cookies come with an empty value). */
export function setCookies(res: Response): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of res.headers.getSetCookie()) {
    const [pair] = line.split(';');
    const i = pair!.indexOf('=');
    out[pair!.slice(0, i).trim()] = pair!.slice(i + 1).trim();
  }
  return out;
}

/** The raw Set-Cookie line of a cookie, to check its flags. */
export function setCookieLine(res: Response, name: string): string | undefined {
  return res.headers.getSetCookie().find((l) => l.startsWith(`${name}=`));
}

/** A browser-like visitor: keeps cookies between requests made through app.request. */
export class Visitor {
  cookies = new Map<string, string>();
  constructor(private readonly app: App) {}

  get cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  async request(path: string, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    if (this.cookies.size > 0) headers.set('cookie', this.cookieHeader);
    const res = await this.app.request(path, { ...init, headers });
    for (const [k, v] of Object.entries(setCookies(res))) {
      if (v === '') this.cookies.delete(k);
      else this.cookies.set(k, v);
    }
    return res;
  }

  /** GETs a page and returns its HTML and the `_csrf` value of its first form. */
  async page(path: string): Promise<{ res: Response; html: string; csrf: string }> {
    const res = await this.request(path);
    const html = await res.text();
    const csrf = /name="_csrf" value="([^"]*)"/.exec(html)?.[1] ?? '';
    return { res, html, csrf };
  }

  /** Posts a form (urlencoded); repeated fields as arrays. */
  post(path: string, fields: Record<string, string | string[]>, headers: Record<string, string> = {}): Promise<Response> {
    const body = new URLSearchParams();
    for (const [k, v] of Object.entries(fields)) for (const one of Array.isArray(v) ? v : [v]) body.append(k, one);
    return this.request(path, { method: 'POST', body, headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers } });
  }

  /** Signs in through the form; returns the final response of the sign-in POST. */
  async signIn(email: string, password: string, next?: string): Promise<Response> {
    const { csrf } = await this.page('/connexion');
    return this.post('/connexion', { _csrf: csrf, email, password, ...(next ? { suivant: next } : {}) });
  }
}

/** The current TOTP code of a base32 secret at a given instant. */
export function totpCode(secret: string, at: Date): string {
  return new TOTP({ secret: Secret.fromBase32(secret), digits: 6, period: 30, algorithm: 'SHA1' }).generate({ timestamp: at.getTime() });
}
