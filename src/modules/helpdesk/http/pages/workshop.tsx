import type { OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { AppEnv } from '../../../../platform/http/types.ts';
import { authorize } from '../../../../platform/auth/permissions.ts';
import { ErrorSummary, Form, Select, TextInput, type FieldErrors } from '../../../../platform/ui/form.tsx';
import { render } from '../../../../platform/ui/render.tsx';
import { setFlash } from '../../../../platform/ui/flash.ts';
import { listDomains } from '../../settings.ts';
import { listTriage, resolveTriage } from '../../inbound.ts';
import { formValues, submit, UUID } from '../forms.ts';
import { dateTime, frDate, parisDate, weekdayDate } from '../../../../platform/format.ts';
import { technicianOptions } from '../../technicians.ts';
import { calendarFeed, calendarFeedUrl, mondayOf, planVisit, resetCalendarToken, weekPlanning } from '../../planning.ts';
import { listWorkshop, receiveEquipment, setWorkshopStatus, WORKSHOP_STATUS_LABELS, type WorkshopStatus } from '../../workshop.ts';
import { findMembers } from '../../call.ts';

const statusOptions = Object.entries(WORKSHOP_STATUS_LABELS).map(([value, label]) => ({ value, label }));

/** The member named in a form (« Nom (INSEE) », INSEE code or letters), for staff forms. */
async function memberId(c: Context<AppEnv>, typed: string | undefined): Promise<string> {
  const t = (typed ?? '').trim();
  const code = /\((\w{5})\)$/.exec(t)?.[1] ?? t;
  const hits = t.length >= 2 ? await findMembers(c.get('ctx'), code, 2) : [];
  return hits.length === 1 ? hits[0]!.id : '';
}

async function workshopPage(c: Context<AppEnv>, errors: FieldErrors | null = null, v: Record<string, string> = {}) {
  const { rows: items } = await listWorkshop(c.get('ctx'), { q: '', page: 1, pageSize: 500, sort: 'receivedOn', dir: 'asc', filters: c.req.query('tous') === '1' ? {} : { returned: 'false' } });
  const csrf = c.get('actor')?.csrfToken;
  return render(
    c,
    { title: 'Atelier', breadcrumbs: [{ href: '/assistance', label: 'Assistance' }, { label: 'Atelier' }], status: errors ? 422 : 200 },
    <>
      <h1>Atelier : matériel reçu</h1>
      <p><a href={c.req.query('tous') === '1' ? '/assistance/atelier' : '/assistance/atelier?tous=1'}>{c.req.query('tous') === '1' ? 'Masquer le matériel rendu' : 'Afficher aussi le matériel rendu'}</a></p>
      {items.length ? (
        <table>
          <caption>Matériel à l’atelier</caption>
          <thead><tr><th scope="col">N° d’inventaire</th><th scope="col">Collectivité</th><th scope="col">Description</th><th scope="col">Reçu le</th><th scope="col">Rendu le</th><th scope="col">Statut</th></tr></thead>
          <tbody>
            {items.map((item) => (
              <tr>
                <td>{item.assetTag}</td><td>{item.memberName}</td><td>{item.description}</td><td>{frDate(item.receivedOn)}</td><td>{frDate(item.returnedOn)}</td>
                <td>
                  <Form action={`/assistance/atelier/${item.id}/statut`} csrf={csrf} class="inline" label={`Statut de ${item.assetTag}`}>
                    <Select name="status" label={`Statut de ${item.assetTag}`} options={statusOptions} value={item.status} />
                    <button type="submit">Mettre à jour</button>
                  </Form>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : <p>Aucun matériel à l’atelier.</p>}
      <h2>Réceptionner du matériel</h2>
      <ErrorSummary errors={errors} />
      <Form action="/assistance/atelier" csrf={csrf} label="Réceptionner du matériel">
        <TextInput name="membre" label="Collectivité (nom ou code INSEE)" required value={v.membre} error={errors?.organisationId} />
        <TextInput name="assetTag" label="N° d’inventaire" required value={v.assetTag} error={errors?.assetTag} />
        <TextInput name="description" label="Description" required value={v.description} error={errors?.description} />
        <TextInput name="receivedOn" type="date" label="Reçu le" required value={v.receivedOn ?? parisDate(c.get('ctx').clock.now())} error={errors?.receivedOn} />
        <button type="submit">Réceptionner</button>
      </Form>
    </>,
  );
}

async function planningPage(c: Context<AppEnv>, errors: FieldErrors | null = null, v: Record<string, string> = {}, token?: string) {
  const ctx = c.get('ctx');
  const actor = c.get('actor');
  authorize(actor, 'tickets.manage');
  const techs = await technicianOptions(ctx);
  const asked = c.req.query('technicien');
  const tech = asked && techs.some((t) => t.value === asked) ? asked : actor!.userId;
  // A week typed by hand or an old link: anything but a real day shows the current week.
  const week = c.req.query('semaine') ?? '';
  const monday = mondayOf(/^\d{4}-\d{2}-\d{2}$/.test(week) && !Number.isNaN(Date.parse(week)) ? week : parisDate(ctx.clock.now()));
  const plan = await weekPlanning(ctx, tech, monday);
  const shift = (days: number) => new Date(Date.parse(`${monday}T12:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
  const csrf = actor?.csrfToken;
  return render(
    c,
    { title: 'Planning des déplacements', breadcrumbs: [{ href: '/assistance', label: 'Assistance' }, { label: 'Planning' }], status: errors ? 422 : 200 },
    <>
      <h1>Planning des déplacements — semaine du {frDate(monday)}</h1>
      <form method="get" action="/assistance/planning" class="filters">
        <Select name="technicien" label="Technicien" options={techs} value={tech} />
        <TextInput name="semaine" type="date" label="Semaine du" value={monday} />
        <div class="field"><button type="submit">Afficher</button></div>
      </form>
      <p><a href={`/assistance/planning?technicien=${tech}&semaine=${shift(-7)}`}>Semaine précédente</a> — <a href={`/assistance/planning?technicien=${tech}&semaine=${shift(7)}`}>Semaine suivante</a></p>
      {plan.days.size === 0 ? <p>Aucun déplacement prévu cette semaine.</p> : null}
      {[...plan.days].map(([day, communes]) => (
        <section>
          <h2>{weekdayDate(day)}</h2>
          {[...communes].map(([commune, rows]) => (
            <>
              <h3>{commune}</h3>
              <ul>{rows.map((r) => <li>{dateTime(r.startsAt)} — {r.purpose} ({r.durationMinutes} min)</li>)}</ul>
            </>
          ))}
        </section>
      ))}
      <h2>Planifier un déplacement</h2>
      <ErrorSummary errors={errors} />
      <Form action="/assistance/planning" csrf={csrf} label="Planifier un déplacement">
        <TextInput name="membre" label="Collectivité (nom ou code INSEE)" required value={v.membre} error={errors?.organisationId} />
        <Select name="technicianId" label="Technicien" options={techs} value={v.technicianId ?? tech} error={errors?.technicianId} />
        <TextInput name="day" type="date" label="Jour" required value={v.day} error={errors?.day} />
        <TextInput name="time" type="text" label="Heure (HH:MM)" required value={v.time ?? '09:00'} error={errors?.time} />
        <TextInput name="durationMinutes" type="number" label="Durée (minutes)" value={v.durationMinutes ?? '60'} error={errors?.durationMinutes} />
        <TextInput name="purpose" label="Objet" required value={v.purpose} error={errors?.purpose} />
        <button type="submit">Planifier</button>
      </Form>
      <h2>Agenda iCal</h2>
      {token ? <p role="status">Adresse de votre agenda (notez-la, elle ne sera plus affichée) : <code>{calendarFeedUrl(ctx, token)}</code></p> : null}
      <Form action="/assistance/planning/agenda" csrf={csrf} label="Agenda iCal">
        <p>Abonnez votre agenda à vos déplacements. Générer une nouvelle adresse désactive l’ancienne.</p>
        <button type="submit">Générer l’adresse de mon agenda</button>
      </Form>
    </>,
  );
}

export function mountWorkshopPages(app: OpenAPIHono<AppEnv>) {
  app.get('/assistance/atelier', (c) => workshopPage(c));
  app.post('/assistance/atelier', async (c) => {
    const v = await formValues(c);
    return submit(c, async () => {
      const item = await receiveEquipment(c.get('ctx'), { organisationId: await memberId(c, v.membre), assetTag: v.assetTag ?? '', description: v.description ?? '', receivedOn: v.receivedOn ?? '' });
      return { redirect: '/assistance/atelier', message: `${item.assetTag} réceptionné.` };
    }, (errors) => workshopPage(c, errors, v));
  });
  app.post(`/assistance/atelier/:id{${UUID}}/statut`, async (c) => {
    const v = await formValues(c);
    await setWorkshopStatus(c.get('ctx'), c.req.param('id') ?? '', v.status as WorkshopStatus);
    setFlash(c, 'success', 'Statut mis à jour.');
    return c.redirect('/assistance/atelier', 303);
  });
  app.get('/assistance/planning', (c) => planningPage(c));
  app.post('/assistance/planning', async (c) => {
    const v = await formValues(c);
    return submit(c, async () => {
      await planVisit(c.get('ctx'), { organisationId: await memberId(c, v.membre), technicianId: v.technicianId ?? '', day: v.day ?? '', time: v.time ?? '', durationMinutes: v.durationMinutes || 60, purpose: v.purpose ?? '' });
      return { redirect: `/assistance/planning?technicien=${v.technicianId}&semaine=${v.day}`, message: 'Déplacement planifié.' };
    }, (errors) => planningPage(c, errors, v));
  });
  app.post('/assistance/planning/agenda', async (c) => planningPage(c, null, {}, await resetCalendarToken(c.get('ctx'))));
  app.get('/assistance/agenda/:file{[A-Za-z0-9_-]{20,64}\\.ics}', async (c) => {
    const token = (c.req.param('file') ?? '').replace(/\.ics$/, '');
    return c.body(await calendarFeed(c.get('ctx'), token), 200, { 'Content-Type': 'text/calendar; charset=utf-8', 'Cache-Control': 'private, max-age=300' });
  });
  app.get('/assistance/tri', async (c) => {
    const ctx = c.get('ctx');
    const [messages, domains] = await Promise.all([listTriage(ctx), listDomains(ctx, { activeOnly: true })]);
    const csrf = c.get('actor')?.csrfToken;
    return render(
      c,
      { title: 'Courriels à trier', breadcrumbs: [{ href: '/assistance', label: 'Assistance' }, { label: 'Courriels à trier' }] },
      <>
        <h1>Courriels à trier</h1>
        <p>Messages d’expéditeurs inconnus : rattachez-les à une collectivité ou écartez-les.</p>
        {messages.length === 0 ? <p>Aucun message en attente.</p> : null}
        {messages.map((m) => (
          <section aria-label={`Message de ${m.fromAddress}`}>
            <h2>{m.subject}</h2>
            <p>De {m.fromName ? `${m.fromName} <${m.fromAddress}>` : m.fromAddress}, reçu le {dateTime(m.receivedAt)}</p>
            <pre class="mail-body">{m.body.slice(0, 2000)}</pre>
            <Form action={`/assistance/tri/${m.id}`} csrf={csrf} label={`Traiter le message ${m.subject}`}>
              <TextInput name={`membre-${m.id}`} label="Collectivité (nom ou code INSEE)" />
              <Select name={`domain-${m.id}`} label="Domaine" options={domains.map((d) => ({ value: d.code, label: d.label }))} />
              <button type="submit" name="action" value="ticket">Créer la demande</button> <button type="submit" name="action" value="discard">Écarter</button>
            </Form>
          </section>
        ))}
      </>,
    );
  });
  app.post(`/assistance/tri/:id{${UUID}}`, async (c) => {
    authorize(c.get('actor'), 'tickets.manage');
    const id = c.req.param('id') ?? '';
    const v = await formValues(c);
    const org = v.action === 'discard' ? '' : await memberId(c, v[`membre-${id}`]);
    if (v.action !== 'discard' && !org) {
      setFlash(c, 'error', 'Collectivité introuvable : tapez son nom ou son code INSEE.');
      return c.redirect('/assistance/tri', 303);
    }
    const t = await resolveTriage(c.get('ctx'), id, v.action === 'discard' ? 'discard' : { organisationId: org, domain: v[`domain-${id}`] ?? 'numerique' });
    setFlash(c, 'success', t ? 'La demande a été créée.' : 'Le message a été écarté.');
    return c.redirect(t ? `/assistance/tickets/${t.id}` : '/assistance/tri', 303);
  });
}
