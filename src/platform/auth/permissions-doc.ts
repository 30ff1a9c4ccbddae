import { MEMBER_ROLES, PERMISSIONS, ROLE_LABELS, STAFF_ROLES, type Permission, type Role, type Scope } from './permissions.ts';

const CELL: Record<Scope, string> = { all: 'toutes', own: 'la sienne' };

/** docs/permissions.md, rendered from the matrix (the one source of truth). */
export function renderPermissionsMarkdown(): string {
  const roles: Role[] = [...STAFF_ROLES, ...MEMBER_ROLES];
  const lines = [
    '# Matrice des permissions',
    '',
    '<!-- Fichier généré depuis src/platform/auth/permissions.ts par `npm run docs:permissions` : ne pas modifier à la main. -->',
    '',
    'Chaque case indique sur quelles organisations le rôle exerce la permission : **toutes** (personnel du',
    'syndicat) ou **la sienne** (utilisateurs d’une collectivité membre, limités à leur collectivité). Une case',
    'vide : permission refusée. Un jeton d’API n’exerce en plus que les permissions qui lui ont été données.',
    '',
    '## Rôles',
    '',
    '| rôle | libellé | organisation |',
    '| --- | --- | --- |',
    ...roles.map((r) => `| \`${r}\` | ${ROLE_LABELS[r]} | ${(STAFF_ROLES as readonly string[]).includes(r) ? 'syndicat' : 'collectivité membre'} |`),
    '',
    '## Permissions',
    '',
    `| permission | description | ${roles.map((r) => `\`${r}\``).join(' | ')} |`,
    `| --- | --- | ${roles.map(() => ':---:').join(' | ')} |`,
  ];
  const names = (Object.keys(PERMISSIONS) as Permission[]).sort();
  for (const name of names) {
    const p = PERMISSIONS[name] as { label: string; roles: Partial<Record<Role, Scope>> };
    lines.push(`| \`${name}\` | ${p.label.replace(/\|/g, '\\|')} | ${roles.map((r) => (p.roles[r] ? CELL[p.roles[r]] : '')).join(' | ')} |`);
  }
  lines.push('');
  return lines.join('\n');
}
