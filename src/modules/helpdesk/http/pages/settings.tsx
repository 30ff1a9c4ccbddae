import type { OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { authorize } from '../../../../platform/auth/permissions.ts';
import { Invalid, NotFound } from '../../../../platform/errors.ts';
import type { AppEnv } from '../../../../platform/http/types.ts';
import { ConfirmAction } from '../../../../platform/ui/confirm.tsx';
import { Checkbox, ErrorSummary, Form, TextInput, type FieldErrors } from '../../../../platform/ui/form.tsx';
import { setFlash } from '../../../../platform/ui/flash.ts';
import { render } from '../../../../platform/ui/render.tsx';
import { formValues, submit } from '../forms.ts';
import { dateTime } from '../../../../platform/format.ts';
import { optionCatalogue } from '../../../memberships/index.ts';
import { addDomain, deleteDomain, listDomains, loadSettings, settingsHistory, updateDomain, updateSettings, type Domain } from '../../settings.ts';
import { PRIORITY_LABELS, type Priority } from '../../workflow.ts';

const BASE = '/assistance/reglages';
const DAYS = ['lundi', 'mardi', 'mercredi', 'jeudi', 'vendredi', 'samedi', 'dimanche'];
const PRIORITIES: Priority[] = ['urgent', 'high', 'normal', 'low'];
const SLOT = /^([01]?\d|2[0-3]):([0-5]\d)\s*[-–]\s*([01]?\d|2[0-3]):([0-5]\d)$/;
const ACTIONS: Record<string, string> = { 'helpdesk.settings.update': 'horaires et délais modifiés', 'helpdesk.domain.create': 'domaine ajouté', 'helpdesk.domain.update': 'domaine modifié', 'helpdesk.domain.delete': 'domaine supprimé' };
const pad = (h: string) => h.padStart(2, '0');

/** The form's fields → the settings object: « 08:30-12:00, 13:30-17:30 » per day, minutes per priority. */
function settingsFromForm(v: Record<string, string>) {
  const errors: FieldErrors = {};
  const openingHours: Record<string, [string, string][]> = {};
  for (let day = 1; day <= 7; day++) {
    const text = (v[`openingHours.${day}`] ?? '').trim();
    const parts = text ? text.split(/[,;]/).map((p) => SLOT.exec(p.trim())) : [];
    if (parts.some((m) => !m)) errors[`openingHours.${day}`] = 'Plages au format 08:30-12:00, séparées par des virgules.';
    else if (parts.length) openingHours[String(day)] = parts.map((m) => [`${pad(m![1]!)}:${m![2]}`, `${pad(m![3]!)}:${m![4]}`]);
  }
  if (Object.keys(errors).length) throw new Invalid('Réglages invalides.', errors);
  const num = (name: string) => (v[name]?.trim() ? Number(v[name]) : Number.NaN);
  const slaTargets = Object.fromEntries(PRIORITIES.map((p) => [p, { firstResponse: num(`slaTargets.${p}.firstResponse`), resolution: num(`slaTargets.${p}.resolution`) }]));
  return { openingHours, slaTargets, nearBreachRatio: num('nearBreachRatio') };
}

async function settingsPage(c: Context<AppEnv>, errors: FieldErrors | null = null, typed: Record<string, string> | null = null, added = '') {
  const ctx = c.get('ctx');
  authorize(ctx.actor, 'tickets.manage');
  const [s, domains, options, history] = await Promise.all([
    loadSettings(ctx),
    listDomains(ctx),
    optionCatalogue(ctx),
    settingsHistory(ctx),
  ]);
  const labels = new Map(options.map((o) => [o.value, o.label]));
  const v = (name: string, current: string | number) => (typed ? typed[name] : String(current));
  const csrf = c.get('actor')?.csrfToken;
  return render(
    c,
    { title: 'Réglages de l’assistance', breadcrumbs: [{ href: '/assistance', label: 'Assistance' }, { label: 'Réglages' }], status: errors ? 422 : 200 },
    <>
      <h1>Réglages de l’assistance</h1>
      <ErrorSummary errors={errors} />
      <Form action={BASE} csrf={csrf} label="Horaires et délais">
        <h2>Horaires d’ouverture</h2>
        <p>Les délais se comptent en temps ouvré : ces plages, hors jours fériés. Laissez vide un jour de fermeture.</p>
        {DAYS.map((name, i) => (
          <TextInput name={`openingHours.${i + 1}`} label={`Plages du ${name}`} hint="Par exemple 08:30-12:00, 13:30-17:30" value={v(`openingHours.${i + 1}`, (s.openingHours[String(i + 1) as '1'] ?? []).map(([a, b]) => `${a}-${b}`).join(', '))} error={errors?.[`openingHours.${i + 1}`]} />
        ))}
        <h2>Délais cibles par priorité</h2>
        <p>En minutes ouvrées (60 = 1 heure ouvrée ; 480 = une journée de 8 heures).</p>
        {PRIORITIES.map((p) => (
          <fieldset>
            <legend>Priorité {PRIORITY_LABELS[p].toLowerCase()}</legend>
            <TextInput name={`slaTargets.${p}.firstResponse`} type="number" min={1} label="Première réponse (minutes ouvrées)" required value={v(`slaTargets.${p}.firstResponse`, s.slaTargets[p]!.firstResponse)} error={errors?.[`slaTargets.${p}.firstResponse`]} />
            <TextInput name={`slaTargets.${p}.resolution`} type="number" min={1} label="Résolution (minutes ouvrées)" required value={v(`slaTargets.${p}.resolution`, s.slaTargets[p]!.resolution)} error={errors?.[`slaTargets.${p}.resolution`]} />
          </fieldset>
        ))}
        <TextInput name="nearBreachRatio" type="number" min={1} max={99} label="Échéance proche à partir de (% du délai consommé)" required value={v('nearBreachRatio', s.nearBreachRatio)} error={errors?.nearBreachRatio} />
        <button type="submit">Enregistrer les horaires et délais</button>
      </Form>
      <h2>Domaines</h2>
      <p>Un domaine sans option requise est couvert par la maintenance de base de toute convention en vigueur ; sinon, la convention doit comprendre l’une des options indiquées (à défaut, la demande porte un avertissement « hors convention », jamais un refus).</p>
      <table>
        <caption>Domaines des demandes</caption>
        <thead><tr><th scope="col">Domaine</th><th scope="col">État</th><th scope="col">Couvert par</th><th scope="col">Actions</th></tr></thead>
        <tbody>
          {domains.map((d) => (
            <tr>
              <td>{d.label}</td>
              <td>{d.active ? 'Actif' : 'Inactif'}</td>
              <td>{d.coveredBy.length ? d.coveredBy.map((o) => labels.get(o) ?? o).join(' ou ') : 'Maintenance de base'}</td>
              <td>
                <a href={`${BASE}/domaines/${d.code}`}>Modifier<span class="visually-hidden"> {d.label}</span></a>
                {d.builtin ? null : <> · <a href={`${BASE}/domaines/${d.code}/supprimer`}>Supprimer<span class="visually-hidden"> {d.label}</span></a></>}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <Form action={`${BASE}/domaines`} csrf={csrf} label="Ajouter un domaine">
        <TextInput name="label" label="Nouveau domaine" hint="Par exemple Téléphonie" value={added} error={errors?.label} />
        <button type="submit">Ajouter le domaine</button>
      </Form>
      <h2>Dernières modifications</h2>
      {history.length ? (
        <ul>{history.map((h) => <li>{dateTime(h.at)} — {h.actorEmail ?? 'système'} : {ACTIONS[h.action] ?? h.action}{h.entity === 'helpdesk_domain' ? ` (${h.entityId})` : ''}</li>)}</ul>
      ) : <p>Aucune modification depuis l’installation.</p>}
    </>,
  );
}

async function domainPage(c: Context<AppEnv>, d: Domain, errors: FieldErrors | null = null) {
  const ctx = c.get('ctx');
  const options = await optionCatalogue(ctx);
  for (const code of d.coveredBy) if (!options.some((o) => o.value === code)) options.push({ value: code, label: `${code} (absente des grilles)` });
  return render(
    c,
    { title: `Domaine ${d.label}`, breadcrumbs: [{ href: '/assistance', label: 'Assistance' }, { href: BASE, label: 'Réglages' }, { label: d.label }], status: errors ? 422 : 200 },
    <>
      <h1>Domaine « {d.label} »</h1>
      <ErrorSummary errors={errors} />
      <Form action={`${BASE}/domaines/${d.code}`} csrf={c.get('actor')?.csrfToken} label={`Modifier le domaine ${d.label}`}>
        <TextInput name="label" label="Libellé" required value={d.label} error={errors?.label} />
        {d.builtin ? <p>Domaine du service : toujours actif.</p> : <Checkbox name="active" label="Actif (proposé dans les formulaires)" checked={d.active} />}
        <fieldset>
          <legend>Options de la convention qui couvrent ce domaine (aucune : maintenance de base)</legend>
          {options.map((o) => <Checkbox name="coveredBy" value={o.value} label={o.label} checked={d.coveredBy.includes(o.value)} />)}
        </fieldset>
        <button type="submit">Enregistrer le domaine</button> <a href={BASE}>Annuler</a>
      </Form>
    </>,
  );
}

async function domainOf(c: Context<AppEnv>): Promise<Domain> {
  const d = (await listDomains(c.get('ctx'))).find((x) => x.code === c.req.param('code'));
  if (!d) throw new NotFound('Domaine introuvable.');
  return d;
}

export function mountSettingsPages(app: OpenAPIHono<AppEnv>) {
  const DOMAIN = `${BASE}/domaines/:code{[a-z0-9-]{1,80}}`;
  app.get(BASE, (c) => settingsPage(c));
  app.post(BASE, async (c) => {
    const v = await formValues(c);
    return submit(c, async () => {
      await updateSettings(c.get('ctx'), settingsFromForm(v));
      return { redirect: BASE, message: 'Les horaires et délais ont été enregistrés. Les prochains calculs de délais les appliquent.' };
    }, (errors) => settingsPage(c, errors, v));
  });
  app.post(`${BASE}/domaines`, async (c) => {
    const v = await formValues(c);
    return submit(c, async () => {
      const d = await addDomain(c.get('ctx'), { label: v.label ?? '' });
      return { redirect: BASE, message: `Le domaine « ${d.label} » a été ajouté.` };
    }, (errors) => settingsPage(c, errors, null, v.label ?? ''));
  });
  app.get(DOMAIN, async (c) => {
    authorize(c.get('ctx').actor, 'tickets.manage');
    return domainPage(c, await domainOf(c));
  });
  app.post(DOMAIN, async (c) => {
    const body = await c.req.parseBody({ all: true });
    const d = await domainOf(c);
    const coveredBy = ([] as unknown[]).concat(body.coveredBy ?? []).map(String);
    const input = { label: String(body.label ?? ''), active: d.builtin || body.active === '1', coveredBy };
    return submit(c, async () => {
      await updateDomain(c.get('ctx'), d.code, input);
      return { redirect: BASE, message: `Le domaine « ${input.label.trim()} » a été enregistré.` };
    }, (errors) => domainPage(c, { ...d, ...input }, errors));
  });
  app.get(`${DOMAIN}/supprimer`, async (c) => {
    authorize(c.get('ctx').actor, 'tickets.manage');
    const d = await domainOf(c);
    return render(
      c,
      { title: `Supprimer le domaine ${d.label}` },
      <ConfirmAction title={`Supprimer le domaine « ${d.label} » ?`} message="Le domaine ne sera plus proposé. Un domaine déjà utilisé par des demandes ne peut pas être supprimé : désactivez-le." action={c.req.path} csrf={c.get('actor')?.csrfToken} cancelHref={BASE} confirmLabel="Supprimer le domaine" />,
    );
  });
  app.post(`${DOMAIN}/supprimer`, async (c) => {
    const d = await domainOf(c);
    await deleteDomain(c.get('ctx'), d.code);
    setFlash(c, 'success', `Le domaine « ${d.label} » a été supprimé.`);
    return c.redirect(BASE, 303);
  });
}
