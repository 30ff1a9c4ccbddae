import { and, asc, desc, eq, isNull, ne, sql } from 'drizzle-orm';
import { audit } from '../../platform/audit/index.ts';
import { authorize } from '../../platform/auth/permissions.ts';
import type { Ctx } from '../../platform/context.ts';
import { inTransaction } from '../../platform/db/tx.ts';
import { Invalid, NotFound } from '../../platform/errors.ts';
import { parisDate } from '../../platform/format.ts';
import { normalisePhone } from './identifiers.ts';
import { contacts, organisations } from './schema.ts';
import { contactInput, parseInput } from './validation.ts';

export type Contact = typeof contacts.$inferSelect;

/** Current contacts first, then former ones (history), each by name. */
export async function listContacts(ctx: Ctx, organisationId: string): Promise<Contact[]> {
  authorize(ctx.actor, 'members.read', organisationId);
  return ctx.db
    .select()
    .from(contacts)
    .where(eq(contacts.organisationId, organisationId))
    .orderBy(sql`${contacts.endedOn} is not null`, desc(contacts.endedOn), asc(contacts.name));
}

/** `organisationId`, when given, is the member the caller believes the contact belongs to (URLs carry both). */
export async function getContact(ctx: Ctx, id: string, organisationId?: string): Promise<Contact> {
  const [row] = await ctx.db.select().from(contacts).where(eq(contacts.id, id));
  if (!row || (organisationId && row.organisationId !== organisationId)) throw new NotFound('Ce contact n’existe pas.');
  authorize(ctx.actor, 'members.read', row.organisationId);
  return row;
}

function columns(c: ReturnType<typeof parseContact>) {
  return {
    name: c.name,
    function: c.function,
    functionDetail: c.functionDetail ?? null,
    phone: c.phone ?? null,
    phoneDigits: c.phone ? normalisePhone(c.phone) : null,
    email: c.email ?? null,
    startedOn: c.startedOn ?? null,
    endedOn: c.endedOn ?? null,
  };
}
const parseContact = (input: unknown) => parseInput(contactInput, input);

export async function addContact(ctx: Ctx, organisationId: string, input: unknown): Promise<Contact> {
  authorize(ctx.actor, 'members.contacts.manage', organisationId);
  const c = parseContact(input);
  return inTransaction(ctx, async (tx) => {
    const [org] = await tx.db.select({ kind: organisations.kind }).from(organisations).where(eq(organisations.id, organisationId));
    if (!org) throw new NotFound('Cette collectivité n’existe pas.');
    const now = tx.clock.now();
    const [row] = await tx.db.insert(contacts).values({ ...columns(c), organisationId, createdAt: now, updatedAt: now }).returning();
    await audit(tx, { action: 'members.contact.create', entity: 'contact', entityId: row!.id, organisationId, after: row });
    return row!;
  });
}

export async function updateContact(ctx: Ctx, id: string, input: unknown, organisationId?: string): Promise<Contact> {
  const before = await getContact(ctx, id, organisationId);
  authorize(ctx.actor, 'members.contacts.manage', before.organisationId);
  const c = parseContact(input);
  return inTransaction(ctx, async (tx) => {
    const [after] = await tx.db.update(contacts).set({ ...columns(c), updatedAt: tx.clock.now() }).where(eq(contacts.id, id)).returning();
    await audit(tx, { action: 'members.contact.update', entity: 'contact', entityId: id, organisationId: before.organisationId, before, after });
    return after!;
  });
}

/** A contact who leaves keeps their row, with an end date: the collectivity's history stays readable. */
export async function endContact(ctx: Ctx, id: string, input: { endedOn?: string } = {}, organisationId?: string): Promise<Contact> {
  const before = await getContact(ctx, id, organisationId);
  authorize(ctx.actor, 'members.contacts.manage', before.organisationId);
  const endedOn = input.endedOn || parisDate(ctx.clock.now());
  if (!/^\d{4}-\d{2}-\d{2}$/.test(endedOn)) throw new Invalid('Date de fin invalide.', { endedOn: 'Date attendue (AAAA-MM-JJ).' });
  if (before.endedOn) throw new Invalid('Ce contact a déjà quitté ses fonctions.', { endedOn: 'Ce contact a déjà une date de fin.' });
  if (before.startedOn && endedOn < before.startedOn) throw new Invalid('La date de fin précède la date de début.', { endedOn: 'La date de fin précède la date de début.' });
  return inTransaction(ctx, async (tx) => {
    const [after] = await tx.db.update(contacts).set({ endedOn, updatedAt: tx.clock.now() }).where(eq(contacts.id, id)).returning();
    await audit(tx, { action: 'members.contact.end', entity: 'contact', entityId: id, organisationId: before.organisationId, before, after });
    return after!;
  });
}

export interface PhoneMatch {
  organisationId: string;
  organisationName: string;
  inseeCode: string | null;
  contactId: string | null;
  contactName: string | null;
  contactFunction: Contact['function'] | null;
}

/** Who is calling: current contacts and collectivities whose phone number is this one, however it is written. */
export async function findMembersByPhone(ctx: Ctx, phone: string): Promise<PhoneMatch[]> {
  const scope = authorize(ctx.actor, 'members.read');
  const digits = normalisePhone(phone);
  if (!digits) return [];
  const own = scope === 'own' ? eq(organisations.id, ctx.actor!.organisationId) : undefined;
  const viaContacts = await ctx.db
    .select({ organisationId: organisations.id, organisationName: organisations.name, inseeCode: organisations.inseeCode, contactId: contacts.id, contactName: contacts.name, contactFunction: contacts.function })
    .from(contacts)
    .innerJoin(organisations, eq(organisations.id, contacts.organisationId))
    .where(and(eq(contacts.phoneDigits, digits), isNull(contacts.endedOn), own))
    .orderBy(asc(contacts.name));
  const viaOrgs = await ctx.db
    .select({ organisationId: organisations.id, organisationName: organisations.name, inseeCode: organisations.inseeCode })
    .from(organisations)
    .where(and(ne(organisations.kind, 'syndicate'), sql`regexp_replace(${organisations.phone}, '[^0-9]', '', 'g') = ${digits}`, own));
  return [...viaContacts, ...viaOrgs.map((o) => ({ ...o, contactId: null, contactName: null, contactFunction: null }))];
}

/**
 * Current contacts (not ended) with this e-mail address, case ignored, with their member. No permission
 * check: for other modules, which check their own (e.g. who wrote an inbound mail).
 */
export async function currentContactsByEmail(ctx: Pick<Ctx, 'db'>, email: string): Promise<{ id: string; organisationId: string; name: string }[]> {
  return ctx.db
    .select({ id: contacts.id, organisationId: contacts.organisationId, name: contacts.name })
    .from(contacts)
    .where(and(sql`lower(${contacts.email}) = ${email.trim().toLowerCase()}`, isNull(contacts.endedOn)))
    .orderBy(asc(contacts.name));
}
