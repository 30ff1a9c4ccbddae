import { Forbidden, Unauthenticated } from '../errors.ts';
import type { Actor } from '../context.ts';

export const STAFF_ROLES = ['admin', 'technician', 'dpo', 'editor', 'finance'] as const;
export const MEMBER_ROLES = ['manager', 'agent'] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];
export type MemberRole = (typeof MEMBER_ROLES)[number];
export type Role = StaffRole | MemberRole;

export const ROLE_LABELS: Record<Role, string> = {
  admin: 'Administrateur',
  technician: 'Technicien',
  dpo: 'Délégué à la protection des données',
  editor: 'Rédacteur',
  finance: 'Finances',
  manager: 'Responsable de la collectivité',
  agent: 'Agent de la collectivité',
};

/**
 * The permission matrix: the one place that says which role may do what. `own` means "only for the actor's
 * own organisation" (members' roles); `all` means every organisation (syndicate staff).
 * docs/permissions.md is rendered from it by `npm run docs:permissions`.
 */
export type Scope = 'all' | 'own';
export const PERMISSIONS = {
  'admin.audit.read': { label: "Consulter le journal d'audit", roles: { admin: 'all' } },
  'admin.outbox.read': { label: "Consulter la boîte d'envoi", roles: { admin: 'all' } },
  'admin.jobs.read': { label: 'Suivre les tâches de fond', roles: { admin: 'all' } },
  'users.read': { label: 'Voir les utilisateurs', roles: { admin: 'all', manager: 'own' } },
  'users.manage': { label: 'Inviter, modifier, désactiver des utilisateurs', roles: { admin: 'all', manager: 'own' } },
  'identity.oidc.manage': { label: 'Régler la création de comptes par OpenID Connect', roles: { admin: 'all' } },
  'members.read': {
    label: 'Voir les collectivités membres',
    roles: { admin: 'all', technician: 'all', dpo: 'all', editor: 'all', finance: 'all', manager: 'own', agent: 'own' },
  },
  'members.manage': { label: 'Créer et modifier les collectivités', roles: { admin: 'all', finance: 'all' } },
  'members.contacts.manage': {
    label: 'Gérer les contacts d’une collectivité',
    roles: { admin: 'all', finance: 'all', technician: 'all', manager: 'own' },
  },
  'publications.manage': { label: 'Publier des pages et des articles', roles: { admin: 'all', editor: 'all' } },
  'documents.members.read': {
    label: 'Lire les documents réservés aux membres',
    roles: { admin: 'all', technician: 'all', dpo: 'all', editor: 'all', finance: 'all', manager: 'own', agent: 'own' },
  },
  'tickets.read': { label: 'Consulter les demandes d’assistance', roles: { admin: 'all', technician: 'all', manager: 'own', agent: 'own' } },
  'tickets.create': {
    label: 'Créer une demande d’assistance',
    roles: { admin: 'all', technician: 'all', dpo: 'all', editor: 'all', finance: 'all', manager: 'own', agent: 'own' },
  },
  'tickets.manage': { label: 'Traiter les demandes et saisir les interventions', roles: { admin: 'all', technician: 'all' } },
  'inventory.read': {
    label: 'Consulter l’inventaire informatique',
    roles: { admin: 'all', technician: 'all', dpo: 'all', editor: 'all', finance: 'all', manager: 'own', agent: 'own' },
  },
  'inventory.manage': { label: 'Modifier l’inventaire informatique', roles: { admin: 'all', technician: 'all' } },
  'memberships.read': {
    label: 'Consulter les conventions informatiques, tarifs et contributions',
    roles: { admin: 'all', finance: 'all', manager: 'own' },
  },
  'memberships.manage': { label: 'Gérer les conventions, avenants et contributions', roles: { admin: 'all', finance: 'all' } },
  'memberships.request': { label: 'Demander un changement d’options de la convention', roles: { manager: 'own' } },
  'tariffs.manage': { label: 'Préparer et adopter les grilles tarifaires', roles: { admin: 'all', finance: 'all' } },
  'syntec.manage': { label: 'Saisir et importer l’indice Syntec', roles: { admin: 'all', finance: 'all' } },
  'reports.read': {
    label: 'Consulter les rapports d’activité du service informatique',
    roles: { admin: 'all', technician: 'all', dpo: 'all', editor: 'all', finance: 'all', manager: 'own' },
  },
  'reports.publish': { label: 'Publier les chiffres clés', roles: { admin: 'all', editor: 'all' } },
} as const satisfies Record<string, { label: string; roles: Partial<Record<Role, Scope>> }>;
export type Permission = keyof typeof PERMISSIONS;

/** The widest scope the actor has for a permission, or null. */
export function scopeOf(actor: Actor | null, permission: Permission): Scope | null {
  if (!actor) return null;
  if (actor.tokenScopes && !actor.tokenScopes.includes(permission) && !actor.tokenScopes.includes('*')) return null;
  const roles: Partial<Record<Role, Scope>> = PERMISSIONS[permission].roles;
  let best: Scope | null = null;
  for (const role of actor.roles) {
    const scope = roles[role];
    if (scope === 'all') return 'all';
    if (scope === 'own') best = 'own';
  }
  return best;
}

export function can(actor: Actor | null, permission: Permission, organisationId?: string): boolean {
  const scope = scopeOf(actor, permission);
  if (scope === 'all') return true;
  if (scope === 'own') return organisationId === undefined || organisationId === actor!.organisationId;
  return false;
}

/** Throws Unauthenticated / Forbidden; returns the scope so that queries can be narrowed by it. */
export function authorize(actor: Actor | null, permission: Permission, organisationId?: string): Scope {
  if (!actor) throw new Unauthenticated();
  if (!can(actor, permission, organisationId)) throw new Forbidden();
  return scopeOf(actor, permission)!;
}
