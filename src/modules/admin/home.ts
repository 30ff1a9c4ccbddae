import { can, type Permission } from '../../platform/auth/permissions.ts';
import type { Ctx } from '../../platform/context.ts';
import { Forbidden, Unauthenticated } from '../../platform/errors.ts';

export interface AdminSection {
  href: string;
  label: string;
  text: string;
  permission: Permission;
}

const SECTIONS: AdminSection[] = [
  { href: '/admin/journal', label: "Journal d'audit", text: 'Qui a modifié quoi, quand, avec les valeurs avant et après.', permission: 'admin.audit.read' },
  { href: '/admin/boite-d-envoi', label: "Boîte d'envoi", text: 'Les courriels envoyés ou conservés par le service.', permission: 'admin.outbox.read' },
  { href: '/admin/taches', label: 'Tâches de fond', text: 'Envois, exports et traitements planifiés, avec leurs erreurs.', permission: 'admin.jobs.read' },
];

/** The sections of the administration the actor may open; none is a refusal. */
export function adminSections(ctx: Pick<Ctx, 'actor'>): AdminSection[] {
  if (!ctx.actor) throw new Unauthenticated();
  const actor = ctx.actor;
  const sections = SECTIONS.filter((s) => can(actor, s.permission));
  if (sections.length === 0) throw new Forbidden();
  return sections;
}
