import { createHash, randomBytes } from 'node:crypto';
import { and, asc, count, eq, gte, lt } from 'drizzle-orm';
import ical from 'ical-generator';
import { z } from 'zod';
import type { Ctx } from '../../platform/context.ts';
import { authorize } from '../../platform/auth/permissions.ts';
import { audit } from '../../platform/audit/index.ts';
import { inTransaction, toNumber } from '../../platform/db/index.ts';
import { parisDate, TIME_ZONE } from '../../platform/format.ts';
import { orderBy, pageWindow, type ListQuery, type ListSpec } from '../../platform/list.ts';
import { Invalid, NotFound } from '../../platform/errors.ts';
import { organisations } from '../members/index.ts';
import { users } from '../identity/index.ts';
import { checkMemberRefs, isUuid } from './access.ts';
import { calendarFeeds, visits } from './schema.ts';
import { parisInstant } from './sla.ts';

const day = z.iso.date({ message: 'Date invalide.' });
export const visitSchema = z.object({
  organisationId: z.uuid({ message: 'Choisissez la collectivité.' }),
  technicianId: z.uuid({ message: 'Choisissez le technicien.' }),
  ticketId: z.uuid().nullish(),
  day,
  time: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'Heure au format HH:MM.'),
  durationMinutes: z.coerce.number().int().min(15, '15 minutes au moins.').max(12 * 60).default(60),
  purpose: z.string().trim().min(3, 'Objet de la visite obligatoire.').max(500),
});

export async function planVisit(ctx: Ctx, input: z.input<typeof visitSchema>): Promise<VisitRow> {
  const parsed = visitSchema.safeParse(input);
  if (!parsed.success) throw new Invalid('La visite n’a pas pu être planifiée.', Object.fromEntries(parsed.error.issues.map((i) => [String(i.path[0]), i.message])));
  const v = parsed.data;
  authorize(ctx.actor, 'tickets.manage', v.organisationId);
  return inTransaction(ctx, async (tx) => {
    await checkMemberRefs(tx, v.organisationId, v.ticketId);
    const [tech] = await tx.db.select({ roles: users.roles, active: users.active }).from(users).where(eq(users.id, v.technicianId));
    if (!tech || !tech.active || !tech.roles.some((r) => r === 'technician' || r === 'admin')) throw new Invalid('Technicien inconnu.', { technicianId: 'Choisissez un technicien.' });
    const [row] = await tx.db
      .insert(visits)
      .values({ organisationId: v.organisationId, technicianId: v.technicianId, ticketId: v.ticketId ?? null, startsAt: parisInstant(v.day, v.time), durationMinutes: v.durationMinutes, purpose: v.purpose, createdAt: tx.clock.now() })
      .returning();
    await audit(tx, { action: 'visit.plan', entity: 'visit', entityId: row!.id, organisationId: v.organisationId, after: row });
    return getVisit(tx, row!.id);
  });
}

/** Monday (YYYY-MM-DD) of the week containing `day`. */
export function mondayOf(day: string): string {
  const d = new Date(`${day}T12:00:00Z`);
  const w = d.getUTCDay() || 7;
  return new Date(d.getTime() - (w - 1) * 86_400_000).toISOString().slice(0, 10);
}

export const VISIT_LIST = { sortable: ['startsAt'], defaultSort: 'startsAt', defaultDir: 'asc', filters: ['technicianId', 'organisationId', 'from', 'to'] } as const satisfies ListSpec;
export type VisitQuery = ListQuery<(typeof VISIT_LIST.sortable)[number], (typeof VISIT_LIST.filters)[number]>;

export interface VisitRow {
  id: string;
  organisationId: string;
  memberName: string;
  technicianId: string;
  ticketId: string | null;
  startsAt: Date;
  durationMinutes: number;
  purpose: string;
}

const visitColumns = {
  id: visits.id,
  organisationId: visits.organisationId,
  memberName: organisations.name,
  technicianId: visits.technicianId,
  ticketId: visits.ticketId,
  startsAt: visits.startsAt,
  durationMinutes: visits.durationMinutes,
  purpose: visits.purpose,
};
const isDay = (v: string | undefined) => v === undefined || day.safeParse(v).success;
const nextDay = (d: string) => new Date(Date.parse(`${d}T12:00:00Z`) + 86_400_000).toISOString().slice(0, 10);

