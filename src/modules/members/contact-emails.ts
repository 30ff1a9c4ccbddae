import { and, asc, eq, isNotNull } from 'drizzle-orm';
import type { Ctx } from '../../platform/context.ts';
import { contacts } from './schema.ts';

/** A contact as mailings see it: whom it belongs to, and where to write. */
export interface ContactAddress {
  id: string;
  organisationId: string;
  name: string;
  email: string | null;
}

const address = { id: contacts.id, organisationId: contacts.organisationId, name: contacts.name, email: contacts.email };

/**
 * One contact's address, or null. For other modules' mailings (the newsletter): the caller checks that the
 * actor may manage this contact's organisation, and passes a well-formed UUID.
 */
export async function contactAddress(ctx: Pick<Ctx, 'db'>, contactId: string): Promise<ContactAddress | null> {
  const [row] = await ctx.db.select(address).from(contacts).where(eq(contacts.id, contactId));
  return row ?? null;
}

/** The contacts of an organisation that have an email address, by name (the caller checks the actor's rights). */
export async function contactsWithEmail(ctx: Pick<Ctx, 'db'>, organisationId: string): Promise<(ContactAddress & { email: string })[]> {
  const rows = await ctx.db
    .select(address)
    .from(contacts)
    .where(and(eq(contacts.organisationId, organisationId), isNotNull(contacts.email)))
    .orderBy(asc(contacts.name));
  return rows.map((r) => ({ ...r, email: r.email! }));
}
