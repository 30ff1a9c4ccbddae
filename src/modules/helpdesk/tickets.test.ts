import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import type { TestApp } from '../../../test/helpers/app.ts';
import { createTestTicket, helpdeskTestApp, type HelpdeskWorld } from '../../../test/helpers/helpdesk-factories.ts';
import { outbox } from '../../platform/mail/index.ts';
import { addComment, ticketDetail } from './comments.ts';
import { logCall } from './call.ts';
import { addIntervention } from './interventions.ts';
import { addInventoryItem, memberInventory, workstationCount } from './inventory.ts';
import { listTickets, TICKET_LIST } from './queue.ts';
import { parseListQuery } from '../../platform/ui/list.ts';
import { changeStatus, confirmResolution, rateTicket } from './tickets.ts';
import { refreshSlaStates } from './sla-job.ts';
import { entitlementFor } from './entitlement.ts';
import { tickets } from './schema.ts';

let t: TestApp;
let w: HelpdeskWorld;
const as = (who: { actor: TestApp['ctx']['actor'] }) => ({ ...t.ctx, actor: who.actor });
beforeAll(async () => ({ t, w } = await helpdeskTestApp()));
afterAll(() => t.close());

describe('tickets', () => {
  it('lets a member create a ticket for their own collectivity only, and notifies by mail', async () => {
    const ticket = await createTestTicket(t.ctx, w.a, w.a.org.id);
    expect(ticket.status).toBe('new');
    expect(ticket.requesterUserId).toBe(w.a.user.id);
    expect(ticket.firstResponseDueAt).not.toBeNull();
    await expect(createTestTicket(t.ctx, w.a, w.b.org.id)).rejects.toMatchObject({ code: 'forbidden' });
    // The requester is the actor: no mail to themself; the technician assigned later gets the next ones.
    await changeStatus(as(w.tech), ticket.id, 'in_progress');
    const mails = await t.ctx.db.select().from(outbox).where(eq(outbox.to, w.a.user.email));
    expect(mails.some((m) => m.subject.includes(`[#T-`) && m.text.includes('En cours'))).toBe(true);
  });

  it('hides internal notes and other members’ tickets from members', async () => {
    const ticket = await createTestTicket(t.ctx, w.a, w.a.org.id);
    await addComment(as(w.tech), ticket.id, { body: 'Note interne : rappeler l’éditeur', internal: true });
    await addComment(as(w.tech), ticket.id, { body: 'Nous regardons.' });
    const seenByMember = await ticketDetail(as(w.a), ticket.id);
    expect(seenByMember.comments.map((c) => c.body)).toEqual(['Nous regardons.']);
    expect(seenByMember.events.every((e) => !e.internal)).toBe(true);
    const seenByStaff = await ticketDetail(as(w.tech), ticket.id);
    expect(seenByStaff.comments).toHaveLength(2);
    await expect(ticketDetail(as(w.b), ticket.id)).rejects.toMatchObject({ code: 'not_found' });
    await expect(addComment(as(w.a), ticket.id, { body: 'x', internal: true })).rejects.toMatchObject({ code: 'forbidden' });
    const q = parseListQuery({}, TICKET_LIST);
    const listB = await listTickets(as(w.b), q);
    expect(listB.rows.some((r) => r.organisationId !== w.b.org.id)).toBe(false);
    const listA = await listTickets(as(w.a), q);
    expect(listA.rows.length).toBeGreaterThan(0);
  });

  it('follows the transition table and pauses the SLA clock while waiting for the member', async () => {
    t.clock.set('2026-03-06T08:00:00Z'); // Friday 09:00 in Paris
    const ticket = await createTestTicket(t.ctx, w.tech, w.a.org.id, { priority: 'urgent' });
    await expect(changeStatus(as(w.tech), ticket.id, 'closed')).resolves.toMatchObject({ status: 'closed' });
    const second = await createTestTicket(t.ctx, w.tech, w.a.org.id, { priority: 'urgent' });
    await changeStatus(as(w.tech), second.id, 'in_progress');
    await expect(changeStatus(as(w.tech), second.id, 'new')).rejects.toMatchObject({ code: 'conflict' });
    t.clock.set('2026-03-06T15:00:00Z'); // Friday 16:00
    await changeStatus(as(w.tech), second.id, 'waiting_member');
    t.clock.set('2026-03-09T09:00:00Z'); // Monday 10:00: 150 business minutes paused
    // A member's reply puts the ticket back in progress and resumes the clock.
    await addComment(as(w.a), second.id, { body: 'Voici la capture demandée.' });
    const [after] = await t.ctx.db.select().from(tickets).where(eq(tickets.id, second.id));
    expect(after!.status).toBe('in_progress');
    expect(after!.pausedAt).toBeNull();
    // Due Monday 10:00 Paris (480 business minutes from Friday 09:00), pushed back by 150 → 14:00 Paris.
    expect(after!.resolutionDueAt!.toISOString()).toBe(new Date('2026-03-09T13:00:00Z').toISOString());
    await expect(changeStatus(as(w.a), second.id, 'resolved')).rejects.toMatchObject({ code: 'forbidden' });
    t.clock.set('2026-03-09T13:30:00Z');
    const res = await refreshSlaStates(t.ctx);
    expect(res.checked).toBeGreaterThan(0);
    const [late] = await t.ctx.db.select().from(tickets).where(eq(tickets.id, second.id));
    expect(late!.slaState).toBe('breached');
    t.clock.set('2026-03-02T09:00:00Z');
  });

  it('lets the member confirm and rate a resolved ticket', async () => {
    const ticket = await createTestTicket(t.ctx, w.a, w.a.org.id);
    await expect(rateTicket(as(w.a), ticket.id, { rating: 5 })).rejects.toMatchObject({ code: 'conflict' });
    await changeStatus(as(w.tech), ticket.id, 'resolved');
    await expect(rateTicket(as(w.a), ticket.id, { rating: 7 })).rejects.toMatchObject({ code: 'invalid' });
    await rateTicket(as(w.a), ticket.id, { rating: 4, comment: 'Rapide' });
    const closed = await confirmResolution(as(w.a), ticket.id);
    expect(closed.status).toBe('closed');
    expect(closed.rating).toBe(4);
  });
});

