import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { organisations } from '../../../src/modules/members/schema.ts';
import { UUID_ROUTE } from '../../../src/platform/http/api.ts';
import { createOrganisation } from '../../helpers/factories.ts';
import { createBudget, createCompetence, createContact, createDeliberation } from '../../helpers/members-factories.ts';
import { defineIsolation, type IsolationSetup } from '../harness.ts';

const ID = `:id${UUID_ROUTE}`;
const M = `/membres/${ID}`;
const api = '/api/v1/members';
const memberBody = { kind: 'commune', name: 'Commune créée', inseeCode: '39002', status: 'active' };

export default defineIsolation({
  module: 'members',
  exemptions: [],
  cases: [
    {
      name: 'la fiche de B, ses contacts, budgets, compétences et délibérations, en pages et par l’API',
      attackers: [['manager'], ['agent']],
      routes: [
        'GET /membres',
        `GET ${M}`,
        `GET ${M}/:tab{[a-z-]+}`,
        `GET ${M}/modifier`,
        `POST ${M}/modifier`,
        `GET ${M}/contacts/nouveau`,
        `POST ${M}/contacts/nouveau`,
        `GET ${M}/contacts/:cid${UUID_ROUTE}/modifier`,
        `POST ${M}/contacts/:cid${UUID_ROUTE}/modifier`,
        `GET ${M}/contacts/:cid${UUID_ROUTE}/fin`,
        `POST ${M}/contacts/:cid${UUID_ROUTE}/fin`,
        `GET ${M}/budgets/nouveau`,
        `POST ${M}/budgets/nouveau`,
        `GET ${M}/competences/nouvelle`,
        `POST ${M}/competences/nouvelle`,
        `GET ${M}/deliberations/nouvelle`,
        `POST ${M}/deliberations/nouvelle`,
        `GET ${M}/deliberations/:did${UUID_ROUTE}/pdf`,
        `GET ${api}`,
        `GET ${api}/search`,
        `GET ${api}/by-phone`,
        `GET ${api}/:id`,
        `PUT ${api}/:id`,
        `GET ${api}/:id/contacts`,
        `GET ${api}/:id/contacts/:contactId`,
        `POST ${api}/:id/contacts`,
        `PUT ${api}/:id/contacts/:contactId`,
        `POST ${api}/:id/contacts/:contactId/end`,
        `GET ${api}/:id/budgets`,
        `GET ${api}/:id/budgets/:budgetId`,
        `PUT ${api}/:id/budgets/:budgetId`,
        `POST ${api}/:id/budgets`,
        `GET ${api}/:id/competences`,
        `GET ${api}/:id/competences/:competenceId`,
        `PUT ${api}/:id/competences/:competenceId`,
        `POST ${api}/:id/competences`,
        `GET ${api}/:id/deliberations`,
        `GET ${api}/:id/deliberations/:deliberationId`,
        `GET ${api}/:id/deliberations/:deliberationId/pdf`,
        `POST ${api}/:id/deliberations`,
      ],
      async setup({ t, b }): IsolationSetup {
        const tag = randomUUID().slice(0, 6);
        const contactName = `Bérangère Secrète ${tag}`;
        const phone = `03 84 ${String(Math.floor(Math.random() * 90) + 10)} 77 66`;
        const contact = await createContact(t.ctx, b.org.id, { name: contactName, phone, phoneDigits: phone.replace(/\s/g, '') });
        const other = await createContact(t.ctx, b.org.id, { name: `Contact à clore ${tag}` });
        const budget = await createBudget(t.ctx, b.org.id, { name: `Budget caché ${tag}`, chorusStructureId: '99887766' });
        const delib = await createDeliberation(t.ctx, b.org.id, { subject: `Délibération privée ${tag}` });
        const competence = await createCompetence(t.ctx, b.org.id, { deliberationId: delib.id });
        const id = b.org.id;
        const contactForm = { name: 'Intrus', function: 'maire' };
        // Lists are searched by B's postcode: the query echoed in the search box is then no secret, while
        // B's name, which only B's own list may show, is.
        const postcode = String(10000 + Math.floor(Math.random() * 80000));
        await t.ctx.db.update(organisations).set({ postcodes: [postcode] }).where(eq(organisations.id, b.org.id));
        const q = postcode;
        return {
          secrets: [b.org.name, contactName, `Budget caché ${tag}`, `Délibération privée ${tag}`],
          targets: [
            { route: 'GET /membres', path: `/membres?q=${q}`, expect: 'filtered' },
            { route: `GET ${M}`, path: `/membres/${id}` },
            { route: `GET ${M}/:tab{[a-z-]+}`, path: `/membres/${id}/contacts` },
            { route: `GET ${M}/:tab{[a-z-]+}`, path: `/membres/${id}/budgets` },
            { route: `GET ${M}/:tab{[a-z-]+}`, path: `/membres/${id}/deliberations` },
            { route: `GET ${M}/modifier`, path: `/membres/${id}/modifier`, control: 'staff' },
            { route: `POST ${M}/modifier`, path: `/membres/${id}/modifier`, form: { ...memberBody, inseeCode: '', kind: 'other', name: b.org.name, postcodes: postcode }, control: 'staff' },
            { route: `GET ${M}/contacts/nouveau`, path: `/membres/${id}/contacts/nouveau` },
            { route: `POST ${M}/contacts/nouveau`, path: `/membres/${id}/contacts/nouveau`, form: contactForm },
            { route: `GET ${M}/contacts/:cid${UUID_ROUTE}/modifier`, path: `/membres/${id}/contacts/${contact.id}/modifier` },
            { route: `POST ${M}/contacts/:cid${UUID_ROUTE}/modifier`, path: `/membres/${id}/contacts/${contact.id}/modifier`, form: { name: contactName, function: 'maire', phone } },
            { route: `GET ${M}/contacts/:cid${UUID_ROUTE}/fin`, path: `/membres/${id}/contacts/${other.id}/fin` },
            { route: `POST ${M}/contacts/:cid${UUID_ROUTE}/fin`, path: `/membres/${id}/contacts/${other.id}/fin`, form: { endedOn: '2026-03-01' } },
            { route: `GET ${M}/budgets/nouveau`, path: `/membres/${id}/budgets/nouveau`, control: 'staff' },
            { route: `POST ${M}/budgets/nouveau`, path: `/membres/${id}/budgets/nouveau`, form: { name: 'Intrus', kind: 'annexe' }, control: 'staff' },
            { route: `GET ${M}/competences/nouvelle`, path: `/membres/${id}/competences/nouvelle`, control: 'staff' },
            { route: `POST ${M}/competences/nouvelle`, path: `/membres/${id}/competences/nouvelle`, form: { competence: 'irve', startedOn: '2024-01-01' }, control: 'staff' },
            { route: `GET ${M}/deliberations/nouvelle`, path: `/membres/${id}/deliberations/nouvelle`, control: 'staff' },
            { route: `POST ${M}/deliberations/nouvelle`, path: `/membres/${id}/deliberations/nouvelle`, form: { adoptedOn: '2024-01-01', number: 'X-1', subject: 'Intrus', decision: 'autre' }, control: 'staff' },
            // The demo has no PDF stored here (the test app has no writable file store); the download of a
            // stored PDF is tested in the module's page tests. Refusal comes first anyway (getDeliberation).
            { route: `GET ${M}/deliberations/:did${UUID_ROUTE}/pdf`, path: `/membres/${id}/deliberations/${delib.id}/pdf`, control: 'none' },
            { route: `GET ${api}`, path: `${api}?q=${q}`, expect: 'filtered' },
            { route: `GET ${api}/search`, path: `${api}/search?q=${q}`, expect: 'filtered' },
            { route: `GET ${api}/by-phone`, path: `${api}/by-phone?phone=${encodeURIComponent(phone)}`, expect: 'filtered' },
            { route: `GET ${api}/:id`, path: `${api}/${id}` },
            { route: `PUT ${api}/:id`, path: `${api}/${id}`, json: { ...memberBody, inseeCode: undefined, kind: 'other', name: b.org.name, postcodes: [postcode] }, control: 'staff' },
            { route: `GET ${api}/:id/contacts`, path: `${api}/${id}/contacts` },
            { route: `GET ${api}/:id/contacts/:contactId`, path: `${api}/${id}/contacts/${contact.id}` },
            { route: `POST ${api}/:id/contacts`, path: `${api}/${id}/contacts`, json: contactForm },
            { route: `PUT ${api}/:id/contacts/:contactId`, path: `${api}/${id}/contacts/${contact.id}`, json: { name: contactName, function: 'maire', phone } },
            { route: `POST ${api}/:id/contacts/:contactId/end`, path: `${api}/${id}/contacts/${contact.id}/end`, json: { endedOn: '2026-03-02' } },
            { route: `GET ${api}/:id/budgets`, path: `${api}/${id}/budgets` },
            { route: `GET ${api}/:id/budgets/:budgetId`, path: `${api}/${id}/budgets/${budget.id}` },
            { route: `PUT ${api}/:id/budgets/:budgetId`, path: `${api}/${id}/budgets/${budget.id}`, json: { name: `Budget caché ${tag}`, kind: 'principal', chorusStructureId: '99887766' }, control: 'staff' },
            { route: `POST ${api}/:id/budgets`, path: `${api}/${id}/budgets`, json: { name: 'Intrus', kind: 'annexe' }, control: 'staff' },
            { route: `GET ${api}/:id/competences`, path: `${api}/${id}/competences` },
            { route: `GET ${api}/:id/competences/:competenceId`, path: `${api}/${id}/competences/${competence.id}` },
            { route: `PUT ${api}/:id/competences/:competenceId`, path: `${api}/${id}/competences/${competence.id}`, json: { competence: 'informatique', startedOn: '2020-01-01', deliberationId: delib.id }, control: 'staff' },
            { route: `POST ${api}/:id/competences`, path: `${api}/${id}/competences`, json: { competence: 'gaz', startedOn: '2024-01-01' }, control: 'staff' },
            { route: `GET ${api}/:id/deliberations`, path: `${api}/${id}/deliberations` },
            { route: `GET ${api}/:id/deliberations/:deliberationId`, path: `${api}/${id}/deliberations/${delib.id}` },
            // As for the page above: no PDF is stored here; the refusal comes first (getDeliberation).
            { route: `GET ${api}/:id/deliberations/:deliberationId/pdf`, path: `${api}/${id}/deliberations/${delib.id}/pdf`, control: 'none' },
            { route: `POST ${api}/:id/deliberations`, path: `${api}/${id}/deliberations`, json: { adoptedOn: '2024-01-01', number: 'X-2', subject: 'Intrus', decision: 'autre' }, control: 'staff' },
          ],
        };
      },
    },
    {
      name: 'la création de collectivités et la mise à jour depuis les données officielles (personnel seulement)',
      routes: [
        'GET /membres/nouvelle',
        'POST /membres/nouvelle',
        'GET /membres/donnees-officielles',
        'POST /membres/donnees-officielles',
        'POST /membres/donnees-officielles/import',
        `POST ${api}`,
        `GET ${api}/official-differences`,
        `POST ${api}/official-differences/apply`,
        `POST ${api}/import-communes`,
      ],
      async setup({ t }): IsolationSetup {
        // A commune whose name differs from the official data: the differences the staff's control lists.
        await createOrganisation(t.ctx, { inseeCode: '75056', name: 'Paris (nom à mettre à jour)', departement: '75' });
        return {
          targets: [
            { route: 'GET /membres/nouvelle', path: '/membres/nouvelle', control: 'staff' },
            { route: 'POST /membres/nouvelle', path: '/membres/nouvelle', form: memberBody, control: 'staff' },
            { route: 'GET /membres/donnees-officielles', path: '/membres/donnees-officielles?departement=75', control: 'staff' },
            { route: 'POST /membres/donnees-officielles', path: '/membres/donnees-officielles', form: { departement: '75' }, control: 'staff' },
            { route: 'POST /membres/donnees-officielles/import', path: '/membres/donnees-officielles/import', form: { departement: '75' }, control: 'staff' },
            { route: `POST ${api}`, path: api, json: { ...memberBody, inseeCode: '39003' }, control: 'staff' },
            { route: `GET ${api}/official-differences`, path: `${api}/official-differences?departement=75`, control: 'staff' },
            { route: `POST ${api}/official-differences/apply`, path: `${api}/official-differences/apply`, json: { departement: '75', accepted: [] }, control: 'staff' },
            { route: `POST ${api}/import-communes`, path: `${api}/import-communes`, json: { departement: '75' }, control: 'staff' },
          ],
        };
      },
    },
  ],
});
