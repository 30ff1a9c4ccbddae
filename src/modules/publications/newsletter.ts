import { createHmac, timingSafeEqual } from 'node:crypto';
import { and, asc, desc, eq, gt, inArray, lte } from 'drizzle-orm';
import { audit } from '../../platform/audit/index.ts';
import { authorize } from '../../platform/auth/permissions.ts';
import type { Ctx } from '../../platform/context.ts';
import { inTransaction } from '../../platform/db/tx.ts';
import { Invalid, NotFound } from '../../platform/errors.ts';
import { sendMail } from '../../platform/mail/index.ts';
import { contactAddress, contactsWithEmail } from '../members/index.ts';
import { linkSecret } from './meta.ts';
import { isUuid } from './validation.ts';
import { articles, newsletterIssues, newsletterSubscriptions } from './schema.ts';
import { ARTICLE_CATEGORIES, type ArticleCategory } from './vocabulary.ts';

const ALL = '*';

/** The signature binds the contact and what is unsubscribed: a link cannot be altered to reach another. */
async function sign(ctx: Pick<Ctx, 'db' | 'config' | 'clock'>, contactId: string, scope: string): Promise<string> {
  return createHmac('sha256', await linkSecret(ctx)).update(`newsletter-unsubscribe:${contactId}:${scope}`).digest('base64url');
}

export async function unsubscribeToken(ctx: Pick<Ctx, 'db' | 'config' | 'clock'>, contactId: string, scope: ArticleCategory | typeof ALL = ALL): Promise<string> {
  const payload = Buffer.from(`${contactId}:${scope}`).toString('base64url');
  return `${payload}.${await sign(ctx, contactId, scope)}`;
}

async function verifyToken(ctx: Pick<Ctx, 'db' | 'config' | 'clock'>, token: string): Promise<{ contactId: string; scope: string }> {
  const [payload, signature] = token.split('.');
  const invalid = new Invalid('Ce lien de désinscription n’est pas valide.');
  if (!payload || !signature) throw invalid;
  const [contactId, scope] = Buffer.from(payload, 'base64url').toString('utf8').split(':');
  if (!contactId || !scope) throw invalid;
  const expected = Buffer.from(await sign(ctx, contactId, scope));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) throw invalid;
  return { contactId, scope };
}

/** One-click unsubscribe (RFC 8058): the signed token is the only credential. Idempotent. */
export async function unsubscribe(ctx: Ctx, token: string): Promise<{ removed: number }> {
  const { contactId, scope } = await verifyToken(ctx, token);
  return inTransaction(ctx, async (tx) => {
    const where = scope === ALL ? eq(newsletterSubscriptions.contactId, contactId) : and(eq(newsletterSubscriptions.contactId, contactId), eq(newsletterSubscriptions.category, scope as ArticleCategory));
    const removed = await tx.db.delete(newsletterSubscriptions).where(where).returning();
    if (removed.length > 0) {
      await audit(tx, { action: 'newsletter.unsubscribe', entity: 'contact', entityId: contactId, organisationId: removed[0]!.organisationId, before: { categories: removed.map((r) => r.category) } });
    }
    return { removed: removed.length };
  });
}

async function contactOf(ctx: Ctx, contactId: string) {
  const contact = isUuid(contactId) ? await contactAddress(ctx, contactId) : null;
  if (!contact) throw new NotFound('Contact introuvable.');
  authorize(ctx.actor, 'members.contacts.manage', contact.organisationId);
  return contact;
}

export interface SubscriberRow {
  id: string;
  name: string;
  email: string;
  categories: ArticleCategory[];
}

/** The contacts of an organisation that can receive mail, with the categories each follows. */
export async function subscriptionsOf(ctx: Ctx, organisationId: string): Promise<SubscriberRow[]> {
  authorize(ctx.actor, 'members.contacts.manage', organisationId);
  const people = isUuid(organisationId) ? await contactsWithEmail(ctx, organisationId) : [];
  const subs = people.length
    ? await ctx.db.select().from(newsletterSubscriptions).where(inArray(newsletterSubscriptions.contactId, people.map((p) => p.id)))
    : [];
  return people.map((p) => ({ id: p.id, name: p.name, email: p.email, categories: subs.filter((s) => s.contactId === p.id).map((s) => s.category) }));
}

