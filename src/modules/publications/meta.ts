import { randomBytes } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import type { Ctx } from '../../platform/context.ts';
import { appMeta } from '../../platform/db/schema.ts';

const VERSION_KEY = 'publications.content_version';
const SECRET_KEY = 'publications.link_secret';

/**
 * The public site's content version: bumped in the same transaction as any change to what it shows, read
 * once per request. Every instance keys its rendered-page cache on it, so a change made through one instance
 * invalidates the pages cached by all of them.
 */
export async function bumpContentVersion(ctx: Pick<Ctx, 'db' | 'clock'>): Promise<void> {
  localChanges++;
  const now = ctx.clock.now();
  await ctx.db
    .insert(appMeta)
    .values({ key: VERSION_KEY, value: 1, updatedAt: now })
    .onConflictDoUpdate({ target: appMeta.key, set: { value: sql`to_jsonb((${appMeta.value})::text::bigint + 1)`, updatedAt: now } });
}

/** Changes made by this process: the page cache re-reads the version at once after one of its own. */
let localChanges = 0;
export const localChangeCount = () => localChanges;

export async function contentVersion(ctx: Pick<Ctx, 'db'>): Promise<string> {
  const [row] = await ctx.db.select({ value: appMeta.value }).from(appMeta).where(eq(appMeta.key, VERSION_KEY));
  return String(row?.value ?? 0);
}

/**
 * The key that signs unsubscribe links. SECRET_KEY when configured; otherwise one generated on the first
 * start and kept in the database, so links already mailed stay valid across restarts and instances.
 */
export async function linkSecret(ctx: Pick<Ctx, 'db' | 'config' | 'clock'>): Promise<string> {
  if (ctx.config.SECRET_KEY) return ctx.config.SECRET_KEY;
  const candidate = randomBytes(32).toString('base64url');
  await ctx.db.insert(appMeta).values({ key: SECRET_KEY, value: candidate, updatedAt: ctx.clock.now() }).onConflictDoNothing();
  const [row] = await ctx.db.select({ value: appMeta.value }).from(appMeta).where(eq(appMeta.key, SECRET_KEY));
  return String(row!.value);
}
