import type { Context } from 'hono';
import type { Child } from 'hono/jsx';
import type { Actor } from '../../platform/context.ts';
import type { AppEnv } from '../../platform/http/types.ts';
import type { MemberRow } from './members.ts';

/**
 * A tab of the member sheet (/membres/:id/<slug>). The registry's own tabs come first; other modules add
 * theirs (conventions, tickets, GDPR...) with `registerMemberTab` when they are mounted.
 */
export interface MemberTab {
  /** URL segment; "" for the first tab (identité). */
  slug: string;
  label: string;
  /** Position among the tabs: the registry uses 0–50; other modules take 100 and above. */
  order: number;
  /** Whether the actor may see this tab for this member (default: anyone who may see the member). */
  visible?: (actor: Actor, member: MemberRow) => boolean;
  render: (c: Context<AppEnv>, member: MemberRow) => Promise<Child>;
}

const tabs: MemberTab[] = [];

export function registerMemberTab(tab: MemberTab): void {
  const existing = tabs.findIndex((t) => t.slug === tab.slug);
  // Mounting the app twice (tests build several apps) replaces the tab instead of doubling it.
  if (existing >= 0) tabs.splice(existing, 1);
  tabs.push(tab);
  tabs.sort((a, b) => a.order - b.order);
}

export function memberTabs(actor: Actor, member: MemberRow): MemberTab[] {
  return tabs.filter((t) => !t.visible || t.visible(actor, member));
}