/** Sets the categories a member contact follows (replacing the previous choice). */
export async function setSubscriptions(ctx: Ctx, contactId: string, categories: string[]): Promise<SubscriberRow> {
  const contact = await contactOf(ctx, contactId);
  if (!contact.email) throw new Invalid('Ce contact n’a pas d’adresse électronique.', { contactId: 'Ajoutez d’abord une adresse électronique à ce contact.' });
  const wanted = [...new Set(categories)].filter((c): c is ArticleCategory => (ARTICLE_CATEGORIES as readonly string[]).includes(c));
  if (wanted.length !== new Set(categories).size) throw new Invalid('Catégorie inconnue.', { categories: 'Choisissez parmi les catégories proposées.' });
  return inTransaction(ctx, async (tx) => {
    const before = await tx.db.select().from(newsletterSubscriptions).where(eq(newsletterSubscriptions.contactId, contactId));
    await tx.db.delete(newsletterSubscriptions).where(eq(newsletterSubscriptions.contactId, contactId));
    if (wanted.length) {
      await tx.db.insert(newsletterSubscriptions).values(wanted.map((category) => ({ contactId, organisationId: contact.organisationId, email: contact.email!, category, createdAt: tx.clock.now() })));
    }
    await audit(tx, { action: 'newsletter.subscriptions', entity: 'contact', entityId: contactId, organisationId: contact.organisationId, before: { categories: before.map((b) => b.category) }, after: { categories: wanted } });
    return { id: contact.id, name: contact.name, email: contact.email!, categories: wanted };
  });
}

/** Visible articles not yet carried by a digest: what the next digest will send. */
export async function pendingDigestArticles(ctx: Ctx) {
  authorize(ctx.actor, 'publications.manage');
  const [last] = await ctx.db.select().from(newsletterIssues).orderBy(desc(newsletterIssues.sentAt)).limit(1);
  const now = ctx.clock.now();
  return ctx.db
    .select({ id: articles.id, slug: articles.slug, title: articles.title, summary: articles.summary, category: articles.category, publishAt: articles.publishAt })
    .from(articles)
    .where(and(eq(articles.status, 'published'), lte(articles.publishAt, now), last ? gt(articles.publishAt, last.sentAt) : undefined))
    .orderBy(asc(articles.category), desc(articles.publishAt));
}

/**
 * Sends the digest of new articles: one mail per subscribed contact, listing the articles of the categories
 * they follow, each with a signed one-click unsubscribe link. Mails go through the mail queue (sendMail).
 */
export async function sendDigest(ctx: Ctx): Promise<{ recipients: number; articles: number }> {
  const pending = await pendingDigestArticles(ctx);
  if (pending.length === 0) throw new Invalid('Aucun nouvel article depuis la dernière lettre.');
  const base = ctx.config.PUBLIC_URL;
  return inTransaction(ctx, async (tx) => {
    const subs = await tx.db.select().from(newsletterSubscriptions).orderBy(asc(newsletterSubscriptions.contactId));
    const byContact = new Map<string, { email: string; organisationId: string; categories: Set<string> }>();
    for (const s of subs) {
      const entry = byContact.get(s.contactId) ?? { email: s.email, organisationId: s.organisationId, categories: new Set() };
      entry.categories.add(s.category);
      byContact.set(s.contactId, entry);
    }
    let recipients = 0;
    for (const [contactId, who] of byContact) {
      const mine = pending.filter((a) => who.categories.has(a.category));
      if (mine.length === 0) continue;
      const link = `${base}/lettre/desabonnement?jeton=${await unsubscribeToken(tx, contactId)}`;
      const lines = mine.map((a) => `• [${a.category}] ${a.title}\n  ${a.summary}\n  ${base}/veille/${a.slug}`);
      await sendMail(tx, {
        to: who.email,
        subject: `${tx.config.SYNDICATE_NAME} — veille : ${mine.length} nouvel${mine.length > 1 ? 's articles' : ' article'}`,
        text: `Bonjour,\n\nVoici les nouveaux articles de la veille dans les catégories que vous suivez :\n\n${lines.join('\n\n')}\n\n—\nVous recevez ce message comme contact d’une collectivité membre.\nSe désinscrire en un clic : ${link}\n`,
        headers: { 'List-Unsubscribe': `<${link}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' },
      });
      recipients++;
    }
    const [issue] = await tx.db
      .insert(newsletterIssues)
      .values({ articleIds: pending.map((a) => a.id), recipients, sentBy: tx.actor?.userId ?? null, sentAt: tx.clock.now() })
      .returning();
    await audit(tx, { action: 'newsletter.send', entity: 'newsletter_issue', entityId: issue!.id, after: { articles: pending.length, recipients } });
    return { recipients, articles: pending.length };
  });
}
