import { can, type Permission } from '../../platform/auth/permissions.ts';
import { Unauthenticated, Forbidden } from '../../platform/errors.ts';
import type { Module } from '../../platform/module.ts';
import { render } from '../../platform/ui/render.tsx';
import { mountAuditPages } from './audit-pages.tsx';
import { mountJobPages } from './job-pages.tsx';
import { mountOutboxPages } from './outbox-pages.tsx';
import { adminHead } from './view.tsx';
import { auditExportJob } from './audit-export.ts';
import { purgeJob } from './jobs.ts';

const SECTIONS: { href: string; label: string; text: string; permission: Permission }[] = [
  { href: '/admin/journal', label: "Journal d'audit", text: 'Qui a modifié quoi, quand, avec les valeurs avant et après.', permission: 'admin.audit.read' },
  { href: '/admin/boite-d-envoi', label: "Boîte d'envoi", text: 'Les courriels envoyés ou conservés par le service.', permission: 'admin.outbox.read' },
  { href: '/admin/taches', label: 'Tâches de fond', text: 'Envois, exports et traitements planifiés, avec leurs erreurs.', permission: 'admin.jobs.read' },
];

/** Platform administration: the audit journal, the mail outbox and the background jobs. */
export const adminModule: Module = {
  name: 'admin',
  nav: [{ href: '/admin', label: 'Administration', permission: 'admin.audit.read' }],
  jobs: [auditExportJob, purgeJob],
  mount(app) {
    app.get('/admin', (c) => {
      const actor = c.get('actor');
      if (!actor) throw new Unauthenticated();
      const sections = SECTIONS.filter((s) => can(actor, s.permission));
      if (sections.length === 0) throw new Forbidden();
      return render(
        c,
        { title: 'Administration', breadcrumbs: [{ href: '/', label: 'Accueil' }, { label: 'Administration' }], head: adminHead },
        <>
          <h1>Administration</h1>
          <ul class="admin-cards">
            {sections.map((s) => (
              <li>
                <h2>
                  <a href={s.href}>{s.label}</a>
                </h2>
                <p>{s.text}</p>
              </li>
            ))}
          </ul>
        </>,
      );
    });
    mountAuditPages(app);
    mountOutboxPages(app);
    mountJobPages(app);
  },
};
