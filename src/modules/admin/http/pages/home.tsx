import type { OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../../../../platform/http/types.ts';
import { render } from '../../../../platform/ui/render.tsx';
import { adminSections } from '../../home.ts';
import { adminHead } from './components.tsx';

/** The administration's home: a card per section the actor may open. */
export function mountHomePage(app: OpenAPIHono<AppEnv>) {
  app.get('/admin', (c) => {
    const sections = adminSections(c.get('ctx'));
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
}
