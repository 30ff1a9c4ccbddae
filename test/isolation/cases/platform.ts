import { defineIsolation } from '../harness.ts';

/** Routes of the platform itself (no module): none serves a collectivity's data. */
export default defineIsolation({
  module: 'platform',
  cases: [],
  exemptions: [
    { route: 'GET /healthz', reason: 'sonde de vie : renvoie seulement {status}' },
    { route: 'GET /readyz', reason: 'sonde de disponibilité : état de la base, aucune donnée métier' },
    { route: 'GET /metrics', reason: 'métriques techniques agrégées, servies seulement avec le jeton METRICS_TOKEN (404 sinon), sans donnée de collectivité' },
    { route: 'GET /static/*', reason: 'fichiers statiques publics (CSS, JS, icônes)' },
    { route: 'GET /api/openapi.json', reason: 'description publique de l’API, sans donnée' },
  ],
});
