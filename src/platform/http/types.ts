import type { Logger } from 'pino';
import type { Actor, Ctx } from '../context.ts';
import type { Flash, NavItem } from '../ui/layout.tsx';

export interface AppEnv {
  Variables: {
    requestId: string;
    log: Logger;
    actor: Actor | null;
    /** The use-case context for this request. */
    ctx: Ctx;
    ui: { nav: NavItem[]; siteName: string };
    /** The message left by the previous request (post/redirect/get), read once. */
    flash: Flash | null;
  };
}
