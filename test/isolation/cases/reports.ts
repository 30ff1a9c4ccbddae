import { insertIntervention, insertTicket } from '../../helpers/reports-factories.ts';
import { UUID_ROUTE } from '../../../src/platform/http/api.ts';
import { defineIsolation, type IsolationEnv, type IsolationSetup } from '../harness.ts';

const year = 2021;
const period = `du=${year}-01-01&au=${year}-12-31`;
const apiPeriod = `from=${year}-01-01&to=${year}-12-31`;
const publicFigures = 'Chiffres clés publics : des totaux annuels figés à la publication (nombre de collectivités aidées, jamais leurs noms ni les chiffres d’une collectivité).';

/** B with one intervention in `year`, so that its name shows in the staff's activity report and in its own. */
async function memberWithActivity({ t, b }: IsolationEnv): Promise<string> {
  const ticketId = await insertTicket(t.ctx, { organisationId: b.org.id, createdAt: `${year}-03-01T08:00Z` });
  await insertIntervention(t.ctx, { organisationId: b.org.id, ticketId, channel: 'phone', startedAt: `${year}-03-02T09:00Z`, durationMinutes: 30 });
  return b.org.name;
}

export default defineIsolation({
  module: 'reports',
  cases: [
    {
      name: 'le rapport de B (page, CSV, XLSX, PDF et API) et la liste des rapports',
      attackers: [['manager'], ['agent']],
      routes: [`GET /rapports/membres/:id${UUID_ROUTE}`, 'GET /api/v1/reports/members/:id', 'GET /rapports'],
      async setup(env): IsolationSetup {
        const name = await memberWithActivity(env);
        const page = `/rapports/membres/${env.b.org.id}?${period}`;
        return {
          secrets: [name],
          targets: [
            { route: `GET /rapports/membres/:id${UUID_ROUTE}`, path: page },
            ...['csv', 'xlsx', 'pdf'].map((format) => ({ route: `GET /rapports/membres/:id${UUID_ROUTE}`, path: `${page}&format=${format}` })),
            { route: 'GET /api/v1/reports/members/:id', path: `/api/v1/reports/members/${env.b.org.id}?${apiPeriod}` },
            // A member's chooser offers its own report only; B's offers B's.
            { route: 'GET /rapports', path: '/rapports', expect: 'filtered' },
          ],
        };
      },
    },
    {
      name: 'le rapport d’activité du service (qui nomme B) et la publication des chiffres clés, réservés au syndicat',
      attackers: [['manager'], ['agent']],
      routes: ['GET /rapports/activite', 'GET /api/v1/reports/activity', 'POST /rapports/chiffres-cles', 'POST /api/v1/key-figures'],
      async setup(env): IsolationSetup {
        const name = await memberWithActivity(env);
        return {
          secrets: [name],
          targets: [
            { route: 'GET /rapports/activite', path: `/rapports/activite?${period}`, control: 'staff' },
            { route: 'GET /rapports/activite', path: `/rapports/activite?${period}&format=csv`, control: 'staff' },
            { route: 'GET /api/v1/reports/activity', path: `/api/v1/reports/activity?${apiPeriod}`, control: 'staff' },
            { route: 'POST /rapports/chiffres-cles', path: '/rapports/chiffres-cles', form: { year: String(year) }, control: 'staff' },
            { route: 'POST /api/v1/key-figures', path: '/api/v1/key-figures', json: { year }, control: 'staff' },
          ],
        };
      },
    },
  ],
  exemptions: [
    { route: 'GET /chiffres-cles', reason: publicFigures },
    { route: 'GET /api/v1/key-figures', reason: publicFigures },
    {
      route: 'GET /rapports/membres',
      reason: 'Le formulaire de choix ne fait que rediriger vers /rapports/membres/:id, qui vérifie la collectivité (cas ci-dessus) ; aucune donnée dans la réponse.',
    },
  ],
});
