import { randomUUID } from 'node:crypto';
import { createAmendment } from '../../../src/modules/memberships/amendments.ts';
import { runContributions } from '../../../src/modules/memberships/contributions.ts';
import { UUID_ROUTE } from '../../../src/platform/http/api.ts';
import { optionRequests } from '../../../src/modules/memberships/schema.ts';
import { signedInStaff } from '../../helpers/factories.ts';
import { activeConvention, adoptedGrid, draftGrid } from '../../helpers/memberships-factories.ts';
import { defineIsolation, type IsolationSetup } from '../harness.ts';

const U = UUID_ROUTE;
const C = `/adhesions/:id${U}`;
const api = '/api/v1';
const staffOnly = 'Réservée au personnel du syndicat (finances, administration) : un membre reçoit 403 et aucune donnée.';
const common = 'Données communes à tous les membres (indice Syntec, grilles tarifaires), sans donnée propre à une collectivité.';

export default defineIsolation({
  module: 'memberships',
  cases: [
    {
      name: 'la convention de B, ses prix, avenants, demandes et contributions, en pages et par l’API',
      routes: [
        `GET ${C}`,
        `GET ${C}/convention.pdf`,
        `GET ${C}/resilier`,
        `GET ${C}/abandonner`,
        `POST ${C}/action`,
        `POST ${C}/avenant`,
        `POST /adhesions/demandes/:id${U}`,
        `GET /contributions/:id${U}`,
        `GET /contributions/:id${U}/avis/:org${U}`,
        `GET ${api}/conventions`,
        `GET ${api}/conventions/:id`,
        `GET ${api}/conventions/:id/prices`,
        `GET ${api}/conventions/:id/document`,
        `GET ${api}/amendments/:id`,
        `GET ${api}/option-requests/:id`,
        `GET ${api}/contribution-runs/:id/lines`,
        `GET ${api}/contribution-runs/:id/notices/:organisationId`,
        `POST ${api}/conventions/:id/transitions`,
        `POST ${api}/conventions/:id/amendments`,
        `POST ${api}/conventions/:id/option-requests`,
        `POST ${api}/option-requests/:id/decision`,
        `GET ${api}/contribution-runs`,
        `GET ${api}/contribution-runs/:id`,
      ],
      async setup({ t, b }): IsolationSetup {
        const tag = randomUUID().slice(0, 8);
        // A distinct year per run, always the first year of a membership generation (generations start on
        // 1 July 2018 + 6k): the two tacit renewals tried below must both be allowed.
        const year = 2103 + 6 * Math.floor(Math.random() * 130);
        await adoptedGrid(t.ctx, year);
        const number = `CI-SECRET-${tag}`;
        const c = await activeConvention(t.ctx, b.org.id, { startsOn: `${year}-01-01`, number });
        const staff = await signedInStaff(t.ctx, ['finance']);
        const label = `Campagne secrète ${tag}`;
        const run = await runContributions({ ...t.ctx, actor: staff.actor }, { periodStart: `${year}-01-01`, periodEnd: `${year}-12-31`, label });
        const [req] = await t.ctx.db
          .insert(optionRequests)
          .values({ conventionId: c.id, organisationId: b.org.id, requestedBy: b.user.id, changes: [{ optionCode: 'paie', action: 'add' }], wishedOn: `${year}-06-01`, createdAt: new Date() })
          .returning();
        const amendment = await createAmendment({ ...t.ctx, actor: staff.actor }, c.id, { effectiveOn: `${year}-02-01`, changes: [{ optionCode: 'maintenance', action: 'change', workstations: 4 }], note: `Avenant secret ${tag}` });
        const id = c.id;
        return {
          secrets: [number, label, b.org.name, `Avenant secret ${tag}`],
          targets: [
            { route: `GET ${C}`, path: `/adhesions/${id}` },
            { route: `GET ${C}/convention.pdf`, path: `/adhesions/${id}/convention.pdf` },
            { route: `GET ${C}/resilier`, path: `/adhesions/${id}/resilier` },
            { route: `GET ${C}/abandonner`, path: `/adhesions/${id}/abandonner` },
            { route: `POST ${C}/action`, path: `/adhesions/${id}/action`, form: { event: 'renew_tacitly' }, control: 'staff' },
            { route: `POST ${C}/avenant`, path: `/adhesions/${id}/avenant`, form: { effectiveOn: `${year}-03-01`, action: 'change', optionCode: 'maintenance', workstations: '5' }, control: 'staff' },
            { route: `POST /adhesions/demandes/:id${U}`, path: `/adhesions/demandes/${req!.id}`, form: { decision: 'refuse', note: 'Non' }, control: 'staff' },
            { route: `GET /contributions/:id${U}`, path: `/contributions/${run.id}` },
            { route: `GET /contributions/:id${U}/avis/:org${U}`, path: `/contributions/${run.id}/avis/${b.org.id}` },
            { route: `GET ${api}/conventions`, path: `${api}/conventions`, expect: 'filtered' },
            { route: `GET ${api}/conventions/:id`, path: `${api}/conventions/${id}` },
            { route: `GET ${api}/conventions/:id/prices`, path: `${api}/conventions/${id}/prices?on=${year}-02-01` },
            { route: `GET ${api}/conventions/:id/document`, path: `${api}/conventions/${id}/document?on=${year}-02-01` },
            { route: `GET ${api}/amendments/:id`, path: `${api}/amendments/${amendment.id}` },
            { route: `GET ${api}/option-requests/:id`, path: `${api}/option-requests/${req!.id}` },
            { route: `GET ${api}/contribution-runs/:id/lines`, path: `${api}/contribution-runs/${run.id}/lines` },
            { route: `GET ${api}/contribution-runs/:id/notices/:organisationId`, path: `${api}/contribution-runs/${run.id}/notices/${b.org.id}` },
            { route: `POST ${api}/conventions/:id/transitions`, path: `${api}/conventions/${id}/transitions`, json: { event: 'renew_tacitly' }, control: 'staff' },
            { route: `POST ${api}/conventions/:id/amendments`, path: `${api}/conventions/${id}/amendments`, json: { effectiveOn: `${year}-04-01`, changes: [{ optionCode: 'paie', action: 'add' }] }, control: 'staff' },
            { route: `POST ${api}/conventions/:id/option-requests`, path: `${api}/conventions/${id}/option-requests`, json: { wishedOn: `${year}-09-01`, changes: [{ optionCode: 'dpo', action: 'add' }] } },
            { route: `POST ${api}/option-requests/:id/decision`, path: `${api}/option-requests/${req!.id}/decision`, json: { accept: false, note: 'Non' }, control: 'none' },
            { route: `GET ${api}/contribution-runs`, path: `${api}/contribution-runs`, expect: 'filtered' },
            { route: `GET ${api}/contribution-runs/:id`, path: `${api}/contribution-runs/${run.id}` },
          ],
        };
      },
    },
    {
      name: 'les grilles tarifaires : éditeur de règles et PDF de la décision réservés au personnel',
      routes: [`GET /tarifs/:id${U}/options`, `POST /tarifs/:id${U}/options`, `GET /tarifs/:id${U}/options/retrait`, `POST /tarifs/:id${U}/options/retrait`, `POST /tarifs/:id${U}/decision`],
      async setup({ t }): IsolationSetup {
        const grid = await draftGrid(t.ctx, 2400 + Math.floor(Math.random() * 5000));
        const label = `Option secrète ${randomUUID().slice(0, 8)}`;
        const preview = { existing: '0', code: 'secrete', label, kind: 'flat', 'p0.amount': '12', action: 'preview' };
        return {
          secrets: [label],
          targets: [
            { route: `GET /tarifs/:id${U}/options`, path: `/tarifs/${grid.id}/options?code=maintenance`, control: 'staff' },
            { route: `POST /tarifs/:id${U}/options`, path: `/tarifs/${grid.id}/options`, form: preview, control: 'staff' },
            { route: `GET /tarifs/:id${U}/options/retrait`, path: `/tarifs/${grid.id}/options/retrait?code=maintenance`, control: 'staff' },
            { route: `POST /tarifs/:id${U}/options/retrait`, path: `/tarifs/${grid.id}/options/retrait?code=maintenance`, form: { confirme: '1' }, control: 'staff' },
            // A form cannot carry the file: the refusal is what is checked here (upload tests: tariff-pages.test.ts).
            { route: `POST /tarifs/:id${U}/decision`, path: `/tarifs/${grid.id}/decision`, form: { replace: '1' }, control: 'none' },
          ],
        };
      },
    },
  ],
  exemptions: [
    { route: 'GET /ma-collectivite/adhesion', reason: 'Portail : la convention de la collectivité de l’utilisateur connecté, choisie par son organisation, jamais par un paramètre.' },
    { route: 'POST /ma-collectivite/adhesion', reason: 'Portail : la demande porte sur la convention de la collectivité de l’utilisateur connecté uniquement.' },
    { route: 'GET /adhesions', reason: staffOnly },
    { route: 'GET /adhesions/nouvelle', reason: staffOnly },
    { route: 'POST /adhesions/nouvelle', reason: staffOnly },
    { route: 'GET /adhesions/rappels', reason: staffOnly },
    { route: 'GET /contributions', reason: 'Liste des campagnes : un membre ne voit que celles où il a des lignes, avec son seul total.' },
    { route: 'POST /contributions', reason: staffOnly },
    { route: `POST ${api}/conventions`, reason: staffOnly },
    { route: `POST ${api}/contribution-runs`, reason: staffOnly },
    { route: `GET ${api}/convention-reminders`, reason: staffOnly },
    { route: `DELETE ${api}/tariffs/grids/:id/options/:code`, reason: staffOnly },
    { route: 'GET /tarifs', reason: common },
    { route: 'POST /tarifs', reason: staffOnly },
    { route: `GET /tarifs/:id${U}`, reason: common },
    { route: `POST /tarifs/:id${U}`, reason: staffOnly },
    { route: `GET /tarifs/:id${U}/decision.pdf`, reason: `${common} Le PDF est celui de la décision du président fixant les tarifs, lu depuis la grille, jamais par un identifiant de fichier.` },
    { route: `GET /tarifs/:id${U}/adopter`, reason: staffOnly },
    { route: `POST /tarifs/:id${U}/adopter`, reason: staffOnly },
    { route: `POST /tarifs/:id${U}/proposer`, reason: staffOnly },
    { route: 'GET /syntec', reason: common },
    { route: 'POST /syntec', reason: staffOnly },
    { route: 'POST /syntec/import', reason: staffOnly },
    { route: `GET ${api}/syntec/revision`, reason: common },
    { route: `GET ${api}/syntec/indices`, reason: common },
    { route: `POST ${api}/syntec/indices`, reason: staffOnly },
    { route: `POST ${api}/syntec/indices/import`, reason: staffOnly },
    { route: `GET ${api}/tariffs/grids`, reason: common },
    { route: `GET ${api}/tariffs/grids/:id`, reason: common },
    { route: `POST ${api}/tariffs/grids`, reason: staffOnly },
    { route: `PATCH ${api}/tariffs/grids/:id`, reason: staffOnly },
    { route: `PUT ${api}/tariffs/grids/:id/options`, reason: staffOnly },
    { route: `POST ${api}/tariffs/grids/:id/propose-next`, reason: staffOnly },
    { route: `POST ${api}/tariffs/grids/:id/adopt`, reason: staffOnly },
  ],
});
