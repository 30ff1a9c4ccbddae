import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { createMiddleware } from 'hono/factory';
import type { AppEnv } from '../http/types.ts';
import type { Flash } from './layout.tsx';

const COOKIE = 'mutualis_flash';
const KINDS = new Set(['success', 'error', 'info', 'warning']);

/** Leaves a message for the next page (after a redirect). */
export function setFlash(c: Context, kind: Flash['kind'], message: string): void {
  setCookie(c, COOKIE, encodeURIComponent(JSON.stringify({ kind, message })), {
    path: '/',
    httpOnly: true,
    sameSite: 'Lax',
    maxAge: 60,
  });
}

export const readFlash = createMiddleware<AppEnv>(async (c, next) => {
  const raw = getCookie(c, COOKIE);
  let flash: Flash | null = null;
  if (raw) {
    deleteCookie(c, COOKIE, { path: '/' });
    try {
      const parsed = JSON.parse(decodeURIComponent(raw)) as Flash;
      if (KINDS.has(parsed.kind) && typeof parsed.message === 'string') flash = parsed;
    } catch {
      flash = null;
    }
  }
  c.set('flash', flash);
  await next();
});
