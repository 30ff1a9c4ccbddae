import type { OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../../platform/http/types.ts';
import { render } from '../../platform/ui/render.tsx';
import { countActiveMembers } from '../members/index.ts';

export const SERVICES = [
  { slug: 'distribution-electricite-gaz', title: 'Distribution d’électricité et de gaz', summary: 'Autorité organisatrice : contrôle des concessions, qualité de la fourniture.' },
  { slug: 'transition-energetique', title: 'Transition énergétique', summary: 'Certificats d’économies d’énergie, conseil, audits et achats groupés.' },
  { slug: 'eclairage-public', title: 'Éclairage public et SIG', summary: 'Patrimoine géolocalisé, pannes, maintenance et économies d’énergie.' },
  { slug: 'service-informatique', title: 'Service informatique mutualisé', summary: 'Assistance et maintenance des logiciels métiers des collectivités.' },
  { slug: 'enfouissement-reseaux', title: 'Enfouissement des réseaux', summary: 'Dissimulation des réseaux électriques, télécoms et d’éclairage.' },
  { slug: 'dpo-mutualise', title: 'Délégué à la protection des données', summary: 'Un DPO partagé pour la conformité RGPD des membres.' },
  { slug: 'mobilite-electrique', title: 'Mobilité électrique', summary: 'Bornes de recharge publiques déployées et exploitées par le syndicat.' },
] as const;

export function mountPublicPages(app: OpenAPIHono<AppEnv>) {
  app.get('/', async (c) => {
    const members = await countActiveMembers(c.get('ctx'));
    const siteName = c.get('ui').siteName;
    return render(
      c,
      { title: 'Accueil', description: `${siteName} : services mutualisés pour ${members} collectivités membres.` },
      <>
        <h1>{siteName}</h1>
        <p>
          Le syndicat met en commun des services publics pour ses <strong>{members}</strong> collectivités membres.
        </p>
        <h2>Nos services</h2>
        <ul class="cards">
          {SERVICES.map((s) => (
            <li class="card">
              <h3>{s.title}</h3>
              <p>{s.summary}</p>
            </li>
          ))}
        </ul>
      </>,
    );
  });
}
