import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { createTestApp, type TestApp } from '../../../test/helpers/app.ts';
import { createOrganisation, signedInMember, syndicateOrganisation } from '../../../test/helpers/factories.ts';
import { auditLog } from '../../platform/audit/index.ts';
import { Forbidden, Invalid } from '../../platform/errors.ts';
import { apiTokens, users } from './schema.ts';
import { outbox } from '../../platform/mail/schema.ts';
import { createApiToken, createUser, systemActor } from './index.ts';
import { actorFromApiToken } from './api-tokens.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

describe('createUser / createApiToken use cases', () => {
  it('creates a user with a password from the command line, audited', async () => {
    const syndicate = await syndicateOrganisation(t.ctx);
    const ctx = { ...t.ctx, actor: await systemActor(t.ctx) };
    const made = await createUser(ctx, { organisationId: syndicate.id, email: ' Tech@Example.test ', name: 'Tech', roles: ['technician'], password: 'un mot de passe bien long' });
    expect(made.invitationUrl).toBeNull();
    const [row] = await t.db.db.select().from(users).where(eq(users.id, made.id));
    expect(row!.email).toBe('tech@example.test');
    const trail = await t.db.db.select().from(auditLog).where(eq(auditLog.entityId, made.id));
    expect(trail.map((a) => a.action)).toContain('user.create');
    await expect(createUser(ctx, { organisationId: syndicate.id, email: 'tech@example.test', name: 'Tech', roles: ['technician'] })).rejects.toThrow(/existe déjà/);
  });

  it('refuses short and common passwords, and roles of the other side', async () => {
    const org = await createOrganisation(t.ctx);
    const ctx = { ...t.ctx, actor: await systemActor(t.ctx) };
    await expect(createUser(ctx, { organisationId: org.id, email: 'a@b.test', name: 'Agent', roles: ['agent'], password: 'court' })).rejects.toMatchObject({ fields: { password: expect.stringContaining('12 caractères') } });
    await expect(createUser(ctx, { organisationId: org.id, email: 'a@b.test', name: 'Agent', roles: ['agent'], password: 'password1234' })).rejects.toMatchObject({ fields: { password: expect.stringContaining('plus courants') } });
    await expect(createUser(ctx, { organisationId: org.id, email: 'a@b.test', name: 'Agent', roles: ['admin'] })).rejects.toMatchObject({ fields: { roles: expect.any(String) } });
  });

  it('invites by e-mail when no password is given; a manager cannot create users elsewhere', async () => {
    const manager = await signedInMember(t.ctx, ['manager']);
    const ctx = { ...t.ctx, actor: manager.actor };
    const made = await createUser(ctx, { organisationId: manager.org.id, email: 'agent@commune.test', name: 'Agent', roles: ['agent'] });
    expect(made.invitationUrl).toMatch(/\/invitation\/[\w-]{40,}$/);
    const [mail] = await t.db.db.select().from(outbox).where(eq(outbox.to, 'agent@commune.test'));
    expect(mail!.text).toContain(made.invitationUrl!);
    const other = await createOrganisation(t.ctx);
    await expect(createUser(ctx, { organisationId: other.id, email: 'x@y.test', name: 'Intrus', roles: ['agent'] })).rejects.toBeInstanceOf(Forbidden);
  });

  it('creates a scoped, expiring API token stored hashed', async () => {
    const manager = await signedInMember(t.ctx, ['manager']);
    const ctx = { ...t.ctx, actor: manager.actor };
    const made = await createApiToken(ctx, { name: 'Export', scopes: ['users.read'], expiresInDays: 30 });
    const [row] = await t.db.db.select().from(apiTokens).where(eq(apiTokens.id, made.id));
    expect(row!.tokenHash).not.toContain(made.token);
    const actor = await actorFromApiToken(t.ctx, made.token);
    expect(actor).toMatchObject({ userId: manager.user.id, tokenScopes: ['users.read'] });
    await expect(createApiToken(ctx, { name: 'Trop', scopes: ['members.manage'] })).rejects.toBeInstanceOf(Invalid);
    t.clock.advance(31 * 86_400_000);
    expect(await actorFromApiToken(t.ctx, made.token)).toBeNull();
  });
});
