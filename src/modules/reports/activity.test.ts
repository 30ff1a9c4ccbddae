import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/helpers/app.ts';
import { createOrganisation, createUser, signedInMember, signedInStaff, syndicateOrganisation } from '../../../test/helpers/factories.ts';
import { insertConventionAndContribution, insertIntervention, insertTicket, insertVisit, insertWorkshopItem } from '../../../test/helpers/reports-factories.ts';
import { activityReport, computeActivity } from './activity.ts';
import { memberReport } from './member-report.ts';
import { yearPeriod } from './period.ts';
import { Forbidden } from '../../platform/errors.ts';

/**
 * A small hand-made year 2019, every figure of which is worked out by hand in the comments. Instants are
 * UTC; the report's days are Paris days (UTC+1 in winter), which the first and last rows test.
 */
describe('activity report arithmetic', () => {
  let t: TestApp;
  let a: { id: string }, b: { id: string }, cOrg: { id: string };
  let tech1: { id: string }, tech2: { id: string };
  beforeAll(async () => {
    t = await createTestApp();
    const syndicate = await syndicateOrganisation(t.ctx);
    a = await createOrganisation(t.ctx, { name: 'Anjoutey' });
    b = await createOrganisation(t.ctx, { name: 'Bourg-sous-Châtelet' });
    cOrg = await createOrganisation(t.ctx, { name: 'Chèvremont' });
    tech1 = await createUser(t.ctx, { organisationId: syndicate.id, roles: ['technician'], name: 'Technicien Un' });
    tech2 = await createUser(t.ctx, { organisationId: syndicate.id, roles: ['technician'], name: 'Technicien Deux' });
    const ctx = t.ctx;
    // Tickets: opened in 2019 → t1, t2, t3; resolved in 2019 → t1, t2, t4.
    const t1 = await insertTicket(ctx, { organisationId: a.id, createdAt: '2019-01-15T09:00Z', firstResponseAt: '2019-01-15T09:30Z', firstResponseDueAt: '2019-01-15T10:00Z', resolvedAt: '2019-01-15T11:00Z', resolutionDueAt: '2019-01-15T12:00Z', rating: 4 });
    await insertTicket(ctx, { organisationId: a.id, createdAt: '2019-02-01T08:00Z', firstResponseAt: '2019-02-01T10:00Z', firstResponseDueAt: '2019-02-01T09:00Z', resolvedAt: '2019-02-03T08:00Z', resolutionDueAt: '2019-02-02T08:00Z', rating: 2 });
    await insertTicket(ctx, { organisationId: cOrg.id, createdAt: '2019-03-05T08:00Z', firstResponseAt: '2019-03-05T09:00Z' });
    await insertTicket(ctx, { organisationId: cOrg.id, createdAt: '2018-12-20T08:00Z', firstResponseAt: '2018-12-20T08:10Z', resolvedAt: '2019-01-10T08:00Z', rating: 5 });
    // Older tickets carry the other interventions, so that they add nothing to 2019's tickets.
    const oldA = await insertTicket(ctx, { organisationId: a.id, createdAt: '2017-01-01T08:00Z' });
    const oldC = await insertTicket(ctx, { organisationId: cOrg.id, createdAt: '2017-01-01T08:00Z' });
    await insertIntervention(ctx, { organisationId: a.id, ticketId: t1, channel: 'phone', startedAt: '2019-01-15T09:30Z', durationMinutes: 30, technicianId: tech1.id, domain: 'comptabilite' });
    await insertIntervention(ctx, { organisationId: a.id, ticketId: oldA, channel: 'remote', startedAt: '2019-01-20T14:00Z', durationMinutes: 20, technicianId: tech1.id, domain: 'elections' });
    await insertIntervention(ctx, { organisationId: a.id, ticketId: oldA, channel: 'onsite', startedAt: '2019-03-01T08:00Z', durationMinutes: 90, travelMinutes: 40, technicianId: tech2.id, domain: 'comptabilite' });
    await insertIntervention(ctx, { organisationId: cOrg.id, ticketId: oldC, channel: 'email', startedAt: '2019-03-05T09:00Z', durationMinutes: 10, technicianId: tech2.id, domain: 'etat-civil' });
    // 2019-01-01 00:30 in Paris: in 2019. 2019-12-31 23:30 in Paris: in 2019. 2020-01-01 00:30 in Paris: not.
    await insertIntervention(ctx, { organisationId: cOrg.id, ticketId: oldC, channel: 'workshop', startedAt: '2018-12-31T23:30Z', durationMinutes: 60, domain: 'materiel' });
    await insertIntervention(ctx, { organisationId: cOrg.id, ticketId: oldC, channel: 'workshop', startedAt: '2019-12-31T22:30Z', durationMinutes: 60, domain: 'materiel' });
    await insertIntervention(ctx, { organisationId: cOrg.id, ticketId: oldC, channel: 'workshop', startedAt: '2019-12-31T23:30Z', durationMinutes: 60, domain: 'materiel' });
    await insertWorkshopItem(ctx, { organisationId: a.id, receivedOn: '2019-06-01', returnedOn: '2019-06-10' });
    await insertWorkshopItem(ctx, { organisationId: cOrg.id, receivedOn: '2018-12-15', returnedOn: '2019-01-05' });
    await insertVisit(ctx, { organisationId: a.id, technicianId: tech2.id, startsAt: '2019-03-01T08:00Z' });
    await insertVisit(ctx, { organisationId: a.id, technicianId: tech2.id, startsAt: '2019-04-01T08:00Z', cancelled: true });
  });
  afterAll(() => t.close());

  it('counts per channel, domain, member, technician and month within Paris days', async () => {
    const r = await computeActivity(t.ctx, yearPeriod(2019));
    expect(r.channels.map((c) => [c.channel, c.count])).toEqual([['phone', 1], ['remote', 1], ['email', 1], ['onsite', 1], ['workshop', 2]]);
    expect(r.total).toBe(6);
    expect(r.totalMinutes).toBe(30 + 20 + 90 + 10 + 60 + 60);
    expect(r.domains).toEqual([
      { code: 'comptabilite', label: 'Comptabilité', count: 2 },
      { code: 'materiel', label: 'Matériel', count: 2 },
      { code: 'elections', label: 'Élections', count: 1 },
      { code: 'etat-civil', label: 'État civil', count: 1 },
    ]);
    expect(r.members.map((m) => [m.name, m.count])).toEqual([['Anjoutey', 3], ['Chèvremont', 3]]);
    expect(r.members.some((m) => m.organisationId === b.id)).toBe(false);
    expect(Object.fromEntries(r.technicians.map((x) => [x.name, x.count]))).toEqual({ 'Technicien Un': 2, 'Technicien Deux': 2, 'Non renseigné': 2 });
    expect(r.months).toHaveLength(12);
    expect(r.months.map((m) => m.total)).toEqual([3, 0, 2, 0, 0, 0, 0, 0, 0, 0, 0, 1]);
    expect(r.months[0]!.byChannel).toEqual({ phone: 1, remote: 1, email: 0, onsite: 0, workshop: 1 });
  });

  it('computes tickets, medians, SLA compliance, satisfaction, workshop and visits', async () => {
    const r = await computeActivity(t.ctx, yearPeriod(2019));
    expect(r.tickets.opened).toBe(3);
    expect(r.tickets.resolved).toBe(3);
    // First responses of the tickets opened: 30, 120, 60 min → 60. Resolutions: 120, 2,880, 30,240 min → 2,880.
    expect(r.tickets.medianFirstResponseMinutes).toBe(60);
    expect(r.tickets.medianResolutionMinutes).toBe(2880);
    expect(r.tickets.firstResponseSla).toEqual({ measured: 2, met: 1, rate: 0.5 });
    expect(r.tickets.resolutionSla).toEqual({ measured: 2, met: 1, rate: 0.5 });
    expect(r.satisfaction.count).toBe(3);
    expect(r.satisfaction.average).toBeCloseTo(11 / 3, 6);
    expect(r.workshop).toEqual({ interventions: 2, itemsReceived: 1, itemsReturned: 2 });
    expect(r.visits).toEqual({ onsiteInterventions: 1, planned: 1, travelMinutes: 40 });
  });

  it('an empty period gives zeros and no medians', async () => {
    const r = await computeActivity(t.ctx, { from: '2021-03-01', to: '2021-05-31' });
    expect(r.total).toBe(0);
    expect(r.channels.every((c) => c.count === 0)).toBe(true);
    expect(r.months.map((m) => [m.month, m.total])).toEqual([['2021-03', 0], ['2021-04', 0], ['2021-05', 0]]);
    expect(r.domains).toEqual([]);
    expect(r.members).toEqual([]);
    expect(r.tickets).toEqual({ opened: 0, resolved: 0, medianFirstResponseMinutes: null, medianResolutionMinutes: null, firstResponseSla: { measured: 0, met: 0, rate: null }, resolutionSla: { measured: 0, met: 0, rate: null } });
    expect(r.satisfaction).toEqual({ average: null, count: 0 });
  });

  it('a member with no activity: zeros, no convention, no contribution', async () => {
    const staff = await signedInStaff(t.ctx, ['finance']);
    const m = await memberReport({ ...t.ctx, actor: staff.actor }, b.id, yearPeriod(2019));
    expect(m.organisation.name).toBe('Bourg-sous-Châtelet');
    expect(m.activity.total).toBe(0);
    expect(m.activity.tickets.opened).toBe(0);
    expect(m.conventions).toEqual([]);
    expect(m.contributions).toEqual([]);
    expect(m.costPerIntervention).toBeNull();
  });

  it('a member’s report: only its own activity, against its convention and the period’s share of its contribution', async () => {
    await insertConventionAndContribution(t.ctx, { organisationId: a.id, organisationName: 'Anjoutey', startsOn: '2018-07-01', endsOn: '2024-06-30', runFrom: '2019-01-01', runTo: '2019-12-31', amount: 120_000 });
    const staff = await signedInStaff(t.ctx, ['admin']);
    const m = await memberReport({ ...t.ctx, actor: staff.actor }, a.id, { from: '2019-01-01', to: '2019-06-30' });
    expect(m.activity.total).toBe(3);
    expect(m.activity.members.map((x) => x.organisationId)).toEqual([a.id]);
    expect(m.activity.tickets.opened).toBe(2);
    expect(m.conventions).toHaveLength(1);
    expect(m.conventions[0]!.options.map((o) => [o.code, o.workstations])).toEqual([['base', 3]]);
    // 181 days of 365: 120,000 × 181 / 365 = 59,506.8 → 59,507 cents.
    expect(m.contributions).toEqual([{ runLabel: 'Contributions 2019', periodStart: '2019-01-01', periodEnd: '2019-12-31', amount: 120_000, inPeriod: 59_507 }]);
    expect(m.contributionInPeriod).toBe(59_507);
    expect(m.costPerIntervention).toBe(Math.round(59_507 / 3));
    expect(m.costPerHour).toBe(Math.round(59_507 / (140 / 60)));
    // The API gives the same figures, money in cents.
    const api = await t.app.request(`/api/v1/reports/members/${a.id}?from=2019-01-01&to=2019-06-30`, { headers: staff.headers });
    expect(api.status).toBe(200);
    expect(await api.json()).toMatchObject({
      organisation: { id: a.id },
      activity: { total: 3 },
      conventions: [{ status: 'active', options: [{ code: 'base', workstations: 3 }] }],
      contributions: [{ runLabel: 'Contributions 2019', amountCents: 120_000, inPeriodCents: 59_507 }],
      contributionInPeriodCents: 59_507,
      costPerInterventionCents: Math.round(59_507 / 3),
    });
  });

  it('requests for the same report at the same time share one computation; the next one computes again', async () => {
    const staff = await signedInStaff(t.ctx);
    const sctx = { ...t.ctx, actor: staff.actor };
    const [first, second] = await Promise.all([activityReport(sctx, yearPeriod(2019)), activityReport(sctx, yearPeriod(2019))]);
    expect(second).toBe(first);
    expect(first.total).toBe(6);
    const other = await activityReport(sctx, yearPeriod(2018));
    expect(other).not.toBe(first);
    // Once settled nothing is kept: an intervention entered afterwards shows at the next request.
    const oldA = await insertTicket(t.ctx, { organisationId: a.id, createdAt: '2017-01-01T08:00Z' });
    await insertIntervention(t.ctx, { organisationId: a.id, ticketId: oldA, channel: 'phone', startedAt: '2019-06-03T08:00Z', durationMinutes: 5, domain: 'comptabilite' });
    const later = await activityReport(sctx, yearPeriod(2019));
    expect(later).not.toBe(first);
    expect(later.total).toBe(7);
  });

  it('a member’s manager reads its own report, never another member’s nor the whole service’s', async () => {
    const manager = await signedInMember(t.ctx, ['manager']);
    const mctx = { ...t.ctx, actor: manager.actor };
    await expect(memberReport(mctx, manager.org.id, yearPeriod(2019))).resolves.toMatchObject({ organisation: { id: manager.org.id } });
    await expect(memberReport(mctx, a.id, yearPeriod(2019))).rejects.toBeInstanceOf(Forbidden);
    const own = await t.app.request(`/rapports/membres/${manager.org.id}?du=2019-01-01&au=2019-12-31`, { headers: manager.headers });
    expect(own.status).toBe(200);
    const other = await t.app.request(`/rapports/membres/${a.id}?du=2019-01-01&au=2019-12-31`, { headers: manager.headers });
    expect(other.status).toBe(403);
    expect(await other.text()).not.toContain('Anjoutey');
    const otherPdf = await t.app.request(`/rapports/membres/${a.id}?du=2019-01-01&au=2019-12-31&format=pdf`, { headers: manager.headers });
    expect(otherPdf.status).toBe(403);
    const api = await t.app.request(`/api/v1/reports/members/${a.id}?from=2019-01-01&to=2019-12-31`, { headers: manager.headers });
    expect(api.status).toBe(403);
    const whole = await t.app.request('/rapports/activite?du=2019-01-01&au=2019-12-31', { headers: manager.headers });
    expect(whole.status).toBe(403);
    const agent = await signedInMember(t.ctx, ['agent']);
    expect((await t.app.request(`/rapports/membres/${agent.org.id}?du=2019-01-01&au=2019-12-31`, { headers: agent.headers })).status).toBe(403);
  });
});