describe('interventions and calls', () => {
  it('logs a phone call as a resolved ticket with its intervention in one step', async () => {
    const { ticket, intervention } = await logCall(as(w.tech), { organisationId: w.b.org.id, channel: 'phone', domain: 'elections', title: 'Inscription sur la liste', durationMinutes: 8, callerPhone: '03 84 00 00 01' });
    expect(ticket.status).toBe('resolved');
    expect(ticket.firstResponseAt).not.toBeNull();
    expect(intervention).toMatchObject({ channel: 'phone', durationMinutes: 8, domain: 'elections', technicianId: w.tech.user.id, travelMinutes: 0 });
    await expect(logCall(as(w.a), { organisationId: w.a.org.id, channel: 'phone', domain: 'elections', title: 'x', durationMinutes: 1 })).rejects.toMatchObject({ code: 'forbidden' });
    await expect(logCall(as(w.tech), { organisationId: w.b.org.id, channel: 'phone', domain: 'elections', title: 'Objet', durationMinutes: 0 })).rejects.toMatchObject({ code: 'invalid' });
  });

  it('keeps travel time for on-site visits only', async () => {
    const ticket = await createTestTicket(t.ctx, w.tech, w.a.org.id);
    const visit = await addIntervention(as(w.tech), ticket.id, { channel: 'onsite', durationMinutes: 90, travelMinutes: 35, summary: 'Installation' });
    const call = await addIntervention(as(w.tech), ticket.id, { channel: 'remote', durationMinutes: 20, travelMinutes: 35 });
    expect([visit.travelMinutes, call.travelMinutes]).toEqual([35, 0]);
  });
});

describe('inventory and entitlement', () => {
  it('counts workstations for the convention and shows the inventory to the member only', async () => {
    await addInventoryItem(as(w.tech), w.a.org.id, 'equipment', { kind: 'workstation', label: 'Secrétariat', quantity: 3 });
    await addInventoryItem(as(w.tech), w.a.org.id, 'equipment', { kind: 'server', label: 'NAS', quantity: 1 });
    await addInventoryItem(as(w.tech), w.a.org.id, 'software', { publisher: 'Berger-Levrault', product: 'e.magnus', modules: 'Comptabilité, Paie' });
    expect(await workstationCount(t.ctx, w.a.org.id)).toBe(3);
    const inv = await memberInventory(as(w.a), w.a.org.id);
    expect(inv.software[0]!.modules).toEqual(['Comptabilité', 'Paie']);
    await expect(memberInventory(as(w.b), w.a.org.id)).rejects.toMatchObject({ code: 'forbidden' });
    await expect(addInventoryItem(as(w.a), w.a.org.id, 'software', { publisher: 'X', product: 'Y' })).rejects.toMatchObject({ code: 'forbidden' });
    await expect(addInventoryItem(as(w.tech), w.a.org.id, 'equipment', { kind: 'workstation', label: '', quantity: 0 })).rejects.toMatchObject({ code: 'invalid' });
  });

  it('warns, without refusing, when the member has no convention in force', async () => {
    const e = await entitlementFor(t.ctx, w.b.org.id, '2026-03-02', 'comptabilite');
    expect(e.covered).toBe(false);
    expect(e.message).toMatch(/Hors convention/);
    await expect(createTestTicket(t.ctx, w.tech, w.b.org.id)).resolves.toMatchObject({ organisationId: w.b.org.id });
  });
});
