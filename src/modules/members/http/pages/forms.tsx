import type { OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { Child } from 'hono/jsx';
import { frDate } from '../../../../platform/format.ts';
import { UUID_ROUTE } from '../../../../platform/http/api.ts';
import type { AppEnv } from '../../../../platform/http/types.ts';
import { ErrorSummary, Form, Select, TextInput, Textarea, type FieldErrors } from '../../../../platform/ui/form.tsx';
import { render } from '../../../../platform/ui/render.tsx';
import { addContact, endContact, getContact, updateContact } from '../../contacts.ts';
import { BUDGET_KIND_LABELS, COMPETENCE_LABELS, DECISION_LABELS, FUNCTION_LABELS, KIND_LABELS, options, STATUS_LABELS } from '../../labels.ts';
import { checkCanEdit, createMember, getMember, listEpcis, updateMember, type MemberRow } from '../../members.ts';
import { addBudget, addCompetence, addDeliberation, listDeliberations } from '../../records.ts';
import { formValues, submit } from '../../../../platform/ui/form-post.ts';
import { uploadedPdf } from '../forms.ts';
import { crumbs, memberHref } from './components.tsx';

type C = Context<AppEnv, string>;
type Values = Record<string, string | null | undefined>;

/** A form page: title, error summary, fields, submit button. */
function page(c: C, opts: { title: string; member?: MemberRow; action: string; errors: FieldErrors | null; labels: Record<string, string>; multipart?: boolean }, fields: Child) {
  return render(
    c,
    { title: opts.title, breadcrumbs: crumbs(opts.member), status: opts.errors ? 422 : 200 },
    <>
      <h1>{opts.title}</h1>
      <p>Les champs marqués d’un astérisque (*) sont obligatoires.</p>
      <ErrorSummary errors={opts.errors} labels={opts.labels} />
      <Form action={opts.action} csrf={c.get('actor')?.csrfToken} enctype={opts.multipart ? 'multipart/form-data' : undefined}>
        {fields}
        <p class="actions">
          <button type="submit">Enregistrer</button>
          <a class="button secondary" href={opts.member ? memberHref(opts.member.id) : '/membres'}>
            Annuler
          </a>
        </p>
      </Form>
    </>,
  );
}

const MEMBER_LABELS: Record<string, string> = { kind: 'Type', name: 'Nom', inseeCode: 'Code INSEE', siren: 'SIREN', siret: 'SIRET', population: 'Population', populationYear: 'Année de la population', postcodes: 'Codes postaux', address: 'Adresse', phone: 'Téléphone', email: 'Courriel', website: 'Site web', parentEpciId: 'EPCI', status: 'Statut', joinedOn: 'Date d’adhésion', leftOn: 'Date de retrait' };

async function memberForm(c: C, v: Values, errors: FieldErrors | null, member?: MemberRow) {
  checkCanEdit(c.get('ctx'), 'members.manage', member?.id);
  const epcis = await listEpcis(c.get('ctx'));
  const e = errors ?? {};
  const t = (name: string) => ({ name, label: MEMBER_LABELS[name]!, value: v[name] ?? '', error: e[name] });
  return page(
    c,
    { title: member ? `Modifier ${member.name}` : 'Nouvelle collectivité', member, action: member ? memberHref(member.id, 'modifier') : '/membres/nouvelle', errors, labels: MEMBER_LABELS },
    <>
      <Select {...t('kind')} required options={options(KIND_LABELS, ['syndicate'])} />
      <TextInput {...t('name')} required autocomplete="organization" />
      <TextInput {...t('inseeCode')} hint="5 caractères, par exemple 90010 ; 2A ou 2B pour la Corse." />
      <TextInput {...t('siren')} hint="9 chiffres." inputmode="numeric" />
      <TextInput {...t('siret')} hint="14 chiffres, commençant par le SIREN." inputmode="numeric" />
      <TextInput {...t('population')} inputmode="numeric" />
      <TextInput {...t('populationYear')} hint="Année de référence de la population légale, par exemple 2023." inputmode="numeric" />
      <TextInput {...t('postcodes')} hint="Séparés par des virgules, par exemple 90000, 90400." />
      <Textarea {...t('address')} rows={3} />
      <TextInput {...t('phone')} type="tel" autocomplete="tel" />
      <TextInput {...t('email')} type="email" autocomplete="email" />
      <TextInput {...t('website')} type="url" autocomplete="url" />
      <Select {...t('parentEpciId')} options={epcis.map((x) => ({ value: x.id, label: x.name }))} placeholder="Aucun" />
      <Select {...t('status')} required options={options(STATUS_LABELS)} />
      <TextInput {...t('joinedOn')} type="date" />
      <TextInput {...t('leftOn')} type="date" />
    </>,
  );
}

/** A stored row as form values (dates are already YYYY-MM-DD strings). */
const asValues = (row: object): Values => Object.fromEntries(Object.entries(row).map(([k, x]) => [k, x === null || x === undefined ? '' : Array.isArray(x) ? x.join(', ') : String(x)]));

const CONTACT_LABELS: Record<string, string> = { name: 'Nom', function: 'Fonction', functionDetail: 'Précision sur la fonction', phone: 'Téléphone', email: 'Courriel', startedOn: 'En fonction depuis le', endedOn: 'Fin de fonctions le' };
function contactForm(c: C, member: MemberRow, action: string, v: Values, errors: FieldErrors | null, title: string) {
  checkCanEdit(c.get('ctx'), 'members.contacts.manage', member.id);
  const e = errors ?? {};
  const t = (name: string) => ({ name, label: CONTACT_LABELS[name]!, value: v[name] ?? '', error: e[name] });
  return page(
    c,
    { title, member, action, errors, labels: CONTACT_LABELS },
    <>
      <TextInput {...t('name')} required autocomplete="name" />
      <Select {...t('function')} required options={options(FUNCTION_LABELS)} />
      <TextInput {...t('functionDetail')} hint="Par exemple : adjoint aux travaux." />
      <TextInput {...t('phone')} type="tel" autocomplete="tel" />
      <TextInput {...t('email')} type="email" autocomplete="email" />
      <TextInput {...t('startedOn')} type="date" />
      <TextInput {...t('endedOn')} type="date" />
    </>,
  );
}

const BUDGET_LABELS: Record<string, string> = { name: 'Nom', kind: 'Type', siret: 'SIRET', chorusStructureId: 'Identifiant de structure Chorus Pro' };
const COMPETENCE_FORM_LABELS: Record<string, string> = { competence: 'Compétence', startedOn: 'Transférée le', endedOn: 'Reprise le', deliberationId: 'Délibération' };
const DELIBERATION_LABELS: Record<string, string> = { adoptedOn: 'Date', number: 'Numéro', subject: 'Objet', decision: 'Décision', competence: 'Compétence concernée', file: 'Délibération signée (PDF)' };

export function mountFormPages(app: OpenAPIHono<AppEnv>) {
  app.get('/membres/nouvelle', (c) => memberForm(c, { status: 'active', kind: 'commune' }, null));
  app.post('/membres/nouvelle', async (c) => {
    const v = await formValues(c);
    return submit(c, async () => {
      const m = await createMember(c.get('ctx'), v);
      return { redirect: memberHref(m.id), message: `${m.name} a été ajoutée au registre.` };
    }, (errors) => memberForm(c, v, errors));
  });
  app.get(`/membres/:id${UUID_ROUTE}/modifier`, async (c) => {
    const m = await getMember(c.get('ctx'), c.req.param('id'));
    return memberForm(c, asValues(m), null, m);
  });
  app.post(`/membres/:id${UUID_ROUTE}/modifier`, async (c) => {
    const m = await getMember(c.get('ctx'), c.req.param('id'));
    const v = await formValues(c);
    return submit(c, async () => {
      await updateMember(c.get('ctx'), m.id, v);
      return { redirect: memberHref(m.id), message: 'La fiche a été enregistrée.' };
    }, (errors) => memberForm(c, v, errors, m));
  });

  app.get(`/membres/:id${UUID_ROUTE}/contacts/nouveau`, async (c) => {
    const m = await getMember(c.get('ctx'), c.req.param('id'));
    return contactForm(c, m, memberHref(m.id, 'contacts/nouveau'), { function: 'secretaire_mairie' }, null, `Nouveau contact — ${m.name}`);
  });
  app.post(`/membres/:id${UUID_ROUTE}/contacts/nouveau`, async (c) => {
    const m = await getMember(c.get('ctx'), c.req.param('id'));
    const v = await formValues(c);
    return submit(c, async () => {
      await addContact(c.get('ctx'), m.id, v);
      return { redirect: memberHref(m.id, 'contacts'), message: 'Le contact a été ajouté.' };
    }, (errors) => contactForm(c, m, memberHref(m.id, 'contacts/nouveau'), v, errors, `Nouveau contact — ${m.name}`));
  });
  app.get(`/membres/:id${UUID_ROUTE}/contacts/:cid${UUID_ROUTE}/modifier`, async (c) => {
    const m = await getMember(c.get('ctx'), c.req.param('id'));
    const p = await getContact(c.get('ctx'), c.req.param('cid'), m.id);
    return contactForm(c, m, memberHref(m.id, `contacts/${p.id}/modifier`), asValues(p), null, `Modifier le contact ${p.name}`);
  });
  app.post(`/membres/:id${UUID_ROUTE}/contacts/:cid${UUID_ROUTE}/modifier`, async (c) => {
    const m = await getMember(c.get('ctx'), c.req.param('id'));
    const p = await getContact(c.get('ctx'), c.req.param('cid'), m.id);
    const v = await formValues(c);
    return submit(c, async () => {
      await updateContact(c.get('ctx'), p.id, v, m.id);
      return { redirect: memberHref(m.id, 'contacts'), message: 'Le contact a été modifié.' };
    }, (errors) => contactForm(c, m, memberHref(m.id, `contacts/${p.id}/modifier`), v, errors, `Modifier le contact ${p.name}`));
  });
  // Ending a contact's functions is confirmed on its own page; the row and its history are kept.
  const endForm = (c: C, m: MemberRow, p: { id: string; name: string }, v: Values, errors: FieldErrors | null) => {
    checkCanEdit(c.get('ctx'), 'members.contacts.manage', m.id);
    return page(
      c,
      { title: `Fin de fonctions de ${p.name}`, member: m, action: memberHref(m.id, `contacts/${p.id}/fin`), errors, labels: { endedOn: 'Date de fin' } },
      <>
        <p>Le contact restera dans l’historique de la collectivité, avec cette date de fin.</p>
        <TextInput name="endedOn" label="Date de fin" type="date" required value={v.endedOn ?? ''} error={errors?.endedOn} />
      </>,
    );
  };
  app.get(`/membres/:id${UUID_ROUTE}/contacts/:cid${UUID_ROUTE}/fin`, async (c) => {
    const m = await getMember(c.get('ctx'), c.req.param('id'));
    const p = await getContact(c.get('ctx'), c.req.param('cid'), m.id);
    return endForm(c, m, p, {}, null);
  });
  app.post(`/membres/:id${UUID_ROUTE}/contacts/:cid${UUID_ROUTE}/fin`, async (c) => {
    const m = await getMember(c.get('ctx'), c.req.param('id'));
    const p = await getContact(c.get('ctx'), c.req.param('cid'), m.id);
    const v = await formValues(c);
    return submit(c, async () => {
      await endContact(c.get('ctx'), p.id, { endedOn: v.endedOn }, m.id);
      return { redirect: memberHref(m.id, 'contacts'), message: `${p.name} a quitté ses fonctions ; l’historique est conservé.` };
    }, (errors) => endForm(c, m, p, v, errors));
  });

  const budgetForm = (c: C, m: MemberRow, v: Values, errors: FieldErrors | null) => {
    checkCanEdit(c.get('ctx'), 'members.manage', m.id);
    const t = (name: string) => ({ name, label: BUDGET_LABELS[name]!, value: v[name] ?? '', error: errors?.[name] });
    return page(c, { title: `Nouveau budget — ${m.name}`, member: m, action: memberHref(m.id, 'budgets/nouveau'), errors, labels: BUDGET_LABELS }, <>
      <TextInput {...t('name')} required />
      <Select {...t('kind')} required options={options(BUDGET_KIND_LABELS)} />
      <TextInput {...t('siret')} hint="14 chiffres." inputmode="numeric" />
      <TextInput {...t('chorusStructureId')} hint="Identifiant numérique de la structure dans Chorus Pro." inputmode="numeric" />
    </>);
  };
  app.get(`/membres/:id${UUID_ROUTE}/budgets/nouveau`, async (c) => budgetForm(c, await getMember(c.get('ctx'), c.req.param('id')), { kind: 'principal' }, null));
  app.post(`/membres/:id${UUID_ROUTE}/budgets/nouveau`, async (c) => {
    const m = await getMember(c.get('ctx'), c.req.param('id'));
    const v = await formValues(c);
    return submit(c, async () => {
      await addBudget(c.get('ctx'), m.id, v);
      return { redirect: memberHref(m.id, 'budgets'), message: 'Le budget a été ajouté.' };
    }, (errors) => budgetForm(c, m, v, errors));
  });

  const competenceForm = async (c: C, m: MemberRow, v: Values, errors: FieldErrors | null) => {
    checkCanEdit(c.get('ctx'), 'members.manage', m.id);
    const delibs = await listDeliberations(c.get('ctx'), m.id);
    const t = (name: string) => ({ name, label: COMPETENCE_FORM_LABELS[name]!, value: v[name] ?? '', error: errors?.[name] });
    return page(c, { title: `Transfert de compétence — ${m.name}`, member: m, action: memberHref(m.id, 'competences/nouvelle'), errors, labels: COMPETENCE_FORM_LABELS }, <>
      <Select {...t('competence')} required options={options(COMPETENCE_LABELS)} />
      <TextInput {...t('startedOn')} type="date" required />
      <TextInput {...t('endedOn')} type="date" />
      <Select {...t('deliberationId')} options={delibs.map((d) => ({ value: d.id, label: `${d.number} du ${frDate(d.adoptedOn)} — ${d.subject}` }))} placeholder="Aucune" />
    </>);
  };
  app.get(`/membres/:id${UUID_ROUTE}/competences/nouvelle`, async (c) => competenceForm(c, await getMember(c.get('ctx'), c.req.param('id')), {}, null));
  app.post(`/membres/:id${UUID_ROUTE}/competences/nouvelle`, async (c) => {
    const m = await getMember(c.get('ctx'), c.req.param('id'));
    const v = await formValues(c);
    return submit(c, async () => {
      await addCompetence(c.get('ctx'), m.id, v);
      return { redirect: memberHref(m.id, 'competences'), message: 'Le transfert de compétence a été enregistré.' };
    }, (errors) => competenceForm(c, m, v, errors));
  });

  const deliberationForm = (c: C, m: MemberRow, v: Values, errors: FieldErrors | null) => {
    checkCanEdit(c.get('ctx'), 'members.manage', m.id);
    const t = (name: string) => ({ name, label: DELIBERATION_LABELS[name]!, value: v[name] ?? '', error: errors?.[name] });
    return page(c, { title: `Nouvelle délibération — ${m.name}`, member: m, action: memberHref(m.id, 'deliberations/nouvelle'), errors, labels: DELIBERATION_LABELS, multipart: true }, <>
      <TextInput {...t('adoptedOn')} type="date" required />
      <TextInput {...t('number')} required />
      <Textarea {...t('subject')} required rows={3} />
      <Select {...t('decision')} required options={options(DECISION_LABELS)} />
      <Select {...t('competence')} options={options(COMPETENCE_LABELS)} placeholder="Aucune" hint="Pour un transfert de compétence." />
      <div class={errors?.file ? 'field has-error' : 'field'}>
        <label for="champ-file">{DELIBERATION_LABELS.file}</label>
        <span class="hint" id="champ-file-aide">10 Mo au plus.</span>
        {errors?.file ? <span class="field-error" id="champ-file-erreur">Erreur : {errors.file}</span> : null}
        <input type="file" id="champ-file" name="file" accept="application/pdf" aria-describedby={errors?.file ? 'champ-file-aide champ-file-erreur' : 'champ-file-aide'} />
      </div>
    </>);
  };
  app.get(`/membres/:id${UUID_ROUTE}/deliberations/nouvelle`, async (c) => deliberationForm(c, await getMember(c.get('ctx'), c.req.param('id')), { decision: 'adhesion' }, null));
  app.post(`/membres/:id${UUID_ROUTE}/deliberations/nouvelle`, async (c) => {
    const m = await getMember(c.get('ctx'), c.req.param('id'));
    const v = await formValues(c);
    const pdf = await uploadedPdf(c);
    return submit(c, async () => {
      await addDeliberation(c.get('ctx'), m.id, v, pdf);
      return { redirect: memberHref(m.id, 'deliberations'), message: 'La délibération a été enregistrée.' };
    }, (errors) => deliberationForm(c, m, v, errors));
  });
}

