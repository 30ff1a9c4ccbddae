import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { signedInMember, signedInStaff, signedInUser, type SignedIn } from '../helpers/factories.ts';
import { createApiToken } from '../../src/modules/identity/index.ts';
import { pathMatches, routeMethod, routePath, type IsolationTarget } from './harness.ts';
import { loadIsolation } from './registry.ts';

/**
 * For every registered case: a user of member A (cookie session, then API token for /api routes) asks
 * for member B's resources and must get 403 or 404 without any of B's texts in the answer. First, B's own
 * manager (or staff) makes the same requests successfully, proving the URLs are real and, for a list, that
 * there is something to hide: a JSON list must not be empty, and a `filtered` list must show the controller
 * one of B's texts that the page's frame (menu, name of the signed-in person) does not already show.
 */
const registry = await loadIsolation();

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

type Credential = { cookie: SignedIn } | { bearer: string };

async function request(target: IsolationTarget, who: Credential): Promise<Response> {
  const headers: Record<string, string> = {};
  let body: string | undefined;
  if ('cookie' in who) {
    headers.cookie = who.cookie.cookie;
    headers['x-csrf-token'] = who.cookie.csrfToken;
  } else {
    headers.authorization = `Bearer ${who.bearer}`;
  }
  if (target.form) {
    const form = new URLSearchParams();
    for (const [k, v] of Object.entries(target.form)) for (const one of Array.isArray(v) ? v : [v]) form.append(k, one);
    if ('cookie' in who) form.set('_csrf', who.cookie.csrfToken);
    body = form.toString();
    headers['content-type'] = 'application/x-www-form-urlencoded';
  } else if (target.json !== undefined) {
    body = JSON.stringify(target.json);
    headers['content-type'] = 'application/json';
  }
  return t.app.request(target.path, { method: routeMethod(target.route), headers, body });
}

/** The list a JSON answer carries (the answer itself, or its `items`), or null when it carries none. */
function listIn(res: Response, text: string): unknown[] | null {
  if (!res.headers.get('content-type')?.includes('application/json')) return null;
  const body = JSON.parse(text) as unknown;
  if (Array.isArray(body)) return body;
  const items = body && typeof body === 'object' ? (body as Record<string, unknown>).items : undefined;
  return Array.isArray(items) ? items : null;
}

/** What the controller's pages show whatever they list: the frame of a page with no data (a 404 page). */
async function frameOf(who: SignedIn): Promise<string> {
  const res = await t.app.request('/isolation-cadre-sans-donnees', { headers: { cookie: who.cookie } });
  return res.headers.get('content-type')?.includes('text/html') ? res.text() : '';
}

for (const spec of registry.filter((s) => s.cases.length > 0)) {
  describe(`isolation des collectivités : ${spec.module}`, () => {
    for (const c of spec.cases) {
      it(c.name, async () => {
        const a = await signedInMember(t.ctx, ['manager']);
        const b = await signedInMember(t.ctx, ['manager']);
        const { targets, secrets = [] } = await c.setup({ t, a, b });
        expect(targets.length, 'au moins une requête à essayer').toBeGreaterThan(0);
        for (const target of targets) {
          expect(c.routes, `${target.route} doit figurer dans routes`).toContain(target.route);
          expect(pathMatches(routePath(target.route), target.path), `${target.path} ne correspond pas à ${target.route}`).toBe(true);
        }
        for (const route of c.routes) expect(targets.some((x) => x.route === route), `aucune requête pour ${route}`).toBe(true);

        // Reads are controlled first (a list must have something of B's to hide before A is shown nothing of
        // it); writes after A's attempts, which must meet B's resources intact.
        let staff: SignedIn | null = null;
        const controlled = async (target: IsolationTarget) => {
          const control = target.control ?? 'owner';
          if (control === 'none') {
            expect(target.expect, `${target.path} : un filtrage sans contrôle ne prouve rien (control: 'none' interdit avec expect: 'filtered')`).not.toBe('filtered');
            return;
          }
          const who = control === 'owner' ? b : (staff ??= await signedInStaff(t.ctx, ['admin']));
          const res = await request(target, { cookie: who });
          const text = await res.text();
          expect(res.status, `contrôle (${control}) ${target.route} ${target.path} doit aboutir`).toBeLessThan(400);
          const list = listIn(res, text);
          if (list) expect(list.length, `contrôle ${target.path} : la liste ne doit pas être vide`).toBeGreaterThan(0);
          if (target.expect === 'filtered') {
            const frame = await frameOf(who);
            const shown = secrets.filter((s) => text.includes(s) && !frame.includes(s));
            expect(shown.length, `contrôle ${target.path} : les données de B doivent figurer dans la liste (pas seulement dans le cadre de la page)`).toBeGreaterThan(0);
          }
        };
        const isRead = (target: IsolationTarget) => routeMethod(target.route) === 'GET';
        for (const target of targets.filter(isRead)) await controlled(target);

        for (const roles of c.attackers ?? [['manager']]) {
          const attacker = roles.length === 1 && roles[0] === 'manager' ? a : { ...a, ...(await signedInUser(t.ctx, { organisationId: a.org.id, roles, side: 'member' })) };
          const token = (await createApiToken({ ...t.ctx, actor: attacker.actor }, { name: 'isolation', scopes: ['*'] })).token;
          for (const target of targets) {
            const tries: Credential[] = [{ cookie: attacker }, ...(target.path.startsWith('/api/') ? [{ bearer: token }] : [])];
            for (const who of tries) {
              const res = await request(target, who);
              const text = await res.text();
              const label = `${roles.join('+')} de A (${'cookie' in who ? 'session' : 'jeton'}) → ${target.route} ${target.path} : ${res.status}`;
              if (target.expect === 'filtered') expect(res.status, label).toBeLessThan(500);
              else expect([403, 404], label).toContain(res.status);
              for (const s of secrets) expect(text.includes(s), `${label} laisse voir « ${s} »`).toBe(false);
            }
          }
        }
        for (const target of targets.filter((x) => !isRead(x))) await controlled(target);
      });
    }
  });
}
