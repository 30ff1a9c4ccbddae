import type { Ctx } from '../../src/platform/context.ts';
import { createTicket, type CreateTicketInput } from '../../src/modules/helpdesk/tickets.ts';
import { createTestApp, type TestApp } from './app.ts';
import { signedInMember, signedInStaff, type SignedIn } from './factories.ts';

/** A technician, two member collectivities each with a signed-in agent. */
export async function helpdeskWorld(ctx: Ctx) {
  const tech = await signedInStaff(ctx, ['technician']);
  const a = await signedInMember(ctx, ['agent'], { name: 'Évette-Salbert', inseeCode: `9${String(Math.floor(Math.random() * 9000) + 1000)}` });
  const b = await signedInMember(ctx, ['manager'], { name: 'Giromagny', inseeCode: `9${String(Math.floor(Math.random() * 9000) + 1000)}` });
  return { tech, a, b };
}

export type HelpdeskWorld = Awaited<ReturnType<typeof helpdeskWorld>>;

/** The whole app on its own database, with the helpdesk world in it: `({ t, w } = await helpdeskTestApp())`. */
export async function helpdeskTestApp(env: Record<string, string> = {}): Promise<{ t: TestApp; w: HelpdeskWorld }> {
  const t = await createTestApp(env);
  return { t, w: await helpdeskWorld(t.ctx) };
}

/** A ticket created by `who` (staff: for `orgId`; member: for their own collectivity). */
export async function createTestTicket(ctx: Ctx, who: SignedIn, orgId: string, input: Partial<CreateTicketInput> = {}) {
  return createTicket({ ...ctx, actor: who.actor }, { organisationId: orgId, domain: 'comptabilite', title: 'Mandat rejeté par la trésorerie', description: 'Le flux **PES** est refusé.', ...input });
}
