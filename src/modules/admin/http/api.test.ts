import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { createTestApp, type TestApp } from '../../../../test/helpers/app.ts';
import { signedInAdmin } from '../../../../test/helpers/admin-factories.ts';
import { signedInMember, type SignedIn } from '../../../../test/helpers/factories.ts';
import { audit } from '../../../platform/audit/index.ts';
import { createWorker, enqueue, jobs } from '../../../platform/jobs/index.ts';

let t: TestApp;
let dataDir: string;
let admin: SignedIn;
let member: SignedIn & { org: { id: string; name: string } };
const get = (path: string, who: SignedIn) => t.app.request(path, { headers: who.headers });
const postJson = (path: string, who: SignedIn, body: unknown) =>
  t.app.request(path, { method: 'POST', headers: { ...who.headers, 'content-type': 'application/json', 'x-csrf-token': who.csrfToken }, body: JSON.stringify(body) });
const json = async <T>(res: Response, status = 200): Promise<T> => {
  const text = await res.text();
  expect(res.status, text).toBe(status);
  return JSON.parse(text) as T;
};

interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}
interface Entry {
  id: string;
  at: string;
  action: string;
  entity: string;
  organisationId: string | null;
  organisationName: string | null;
}

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'mutualis-admin-api-'));
  t = await createTestApp({ DATA_DIR: dataDir });
  admin = await signedInAdmin(t.ctx);
  member = await signedInMember(t.ctx, ['manager']);
  const at = (iso: string) => ({ ...t.ctx, actor: admin.actor, clock: { now: () => new Date(iso) } });
  await audit(at('2026-03-09T23:30:00Z'), { action: 'member.update', entity: 'organisation', entityId: member.org.id, organisationId: member.org.id, before: { name: 'Ancien nom' }, after: { name: 'Nouveau nom' } });
  for (let i = 0; i < 3; i++) await audit(at(`2026-02-01T10:0${i}:00Z`), { action: 'bulk.touch', entity: 'bulk', entityId: String(i) });
}, 120_000);
afterAll(async () => {
  await t.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('API: audit log', () => {
  it('lists the filtered journal in the one envelope, with the organisation named', async () => {
    const page = await json<Page<Entry>>(await get(`/api/v1/audit-log?organisationId=${member.org.id}`, admin));
    expect(page).toMatchObject({ total: 1, page: 1, pageSize: 50 });
    expect(page.items).toEqual([expect.objectContaining({ action: 'member.update', entity: 'organisation', organisationId: member.org.id, organisationName: member.org.name, at: '2026-03-09T23:30:00.000Z' })]);
    const paris = await json<Page<Entry>>(await get('/api/v1/audit-log?from=2026-03-10&to=2026-03-10', admin));
    expect(paris.items.map((e) => e.action)).toEqual(['member.update']);
    const sorted = await json<Page<Entry>>(await get('/api/v1/audit-log?entity=bulk&sort=at&order=asc&pageSize=20', admin));
    expect(sorted.items.map((e) => e.at)).toEqual(['2026-02-01T10:00:00.000Z', '2026-02-01T10:01:00.000Z', '2026-02-01T10:02:00.000Z']);
  });

  it('reads the French names of the first version, with a Deprecation header', async () => {
    const english = await get('/api/v1/audit-log?entity=organisation', admin);
    const french = await get('/api/v1/audit-log?entite=organisation&tri=at', admin);
    expect(english.headers.get('deprecation')).toBeNull();
    expect(french.headers.get('deprecation')).toBe('true');
    const frenchPage = await json<Page<Entry>>(french);
    expect(frenchPage.total).toBe(1);
    expect(frenchPage).toEqual(await json<Page<Entry>>(english));
  });

  it('refuses a bad sort, a page size of 500 and an invalid period with a 422 naming the field', async () => {
    const sort = await json<{ fields: Record<string, string> }>(await get('/api/v1/audit-log?sort=zzz', admin), 422);
    expect(sort.fields.sort).toContain('at');
    const size = await json<{ fields: Record<string, string> }>(await get('/api/v1/audit-log?pageSize=500', admin), 422);
    expect(size.fields.pageSize).toContain('100');
    const period = await json<{ fields: Record<string, string> }>(await get('/api/v1/audit-log?from=2026-03-10&to=2026-03-01', admin), 422);
    expect(period.fields.to).toBe('La date de fin précède la date de début.');
  });

  it('shows one entry with its field-by-field comparison; a malformed id is a 422, an unknown one a 404', async () => {
    const [first] = (await json<Page<Entry>>(await get('/api/v1/audit-log?entity=organisation', admin))).items;
    const entry = await json<{ id: string; changes: { field: string; before: string; after: string; changed: boolean }[] }>(await get(`/api/v1/audit-log/${first!.id}`, admin));
    expect(entry.changes).toEqual([{ field: 'name', before: 'Ancien nom', after: 'Nouveau nom', changed: true }]);
    expect((await get('/api/v1/audit-log/------------------------------------', admin)).status).toBe(422);
    expect((await get('/api/v1/audit-log/00000000-0000-4000-8000-000000000000', admin)).status).toBe(404);
  });

  it('is for administrators only', async () => {
    expect((await get('/api/v1/audit-log', member)).status).toBe(403);
    expect((await postJson('/api/v1/audit-log/exports', member, {})).status).toBe(403);
  });

  it('starts an export: 201, and its Location follows the job to the file', async () => {
    const res = await postJson('/api/v1/audit-log/exports', admin, { entity: 'bulk' });
    const started = await json<{ id: string; status: string }>(res, 201);
    expect(started.status).toBe('queued');
    const location = res.headers.get('location')!;
    expect(location).toBe(`/api/v1/jobs/${started.id}/progress`);
    expect(await json(await get(location, admin))).toEqual(started);
    await createWorker({ db: t.db.db, clock: t.clock, log: t.ctx.log, config: t.config }).drain();
    expect(await json(await get(location, admin))).toMatchObject({ id: started.id, status: 'succeeded', progress: 100, downloadUrl: `/taches/${started.id}/fichier` });
    const file = await (await get(`/taches/${started.id}/fichier`, admin)).text();
    expect(file.trim().split('\r\n')).toHaveLength(4);
    expect((await get(location, member)).status).toBe(404);
    expect((await postJson('/api/v1/audit-log/exports', admin, { from: 'hier' })).status).toBe(422);
  });
});

describe('API: background jobs', () => {
  it('lists jobs filtered by status, shows one with its parameters, and refuses an unknown status naming the allowed ones', async () => {
    const failed = await enqueue({ ...t.ctx, actor: admin.actor }, 'admin.inconnue', { x: 1 });
    await t.ctx.db.update(jobs).set({ status: 'failed', attempts: 5, lastError: 'Serveur injoignable' }).where(eq(jobs.id, failed.id));
    const page = await json<Page<{ id: string; status: string; lastError: string | null; startedByEmail: string | null }>>(await get('/api/v1/jobs?status=failed', admin));
    expect(page.items).toEqual([expect.objectContaining({ id: failed.id, status: 'failed', lastError: 'Serveur injoignable', startedByEmail: admin.user.email })]);
    const french = await get('/api/v1/jobs?statut=failed', admin);
    expect(french.headers.get('deprecation')).toBe('true');
    expect(await json(french)).toEqual(page);
    const bad = await json<{ fields: Record<string, string> }>(await get('/api/v1/jobs?status=zzz', admin), 422);
    for (const value of ['queued', 'running', 'succeeded', 'failed']) expect(bad.fields.status).toContain(value);
    const detail = await json<{ payloadJson: string; attempts: number }>(await get(`/api/v1/jobs/${failed.id}`, admin));
    expect(JSON.parse(detail.payloadJson)).toEqual({ x: 1 });
    expect(detail.attempts).toBe(5);
    expect((await get(`/api/v1/jobs/${failed.id}`, member)).status).toBe(403);
    expect((await get('/api/v1/jobs', member)).status).toBe(403);
  });
});
