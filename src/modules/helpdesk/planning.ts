import { createHash, randomBytes } from 'node:crypto';
import { and, asc, eq, gte, lt } from 'drizzle-orm';
import ical from 'ical-generator';
import { z } from 'zod';
import type { Ctx } from '../../platform/context.ts';
import { authorize } from '../../platform/auth/permissions.ts';
import { audit } from '../../platform/audit/index.ts';
import { inTransaction } from '../../platform/db/index.ts';
import { Invalid, NotFound } from '../../platform/errors.ts';
import { organisations } from '../members/index.ts';
import { users } from '../identity/index.ts';
import { calendarFeeds, visits } from './schema.ts';
import { parisInstant, TIME_ZONE } from './sla.ts';

export const visitSchema = z.object({
  organisationId: z.uuid({ message: 'Choisissez la collectivité.' }),
  technicianId: z.uuid({ message: 'Choisissez le technicien.' }),
  ticketId: z.uuid().nullish(),
  day: z.iso.date({ message: 'Date invalide.' }),
  time: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'Heure au format HH:MM.'),
  durationMinutes: z.coerce.number().int().min(15, '15 minutes au moins.').max(12 * 60).default(60),
  purpose: z.string().trim().min(3, 'Objet de la visite obligatoire.').max(500),
});

export async function planVisit(ctx: Ctx, input: z.input<typeof visitSchema>) {
  const parsed = visitSchema.safeParse(input);
  if (!parsed.success) throw new Invalid('La visite n’a pas pu être planifiée.', Object.fromEntries(parsed.error.issues.map((i) => [String(i.path[0]), i.message])));
  const v = parsed.data;
  authorize(ctx.actor, 'tickets.manage', v.organisationId);
  return inTransaction(ctx, async (tx) => {
    const [tech] = await tx.db.select({ roles: users.roles }).from(users).where(eq(users.id, v.technicianId));
    if (!tech || !tech.roles.some((r) => r === 'technician' || r === 'admin')) throw new Invalid('Technicien inconnu.', { technicianId: 'Choisissez un technicien.' });
    const [row] = await tx.db
      .insert(visits)
      .values({ organisationId: v.organisationId, technicianId: v.technicianId, ticketId: v.ticketId ?? null, startsAt: parisInstant(v.day, v.time), durationMinutes: v.durationMinutes, purpose: v.purpose, createdAt: tx.clock.now() })
      .returning();
    await audit(tx, { action: 'visit.plan', entity: 'visit', entityId: row!.id, organisationId: v.organisationId, after: row });
    return row!;
  });
}

/** Monday (YYYY-MM-DD) of the week containing `day`. */
export function mondayOf(day: string): string {
  const d = new Date(`${day}T12:00:00Z`);
  const w = d.getUTCDay() || 7;
  return new Date(d.getTime() - (w - 1) * 86_400_000).toISOString().slice(0, 10);
}

/** A technician's visits of one week, grouped by day then by commune (one trip per commune). */
export async function weekPlanning(ctx: Ctx, technicianId: string, monday: string) {
  authorize(ctx.actor, 'tickets.manage');
  const start = parisInstant(monday, '00:00');
  const end = parisInstant(new Date(Date.parse(`${monday}T12:00:00Z`) + 7 * 86_400_000).toISOString().slice(0, 10), '00:00');
  const rows = await ctx.db
    .select({ visit: visits, commune: organisations.name })
    .from(visits)
    .innerJoin(organisations, eq(organisations.id, visits.organisationId))
    .where(and(eq(visits.technicianId, technicianId), eq(visits.cancelled, false), gte(visits.startsAt, start), lt(visits.startsAt, end)))
    .orderBy(asc(visits.startsAt));
  const fmt = new Intl.DateTimeFormat('fr-CA', { timeZone: TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit' });
  const days = new Map<string, Map<string, typeof rows>>();
  for (const r of rows) {
    const day = fmt.format(r.visit.startsAt);
    const byCommune = days.get(day) ?? new Map<string, typeof rows>();
    byCommune.set(r.commune, [...(byCommune.get(r.commune) ?? []), r]);
    days.set(day, byCommune);
  }
  return { monday, days };
}

const hash = (token: string) => createHash('sha256').update(token).digest('hex');

/** Creates (or replaces) the technician's feed token; the old feed URL stops working. Shown once. */
export async function resetCalendarToken(ctx: Ctx): Promise<string> {
  authorize(ctx.actor, 'tickets.manage');
  const token = randomBytes(24).toString('base64url');
  await inTransaction(ctx, async (tx) => {
    await tx.db
      .insert(calendarFeeds)
      .values({ userId: tx.actor!.userId, tokenHash: hash(token), createdAt: tx.clock.now() })
      .onConflictDoUpdate({ target: calendarFeeds.userId, set: { tokenHash: hash(token), createdAt: tx.clock.now() } });
    await audit(tx, { action: 'calendar.token.reset', entity: 'calendar_feed', entityId: tx.actor!.userId });
  });
  return token;
}

/** The iCal feed of the technician owning `token` (no session: calendar apps cannot sign in). */
export async function calendarFeed(ctx: Ctx, token: string): Promise<string> {
  const [feed] = token.length >= 20 ? await ctx.db.select().from(calendarFeeds).where(eq(calendarFeeds.tokenHash, hash(token))) : [];
  if (!feed) throw new NotFound('Agenda introuvable.');
  const since = new Date(ctx.clock.now().getTime() - 31 * 86_400_000);
  const rows = await ctx.db
    .select({ visit: visits, commune: organisations.name })
    .from(visits)
    .innerJoin(organisations, eq(organisations.id, visits.organisationId))
    .where(and(eq(visits.technicianId, feed.userId), eq(visits.cancelled, false), gte(visits.startsAt, since)))
    .orderBy(asc(visits.startsAt))
    .limit(2000);
  const cal = ical({ name: 'Déplacements — assistance informatique', timezone: TIME_ZONE, prodId: { company: 'Mutualis', product: 'assistance', language: 'FR' } });
  for (const r of rows) {
    cal.createEvent({
      id: `visit-${r.visit.id}@mutualis`,
      start: r.visit.startsAt,
      end: new Date(r.visit.startsAt.getTime() + r.visit.durationMinutes * 60_000),
      summary: `${r.commune} — ${r.visit.purpose}`,
      location: r.commune,
      url: `${ctx.config.PUBLIC_URL}/assistance/planning`,
    });
  }
  return cal.toString();
}