/** Planned visits (not cancelled), staff only: a technician's, a collectivity's, between two days (Paris time, inclusive). */
export async function listVisits(ctx: Ctx, q: VisitQuery): Promise<{ rows: VisitRow[]; total: number }> {
  authorize(ctx.actor, 'tickets.manage');
  const f = q.filters;
  const bad = [...(['from', 'to'] as const).filter((k) => !isDay(f[k])), ...(['technicianId', 'organisationId'] as const).filter((k) => f[k] !== undefined && !isUuid(f[k] ?? ''))];
  if (bad.length) throw new Invalid('Filtre invalide.', Object.fromEntries(bad.map((k) => [k, k === 'from' || k === 'to' ? 'Date au format AAAA-MM-JJ.' : 'Identifiant invalide (UUID attendu).'])));
  const where = and(
    eq(visits.cancelled, false),
    f.technicianId ? eq(visits.technicianId, f.technicianId) : undefined,
    f.organisationId ? eq(visits.organisationId, f.organisationId) : undefined,
    f.from ? gte(visits.startsAt, parisInstant(f.from, '00:00')) : undefined,
    f.to ? lt(visits.startsAt, parisInstant(nextDay(f.to), '00:00')) : undefined,
  );
  const { limit, offset } = pageWindow(q);
  const [rows, [total]] = await Promise.all([
    ctx.db.select(visitColumns).from(visits).innerJoin(organisations, eq(organisations.id, visits.organisationId)).where(where).orderBy(...orderBy(q, { startsAt: visits.startsAt }, visits.id)).limit(limit).offset(offset),
    ctx.db.select({ n: count() }).from(visits).where(where),
  ]);
  return { rows, total: toNumber(total?.n) };
}

export async function getVisit(ctx: Ctx, id: string): Promise<VisitRow> {
  authorize(ctx.actor, 'tickets.manage');
  const [row] = await ctx.db.select(visitColumns).from(visits).innerJoin(organisations, eq(organisations.id, visits.organisationId)).where(eq(visits.id, id));
  if (!row) throw new NotFound('Déplacement introuvable.');
  return row;
}

/** A technician's visits of one week, grouped by day then by commune (one trip per commune). */
export async function weekPlanning(ctx: Ctx, technicianId: string, monday: string) {
  const sunday = new Date(Date.parse(`${monday}T12:00:00Z`) + 6 * 86_400_000).toISOString().slice(0, 10);
  const { rows } = await listVisits(ctx, { q: '', page: 1, pageSize: 0, all: true, sort: 'startsAt', dir: 'asc', filters: { technicianId, from: monday, to: sunday } });
  const days = new Map<string, Map<string, VisitRow[]>>();
  for (const r of rows) {
    const d = parisDate(r.startsAt);
    const byCommune = days.get(d) ?? new Map<string, VisitRow[]>();
    byCommune.set(r.memberName, [...(byCommune.get(r.memberName) ?? []), r]);
    days.set(d, byCommune);
  }
  return { monday, days };
}

const hash = (token: string) => createHash('sha256').update(token).digest('hex');

/** The address a calendar app subscribes to, for a feed token. */
export const calendarFeedUrl = (ctx: Pick<Ctx, 'config'>, token: string): string => `${ctx.config.PUBLIC_URL}/assistance/agenda/${token}.ics`;

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
  // A deactivated account's feed stops with its sessions: the token alone must not outlive the person's access.
  const [feed] =
    token.length >= 20
      ? await ctx.db.select({ userId: calendarFeeds.userId }).from(calendarFeeds).innerJoin(users, eq(users.id, calendarFeeds.userId)).where(and(eq(calendarFeeds.tokenHash, hash(token)), eq(users.active, true)))
      : [];
  if (!feed) throw new NotFound('Agenda introuvable.');
  const since = new Date(ctx.clock.now().getTime() - 31 * 86_400_000);
  const rows = await ctx.db
    .select(visitColumns)
    .from(visits)
    .innerJoin(organisations, eq(organisations.id, visits.organisationId))
    .where(and(eq(visits.technicianId, feed.userId), eq(visits.cancelled, false), gte(visits.startsAt, since)))
    .orderBy(asc(visits.startsAt))
    .limit(2000);
  const cal = ical({ name: 'Déplacements — assistance informatique', timezone: TIME_ZONE, prodId: { company: 'Mutualis', product: 'assistance', language: 'FR' } });
  for (const r of rows) {
    cal.createEvent({
      id: `visit-${r.id}@mutualis`,
      start: r.startsAt,
      end: new Date(r.startsAt.getTime() + r.durationMinutes * 60_000),
      summary: `${r.memberName} — ${r.purpose}`,
      location: r.memberName,
      url: `${ctx.config.PUBLIC_URL}/assistance/planning`,
    });
  }
  return cal.toString();
}
