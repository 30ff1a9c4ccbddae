import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { createTestApp, type TestApp } from '../../../test/helpers/app.ts';
import { createOrganisation, signedInMember, signedInStaff, type SignedIn } from '../../../test/helpers/factories.ts';
import { activeConvention, adoptedGrid, deliberationFor } from '../../../test/helpers/memberships-factories.ts';
import { outbox } from '../../platform/mail/schema.ts';
import { conventionOptions, conventions } from './schema.ts';

let t: TestApp;
let finance: SignedIn;
beforeAll(async () => {
  t = await createTestApp();
  finance = await signedInStaff(t.ctx, ['finance']);
  await adoptedGrid(t.ctx, 2024);
});
afterAll(() => t.close());

const send = async (method: string, path: string, who: SignedIn, body?: unknown) => {
  const res = await t.app.request(path, { method, headers: { ...who.headers, 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> & { message?: string; fields?: Record<string, string> } };
};

describe('convention lifecycle through the API', () => {
  it('draft → awaiting deliberation → signed → tacit renewals → sixth year → express renewal', async () => {
    const org = await createOrganisation(t.ctx, { population: 812, populationYear: 2021 });
    const created = await send('POST', '/api/v1/conventions', finance, { organisationId: org.id, startsOn: '2024-07-01', options: [{ code: 'maintenance', workstations: 3 }, { code: 'paie' }] });
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    expect(created.body).toMatchObject({ status: 'draft', generationStartsOn: '2024-07-01', generationEndsOn: '2030-06-30', currentTermEndsOn: '2025-06-30', population: 812, populationAsOf: '2021-01-01' });

    const tooEarly = await send('POST', `/api/v1/conventions/${id}/transitions`, finance, { event: 'sign', signedOn: '2024-06-10' });
    expect(tooEarly.status).toBe(409);
    expect(tooEarly.body.message).toBe('Action « enregistrer la signature » impossible : la convention est à l’état « Brouillon ».');

    expect((await send('POST', `/api/v1/conventions/${id}/transitions`, finance, { event: 'submit' })).body.status).toBe('awaiting_deliberation');
    const noDelib = await send('POST', `/api/v1/conventions/${id}/transitions`, finance, { event: 'sign', signedOn: '2024-06-10' });
    expect(noDelib.status).toBe(422);
    expect(noDelib.body.fields).toHaveProperty('deliberationId');
    const foreign = await deliberationFor(t.ctx, (await createOrganisation(t.ctx)).id);
    expect((await send('POST', `/api/v1/conventions/${id}/transitions`, finance, { event: 'sign', signedOn: '2024-06-10', deliberationId: foreign.id })).status).toBe(422);
    const d = await deliberationFor(t.ctx, org.id, '2024-05-20');
    const signed = await send('POST', `/api/v1/conventions/${id}/transitions`, finance, { event: 'sign', signedOn: '2024-06-10', deliberationId: d.id });
    expect(signed.body).toMatchObject({ status: 'active', signedOn: '2024-06-10', deliberationId: d.id });

    const ends: string[] = [];
    for (let i = 0; i < 5; i++) ends.push((await send('POST', `/api/v1/conventions/${id}/transitions`, finance, { event: 'renew_tacitly' })).body.currentTermEndsOn as string);
    expect(ends).toEqual(['2026-06-30', '2027-06-30', '2028-06-30', '2029-06-30', '2030-06-30']);
    const seventh = await send('POST', `/api/v1/conventions/${id}/transitions`, finance, { event: 'renew_tacitly' });
    expect(seventh.status).toBe(409);
    expect(seventh.body.message).toContain('sixième année');

    const early = await send('POST', `/api/v1/conventions/${id}/transitions`, finance, { event: 'expire' });
    expect(early.status).toBe(409); // the clock is in 2026: the generation runs until 30 June 2030
    const renewed = await send('POST', `/api/v1/conventions/${id}/transitions`, finance, { event: 'renew_expressly' });
    expect(renewed.status).toBe(200);
    const next = await send('GET', `/api/v1/conventions/${renewed.body.nextId as string}`, finance);
    expect(next.body.convention).toMatchObject({ status: 'draft', startsOn: '2030-07-01', generationEndsOn: '2036-06-30', previousId: id });
    expect((next.body.lines as { optionCode: string }[]).map((l) => l.optionCode).sort()).toEqual(['maintenance', 'paie']);
    expect((await send('POST', `/api/v1/conventions/${id}/transitions`, finance, { event: 'renew_expressly' })).status).toBe(409);
  });

  it('expires at the end of the sixth year', async () => {
    const org = await createOrganisation(t.ctx);
    const c = await activeConvention(t.ctx, org.id);
    // A 2018–2024 convention in its sixth year; the test clock is in 2026.
    await t.ctx.db
      .update(conventions)
      .set({ generationStartsOn: '2018-07-01', generationEndsOn: '2024-06-30', startsOn: '2018-07-01', currentTermEndsOn: '2024-06-30' })
      .where(eq(conventions.id, c.id));
    expect((await send('POST', `/api/v1/conventions/${c.id}/transitions`, finance, { event: 'renew_tacitly' })).status).toBe(409);
    expect((await send('POST', `/api/v1/conventions/${c.id}/transitions`, finance, { event: 'expire' })).body.status).toBe('expired');
    expect((await send('POST', `/api/v1/conventions/${c.id}/transitions`, finance, { event: 'terminate', effectiveOn: '2030-08-01', by: 'member', reason: 'free' })).status).toBe(409);
    const renewed = await send('POST', `/api/v1/conventions/${c.id}/transitions`, finance, { event: 'renew_expressly' });
    expect(renewed.body.status).toBe('expired');
    const next = await send('GET', `/api/v1/conventions/${renewed.body.nextId as string}`, finance);
    expect(next.body.convention).toMatchObject({ startsOn: '2024-07-01', generationEndsOn: '2030-06-30', status: 'draft' });
  });

  it('termination closes the options the day before its effective date', async () => {
    const org = await createOrganisation(t.ctx);
    const c = await activeConvention(t.ctx, org.id);
    const missing = await send('POST', `/api/v1/conventions/${c.id}/transitions`, finance, { event: 'terminate' });
    expect(Object.keys(missing.body.fields ?? {}).sort()).toEqual(['by', 'effectiveOn', 'reason']);
    const done = await send('POST', `/api/v1/conventions/${c.id}/transitions`, finance, { event: 'terminate', effectiveOn: '2025-01-01', by: 'syndicate', reason: 'fault', note: 'Impayés' });
    expect(done.body).toMatchObject({ status: 'terminated', terminatedOn: '2025-01-01', terminatedBy: 'syndicate', terminationReason: 'fault' });
    const lines = await t.ctx.db.select().from(conventionOptions).where(eq(conventionOptions.conventionId, c.id));
    expect(lines.map((l) => l.endsOn)).toEqual(['2024-12-31']);
    expect((await send('POST', `/api/v1/conventions/${c.id}/transitions`, finance, { event: 'renew_tacitly' })).status).toBe(409);
  });

  it('abandon: a draft, or a convention awaiting its deliberation; an abandoned one accepts nothing', async () => {
    const org = await createOrganisation(t.ctx);
    const create = async () => (await send('POST', '/api/v1/conventions', finance, { organisationId: org.id, startsOn: '2024-07-01', options: [{ code: 'maintenance', workstations: 1 }] })).body.id as string;
    const draft = await create();
    expect((await send('POST', `/api/v1/conventions/${draft}/transitions`, finance, { event: 'abandon' })).body.status).toBe('abandoned');
    const awaiting = await create();
    await send('POST', `/api/v1/conventions/${awaiting}/transitions`, finance, { event: 'submit' });
    expect((await send('POST', `/api/v1/conventions/${awaiting}/transitions`, finance, { event: 'abandon' })).body.status).toBe('abandoned');
    for (const event of ['submit', 'sign', 'renew_tacitly', 'expire', 'renew_expressly', 'abandon']) {
      const refused = await send('POST', `/api/v1/conventions/${awaiting}/transitions`, finance, { event, signedOn: '2024-06-10' });
      expect(refused.status, event).toBe(409);
      expect(refused.body.message).toContain('la convention est à l’état « Abandonnée »');
    }
  });

  it('termination by the member, freely, in the middle of a term; not before the convention starts', async () => {
    const org = await createOrganisation(t.ctx);
    const c = await activeConvention(t.ctx, org.id, { startsOn: '2024-07-01' });
    const early = await send('POST', `/api/v1/conventions/${c.id}/transitions`, finance, { event: 'terminate', effectiveOn: '2024-07-01', by: 'member', reason: 'free' });
    expect(early.status).toBe(422);
    expect(early.body.fields).toEqual({ effectiveOn: 'La date d’effet suit le début de la convention.' });
    const done = await send('POST', `/api/v1/conventions/${c.id}/transitions`, finance, { event: 'terminate', effectiveOn: '2025-03-16', by: 'member', reason: 'free' });
    expect(done.body).toMatchObject({ status: 'terminated', terminatedOn: '2025-03-16', terminatedBy: 'member', terminationReason: 'free' });
    // Options held until the day before: 15 March 2025.
    expect((await t.ctx.db.select().from(conventionOptions).where(eq(conventionOptions.conventionId, c.id))).map((l) => l.endsOn)).toEqual(['2025-03-15']);
    expect((await send('POST', `/api/v1/conventions/${c.id}/transitions`, finance, { event: 'terminate', effectiveOn: '2025-04-01', by: 'syndicate', reason: 'fault' })).status).toBe(409);
  });

  it('the DPO option is refused at creation and taken by amendment', async () => {
    const org = await createOrganisation(t.ctx);
    const refused = await send('POST', '/api/v1/conventions', finance, { organisationId: org.id, startsOn: '2024-07-01', options: [{ code: 'maintenance', workstations: 1 }, { code: 'dpo' }] });
    expect(refused.status).toBe(422);
    expect(refused.body.message).toContain('par avenant');
    const noBase = await send('POST', '/api/v1/conventions', finance, { organisationId: org.id, startsOn: '2024-07-01', options: [{ code: 'paie' }] });
    expect(noBase.body.message).toContain('obligatoire');
    const c = await activeConvention(t.ctx, org.id, { workstations: 2 });
    const a = await send('POST', `/api/v1/conventions/${c.id}/amendments`, finance, { effectiveOn: '2024-10-01', changes: [{ optionCode: 'dpo', action: 'add' }, { optionCode: 'maintenance', action: 'change', workstations: 6 }] });
    expect(a.status).toBe(201);
    expect(a.body.number).toBe(1);
    const prices = await send('GET', `/api/v1/conventions/${c.id}/prices?on=2024-12-01`, finance);
    const byCode = Object.fromEntries((prices.body.options as { code: string; price: { amountCents: number } }[]).map((o) => [o.code, o.price.amountCents]));
    // 574.88 × 6 × 0.7 = 2414.496 → 241450 ; DPO flat 366 €
    expect(byCode).toEqual({ maintenance: 241450, dpo: 36600 });
    const before = await send('GET', `/api/v1/conventions/${c.id}/prices?on=2024-09-30`, finance);
    expect((before.body.options as { code: string; price: { amountCents: number } }[]).map((o) => [o.code, o.price.amountCents])).toEqual([['maintenance', 114976]]);
    const removeBase = await send('POST', `/api/v1/conventions/${c.id}/amendments`, finance, { effectiveOn: '2025-01-01', changes: [{ optionCode: 'maintenance', action: 'remove' }] });
    expect(removeBase.status).toBe(422);
  });
});

describe('option change requests from the member portal', () => {
  it('a manager asks, staff are mailed, the acceptance becomes an amendment', async () => {
    const m = await signedInMember(t.ctx, ['manager']);
    const c = await activeConvention(t.ctx, m.org.id);
    const req = await send('POST', `/api/v1/conventions/${c.id}/option-requests`, m, { wishedOn: '2025-01-01', changes: [{ optionCode: 'paie', action: 'add' }], message: 'Passage à la DSN' });
    expect(req.status).toBe(201);
    const mails = await t.ctx.db.select().from(outbox).where(eq(outbox.to, finance.user.email));
    expect(mails.some((x) => x.subject.includes('Demande de changement d’options'))).toBe(true);
    expect((await send('POST', `/api/v1/option-requests/${req.body.id as string}/decision`, m, { accept: true })).status).toBe(403);
    expect((await send('POST', `/api/v1/option-requests/${req.body.id as string}/decision`, finance, { accept: false })).status).toBe(422);
    const ok = await send('POST', `/api/v1/option-requests/${req.body.id as string}/decision`, finance, { accept: true });
    expect(ok.body).toMatchObject({ status: 'accepted' });
    const detail = await send('GET', `/api/v1/conventions/${c.id}`, m);
    expect((detail.body.amendments as { number: number; effectiveOn: string }[])[0]).toMatchObject({ number: 1, effectiveOn: '2025-01-01' });
    expect((await send('POST', `/api/v1/option-requests/${req.body.id as string}/decision`, finance, { accept: true })).status).toBe(409);
  });
});

describe('tenant isolation', () => {
  it('a manager sees only its own convention', async () => {
    const a = await signedInMember(t.ctx, ['manager']);
    const b = await signedInMember(t.ctx, ['manager']);
    const ca = await activeConvention(t.ctx, a.org.id);
    const cb = await activeConvention(t.ctx, b.org.id);
    expect((await send('GET', `/api/v1/conventions/${ca.id}`, a)).status).toBe(200);
    expect((await send('GET', `/api/v1/conventions/${cb.id}`, a)).status).toBe(404);
    expect((await send('GET', `/api/v1/conventions/${cb.id}/prices?on=2025-01-01`, a)).status).toBe(404);
    expect((await send('POST', `/api/v1/conventions/${cb.id}/option-requests`, a, { wishedOn: '2025-01-01', changes: [{ optionCode: 'paie', action: 'add' }] })).status).toBe(404);
    const list = await send('GET', '/api/v1/conventions', a);
    expect((list.body.items as { id: string }[]).map((r) => r.id)).toEqual([ca.id]);
    // Managing conventions is the syndicate's: refused outright, for its own convention too.
    expect((await send('POST', `/api/v1/conventions/${ca.id}/transitions`, a, { event: 'terminate', effectiveOn: '2025-01-01', by: 'member', reason: 'free' })).status).toBe(403);
  });
});

describe('convention numbers', () => {
  it('two creations at once both succeed, with distinct numbers of the generation’s series', async () => {
    const [o1, o2] = [await createOrganisation(t.ctx), await createOrganisation(t.ctx)];
    const body = (organisationId: string) => ({ organisationId, startsOn: '2024-07-01', options: [{ code: 'maintenance', workstations: 1 }] });
    const [r1, r2] = await Promise.all([send('POST', '/api/v1/conventions', finance, body(o1.id)), send('POST', '/api/v1/conventions', finance, body(o2.id))]);
    expect([r1.status, r2.status]).toEqual([201, 201]);
    expect(r1.body.number).toMatch(/^CI-2024-\d{4}$/);
    expect(r2.body.number).toMatch(/^CI-2024-\d{4}$/);
    expect(r1.body.number).not.toBe(r2.body.number);
  });

  it('follows the highest number taken, not the count of conventions', async () => {
    const org = await createOrganisation(t.ctx);
    // A number far ahead of the count (an import, a renewal numbered in another generation…).
    await activeConvention(t.ctx, org.id, { startsOn: '2036-07-01', number: 'CI-2036-0041' });
    const created = await send('POST', '/api/v1/conventions', finance, { organisationId: org.id, startsOn: '2036-07-01', options: [{ code: 'maintenance', workstations: 1 }] });
    expect(created.status).toBe(201);
    expect(created.body.number).toBe('CI-2036-0042');
  });
});

describe('the conventions API dialect', () => {
  it('a creation answers 201 with the Location of the new convention', async () => {
    const org = await createOrganisation(t.ctx);
    const res = await t.app.request('/api/v1/conventions', {
      method: 'POST',
      headers: { ...finance.headers, 'content-type': 'application/json' },
      body: JSON.stringify({ organisationId: org.id, startsOn: '2024-07-01', options: [{ code: 'maintenance', workstations: 2 }] }),
    });
    expect(res.status).toBe(201);
    const id = ((await res.json()) as { id: string }).id;
    expect(res.headers.get('location')).toBe(`/api/v1/conventions/${id}`);
    const again = await send('GET', res.headers.get('location')!, finance);
    expect(again.status).toBe(200);
    expect((again.body.convention as { id: string }).id).toBe(id);
    expect(again.body.organisation).toEqual({ id: org.id, name: org.name });
  });

  it('lists in the one envelope; a bad status, a page size of 500 are 422 naming the allowed values', async () => {
    const org = await createOrganisation(t.ctx);
    await activeConvention(t.ctx, org.id);
    const active = await send('GET', '/api/v1/conventions?status=active&sort=number&order=desc&pageSize=50', finance);
    expect(active.status).toBe(200);
    expect(active.body).toMatchObject({ page: 1, pageSize: 50 });
    const items = active.body.items as { status: string; organisationId: string }[];
    expect(items.length).toBeGreaterThan(0);
    expect(items.every((i) => i.status === 'active')).toBe(true);
    const bad = await send('GET', '/api/v1/conventions?status=zzz', finance);
    expect(bad.status).toBe(422);
    expect(bad.body.fields?.status).toContain('active');
    const big = await send('GET', '/api/v1/conventions?pageSize=500', finance);
    expect(big.status).toBe(422);
    expect(big.body.fields?.pageSize).toContain('100');
  });

  it('reads the French parameters of the first version, with Deprecation: true', async () => {
    const org = await createOrganisation(t.ctx);
    await activeConvention(t.ctx, org.id);
    const english = await t.app.request(`/api/v1/conventions?status=active&organisationId=${org.id}`, { headers: finance.headers });
    const french = await t.app.request(`/api/v1/conventions?etat=active&collectivite=${org.id}`, { headers: finance.headers });
    expect(french.status).toBe(200);
    expect(french.headers.get('deprecation')).toBe('true');
    expect(english.headers.get('deprecation')).toBeNull();
    const body = (await french.json()) as { items: { organisationId: string }[] };
    expect(body.items.map((i) => i.organisationId)).toEqual([org.id]);
    expect(body).toEqual(await english.json());
  });

  it('a malformed id is a 422, an unknown one a 404', async () => {
    expect((await send('GET', '/api/v1/conventions/------------------------------------', finance)).status).toBe(422);
    expect((await send('GET', '/api/v1/conventions/7f3c6a52-0d7e-4f39-9d7e-2b1c6a7e0f11', finance)).status).toBe(404);
  });

  it('an amendment and a request are created with their Location, read back there', async () => {
    const m = await signedInMember(t.ctx, ['manager']);
    const c = await activeConvention(t.ctx, m.org.id);
    const a = await t.app.request(`/api/v1/conventions/${c.id}/amendments`, {
      method: 'POST',
      headers: { ...finance.headers, 'content-type': 'application/json' },
      body: JSON.stringify({ effectiveOn: '2024-10-01', changes: [{ optionCode: 'paie', action: 'add' }] }),
    });
    expect(a.status).toBe(201);
    expect((await send('GET', a.headers.get('location')!, m)).body).toMatchObject({ number: 1, effectiveOn: '2024-10-01', changes: [{ optionCode: 'paie', action: 'add' }] });
    const other = await signedInMember(t.ctx, ['manager']);
    expect((await send('GET', a.headers.get('location')!, other)).status).toBe(404);
    const req = await send('POST', `/api/v1/conventions/${c.id}/option-requests`, m, { wishedOn: '2025-01-01', changes: [{ optionCode: 'dpo', action: 'add' }] });
    expect((await send('GET', `/api/v1/option-requests/${req.body.id as string}`, m)).body).toMatchObject({ status: 'pending', wishedOn: '2025-01-01' });
    expect((await send('GET', `/api/v1/option-requests/${req.body.id as string}`, other)).status).toBe(404);
  });
});
