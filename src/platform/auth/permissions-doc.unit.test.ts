import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { renderPermissionsMarkdown } from './permissions-doc.ts';
import { PERMISSIONS, can, scopeOf } from './permissions.ts';
import type { Actor } from '../context.ts';

const actor = (roles: Actor['roles'], organisationId = 'org-a', tokenScopes?: string[]): Actor => ({ userId: 'u', email: 'u@x', name: 'U', organisationId, side: roles.includes('manager') || roles.includes('agent') ? 'member' : 'syndicate', roles, tokenScopes });

describe('permission matrix', () => {
  it('docs/permissions.md is up to date (npm run docs:permissions)', () => {
    const current = readFileSync(new URL('../../../docs/permissions.md', import.meta.url), 'utf8');
    expect(current).toBe(renderPermissionsMarkdown());
  });

  it('lists every permission, each with a label and at least one role', () => {
    const doc = renderPermissionsMarkdown();
    for (const [name, p] of Object.entries(PERMISSIONS)) {
      expect(doc).toContain(`\`${name}\``);
      expect(p.label.length).toBeGreaterThan(3);
      expect(Object.keys(p.roles).length).toBeGreaterThan(0);
    }
  });

  it('member roles never hold "all"; own-scope limits to the actor’s organisation; tokens narrow', () => {
    for (const p of Object.values(PERMISSIONS) as { roles: Record<string, string> }[]) {
      expect(p.roles.manager === 'all' || p.roles.agent === 'all').toBe(false);
    }
    const manager = actor(['manager']);
    expect(can(manager, 'users.manage', 'org-a')).toBe(true);
    expect(can(manager, 'users.manage', 'org-b')).toBe(false);
    expect(can(actor(['admin']), 'users.manage', 'org-b')).toBe(true);
    expect(can(actor(['agent']), 'users.manage', 'org-a')).toBe(false);
    expect(scopeOf(actor(['admin'], 'org-s', ['users.read']), 'users.manage')).toBeNull();
    expect(scopeOf(actor(['admin'], 'org-s', ['users.read']), 'users.read')).toBe('all');
  });
});
