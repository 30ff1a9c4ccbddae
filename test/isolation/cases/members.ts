import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { organisations } from '../../../src/modules/members/schema.ts';
import { UUID } from '../../../src/modules/members/page-helpers.tsx';
import { createBudget, createContact, createDeliberation } from '../../helpers/members-factories.ts';
import { defineIsolation, type IsolationSetup } from '../harness.ts';

const ID = `:id{${UUID}}`;
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
        `GET ${M}/contacts/:cid{${UUID}}/modifier`,
        `POST ${M}/contacts/:cid{${UUID}}/modifier`,
        `GET ${M}/contacts/:cid{${UUID}}/fin`,
        `POST ${M}/contacts/:cid{${UUID}}/fin`,
        `GET ${M}/budgets/nouveau`,
        `POST ${M}/budgets/nouveau`,
        `GET ${M}/competences/nouvelle`,
        `POST ${M}/competences/nouvelle`,
        `GET ${M}/deliberations/nouvelle`,
        `POST ${M}/deliberations/nouvelle`,
        `GET ${M}/deliberations/:did{${UUID}}/pdf`,
        `GET ${api}`,
        `GET ${api}/search`,
        `GET ${api}/by-phone`,
        `GET ${api}/:id`,
        `PUT ${api}/:id`,
        `GET ${api}/:id/contacts`,
        `POST ${api}/:id/contacts`,
        `PUT ${api}/:id/contacts/:contactId`,
        `POST ${api}/:id/contacts/:contactId/end`,
        `GET ${api}/:id/budgets`,
        `POST ${api}/:id/budgets`,
        `GET ${api}/:id/competences`,
        `POST ${api}/:id/competences`,
        `GET ${api}/:id/deliberations`,
        `POST ${api}/:id/deliberations`,
      ],
      async setup({ t, b }): IsolationSetup {
        const tag = randomUUID().slice(0, 6);
        const contactName = `Bérangère Secrète ${tag}`;
        const phone = `03 84 ${String(Math.floor(Math.random() * 90) + 10)} 77 66`;
        const contact = await createContact(t.ctx, b.org.id, { name: contactName, phone, phoneDigits: phone.replace(/\s/g, '') });
        const other = await createContact(t.ctx, b.org.id, { name: `Contact à clore ${tag}` });
        await createBudget(t.ctx, b.org.id, { name: `Budget caché ${tag}`, chorusStructureId: '99887766' });
        const delib = await createDeliberation(t.ctx, b.org.id, { subject: `Délibération privée ${tag}` });
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
            { route: `GET ${M}/contacts/:cid{${UUID}}/modifier`, path: `/membres/${id}/contacts/${contact.id}/modifier` },
            { route: `POST ${M}/contacts/:cid{${UUID}}/modifier`, path: `/membres/${id}/contacts/${contact.id}/modifier`, form: { name: contactName, function: 'maire', phone } },
            { route: `GET ${M}/contacts/:cid{${UUID}}/fin`, path: `/membres/${id}/contacts/${other.id}/fin` },
            { route: `POST ${M}/contacts/:cid{${UUID}}/fin`, path: `/membres/${id}/contacts/${other.id}/fin`, form: { endedOn: '2026-03-01' } },
            { route: `GET ${M}/budgets/nouveau`, path: `/membres/${id}/budgets/nouveau`, control: 'staff' },
            { route: `POST ${M}/budgets/nouveau`, path: `/membres/${id}/budgets/nouveau`, form: { name: 'Intrus', kind: 'annexe' }, control: 'staff' },
            { route: `GET ${M}/competences/nouvelle`, path: `/membres/${id}/competences/nouvelle`, control: 'staff' },
            { route: `POST ${M}/competences/nouvelle`, path: `/membres/${id}/competences/nouvelle`, form: { competence: 'irve', startedOn: '2024-01-01' }, control: 'staff' },
            { route: `GET ${M}/deliberations/nouvelle`, path: `/membres/${id}/deliberations/nouvelle`, control: 'staff' },
            { route: `POST ${M}/deliberations/nouvelle`, path: `/membres/${id}/deliberations/nouvelle`, form: { adoptedOn: '2024-01-01', number: 'X-1', subject: 'Intrus', decision: 'autre' }, control: 'staff' },
            // The demo has no PDF stored here (the test app has no writable file store); the download of a
            // stored PDF is tested in the module's page tests. Refusal comes first anyway (getDeliberation).
            { route: `GET ${M}/deliberations/:did{${UUID}}/pdf`, path: `/membres/${id}/deliberations/${delib.id}/pdf`, control: 'none' },
            { route: `GET ${api}`, path: `${api}?q=${q}`, expect: 'filtered' },
            { route: `GET ${api}/search`, path: `${api}/search?q=${q}`, expect: 'filtered' },
            { route: `GET ${api}/by-phone`, path: `${api}/by-phone?phone=${encodeURIComponent(phone)}`, expect: 'filtered' },
            { route: `GET ${api}/:id`, path: `${api}/${id}` },
            { route: `PUT ${api}/:id`, path: `${api}/${id}`, json: { ...memberBody, inseeCode: undefined, kind: 'other', name: b.org.name, postcodes: [postcode] }, control: 'staff' },
            { route: `GET ${api}/:id/contacts`, path: `${api}/${id}/contacts` },
            { route: `POST ${api}/:id/contacts`, path: `${api}/${id}/contacts`, json: contactForm },
            { route: `PUT ${api}/:id/contacts/:contactId`, path: `${api}/${id}/contacts/${contact.id}`, json: { name: contactName, function: 'maire', phone } },
            { route: `POST ${api}/:id/contacts/:contactId/end`, path: `${api}/${id}/contacts/${contact.id}/end`, json: { endedOn: '2026-03-02' } },
            { route: `GET ${api}/:id/budgets`, path: `${api}/${id}/budgets` },
            { route: `POST ${api}/:id/budgets`, path: `${api}/${id}/budgets`, json: { name: 'Intrus', kind: 'annexe' }, control: 'staff' },
            { route: `GET ${api}/:id/competences`, path: `${api}/${id}/competences` },
            { route: `POST ${api}/:id/competences`, path: `${api}/${id}/competences`, json: { competence: 'gaz', startedOn: '2024-01-01' }, control: 'staff' },
            { route: `GET ${api}/:id/deliberations`, path: `${api}/${id}/deliberations` },
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
      async setup(): IsolationSetup {
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
