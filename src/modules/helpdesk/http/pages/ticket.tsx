import type { OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { raw } from 'hono/html';
import type { AppEnv } from '../../../../platform/http/types.ts';
import { Checkbox, ErrorSummary, Form, Select, Textarea, TextInput, type FieldErrors } from '../../../../platform/ui/form.tsx';
import { render } from '../../../../platform/ui/render.tsx';
import { setFlash } from '../../../../platform/ui/flash.ts';
import { Invalid } from '../../../../platform/errors.ts';
import { getMember } from '../../../members/index.ts';
import { ticketRef } from '../../access.ts';
import { addAttachment, getAttachment } from '../../attachments.ts';
import { addComment, ticketDetail } from '../../comments.ts';
import { entitlementFor } from '../../entitlement.ts';
import { addIntervention } from '../../interventions.ts';
import { memberSoftwareList } from '../../inventory.ts';
import { renderMarkdown } from '../../markdown.ts';
import { parisInstant } from '../../sla.ts';
import { formValues, submit, UUID } from '../forms.ts';
import { SlaBadge } from './components.tsx';
import { dateTime } from '../../../../platform/format.ts';
import { technicianOptions } from '../../technicians.ts';
import { listDomains } from '../../settings.ts';
import { changeStatus, confirmResolution, rateTicket, updateTicket } from '../../tickets.ts';
import { CHANNEL_LABELS, PRIORITY_LABELS, STATUS_LABELS, TRANSITIONS, type Channel, type TicketStatus } from '../../workflow.ts';

type Ctx = Context<AppEnv>;
const tid = (c: Ctx) => c.req.param('id') ?? '';

async function ticketPage(c: Ctx, base: string, errors: FieldErrors | null = null, values: Record<string, string> = {}) {
  const ctx = c.get('ctx');
  const d = await ticketDetail(ctx, tid(c));
  const t = d.ticket;
  const csrf = c.get('actor')?.csrfToken;
  const staff = d.staff;
  const domains = await listDomains(ctx);
  const domainLabel = domains.find((x) => x.code === t.domain)?.label ?? t.domain;
  const member = staff ? await getMember(ctx, t.organisationId) : null;
  const entitlement = staff ? await entitlementFor(ctx, t.organisationId, ctx.clock.now().toISOString().slice(0, 10), t.domain) : null;
  const techs = staff ? await technicianOptions(ctx) : [];
  const software = await memberSoftwareList(ctx, t.organisationId);
  const ticketSoftware = software.find((x) => x.id === t.softwareId);
  const url = `${base}/${t.id}`;
  const title = `${ticketRef(t.number)} — ${t.title}`;
  return render(
    c,
    { title, breadcrumbs: [{ href: base === '/mes-demandes' ? '/mes-demandes' : '/assistance', label: base === '/mes-demandes' ? 'Mes demandes' : 'Assistance' }, { label: ticketRef(t.number) }], status: errors ? 422 : 200 },
    <>
      <h1>{title}</h1>
      <ErrorSummary errors={errors} />
      {entitlement ? <p class={entitlement.covered ? 'notice' : 'notice warning'} role={entitlement.covered ? undefined : 'status'}>{entitlement.message}</p> : null}
      <dl class="sheet">
        {member ? (<><dt>Collectivité</dt><dd><a href={`/membres/${member.id}`}>{member.name}</a> — <a href={`/assistance/membres/${member.id}/inventaire`}>inventaire</a></dd></>) : null}
        <dt>Statut</dt><dd>{STATUS_LABELS[t.status]}</dd>
        <dt>Priorité</dt><dd>{PRIORITY_LABELS[t.priority]}</dd>
        <dt>Domaine</dt><dd>{domainLabel}</dd>
        <dt>Logiciel</dt><dd>{ticketSoftware ? `${ticketSoftware.product} (${ticketSoftware.publisher})` : '—'}</dd>
        <dt>Demandeur</dt><dd>{[t.requesterName, t.requesterEmail, t.requesterPhone].filter(Boolean).join(' — ') || '—'}</dd>
        <dt>Créée le</dt><dd>{dateTime(t.createdAt)}</dd>
        {staff ? (<><dt>Délais</dt><dd><SlaBadge state={t.slaState} /> première réponse avant {dateTime(t.firstResponseDueAt)}, résolution avant {dateTime(t.resolutionDueAt)}{t.pausedAt ? ' (en pause : en attente de la collectivité)' : ''}</dd></>) : null}
        {t.rating ? (<><dt>Note</dt><dd>{t.rating}/5 {t.ratingComment ? `— ${t.ratingComment}` : ''}</dd></>) : null}
      </dl>
      <h2>Description</h2>
      <div class="prose">{raw(renderMarkdown(t.description || '_(sans description)_'))}</div>

      {staff ? (
        <section aria-labelledby="traiter">
          <h2 id="traiter">Traiter la demande</h2>
          {TRANSITIONS[t.status].length ? (
            <Form action={`${url}/statut`} csrf={csrf} label="Changer le statut">
              <Select name="status" label="Nouveau statut" options={TRANSITIONS[t.status].map((s) => ({ value: s, label: STATUS_LABELS[s] }))} />
              <button type="submit">Changer le statut</button>
            </Form>
          ) : null}
          <Form action={`${url}/classer`} csrf={csrf} label="Classer et affecter">
            <Select name="assigneeId" label="Technicien" options={techs} value={t.assigneeId} placeholder="Non affectée" />
            <Select name="priority" label="Priorité" options={Object.entries(PRIORITY_LABELS).map(([value, label]) => ({ value, label }))} value={t.priority} />
            <Select name="domain" label="Domaine" options={domains.filter((x) => x.active).map((x) => ({ value: x.code, label: x.label }))} value={t.domain} />
            <Select name="softwareId" label="Logiciel concerné" options={software.map((x) => ({ value: x.id, label: `${x.product} (${x.publisher})` }))} value={t.softwareId} placeholder="Aucun en particulier" error={errors?.softwareId} />
            <button type="submit">Enregistrer</button>
          </Form>
        </section>
      ) : null}

      <section aria-labelledby="echanges">
        <h2 id="echanges">Échanges</h2>
        {d.comments.length === 0 ? <p>Aucun message pour l’instant.</p> : null}
        <ol class="thread">
          {d.comments.map((cm) => (
            <li class={cm.internal ? 'comment internal' : 'comment'}>
              <p class="meta">
                <strong>{cm.authorName}</strong>, {dateTime(cm.createdAt)}
                {cm.internal ? ' — note interne (non visible par la collectivité)' : ''}
                {cm.via === 'email' ? ' — par courriel' : ''}
              </p>
              <div class="prose">{raw(renderMarkdown(cm.body))}</div>
            </li>
          ))}
        </ol>
        {t.status !== 'closed' || staff ? (
          <Form action={`${url}/reponse`} csrf={csrf} label="Répondre">
            <Textarea name="body" label={staff ? 'Réponse ou note' : 'Votre réponse'} hint="Mise en forme Markdown possible." value={values.body} error={errors?.body} rows={5} />
            {staff ? <Checkbox name="internal" label="Note interne (invisible pour la collectivité)" checked={values.internal === '1'} /> : null}
            <button type="submit">Envoyer</button>
          </Form>
        ) : null}
      </section>

      <section aria-labelledby="pj">
        <h2 id="pj">Pièces jointes</h2>
        <ul>
          {d.attachments.map((a) => (
            <li><a href={`${url}/pieces/${a.id}`}>{a.name}</a> ({Math.ceil(a.size / 1024)} Ko){a.internal ? ' — interne' : ''}</li>
          ))}
        </ul>
        <Form action={`${url}/pieces`} csrf={csrf} enctype="multipart/form-data" label="Joindre un fichier">
          <div class="field">
            <label for="champ-file">Fichier (10 Mo au plus)</label>
            {errors?.file ? <span class="field-error" id="champ-file-erreur">Erreur : {errors.file}</span> : null}
            <input type="file" id="champ-file" name="file" aria-describedby={errors?.file ? 'champ-file-erreur' : undefined} />
          </div>
          {staff ? <Checkbox name="internal" label="Pièce interne (jamais montrée à la collectivité)" /> : null}
          <button type="submit">Joindre</button>
        </Form>
      </section>

      <section aria-labelledby="interventions">
        <h2 id="interventions">Interventions</h2>
        {d.interventions.length ? (
          <table>
            <caption>Interventions sur cette demande</caption>
            <thead><tr><th scope="col">Date</th><th scope="col">Canal</th><th scope="col">Durée</th><th scope="col">Trajet</th><th scope="col">Résumé</th></tr></thead>
            <tbody>
              {d.interventions.map((i) => (
                <tr><td>{dateTime(i.startedAt)}</td><td>{CHANNEL_LABELS[i.channel]}</td><td>{i.durationMinutes} min</td><td>{i.travelMinutes ? `${i.travelMinutes} min` : '—'}</td><td>{i.summary}</td></tr>
              ))}
            </tbody>
          </table>
        ) : <p>Aucune intervention.</p>}
        {staff ? (
          <Form action={`${url}/interventions`} csrf={csrf} label="Ajouter une intervention">
            <Select name="channel" label="Canal" options={Object.entries(CHANNEL_LABELS).map(([value, label]) => ({ value, label }))} value={values.channel ?? 'phone'} error={errors?.channel} />
            <TextInput name="startedAt" type="datetime-local" label="Début (heure de Paris, vide : maintenant)" value={values.startedAt} error={errors?.startedAt} />
            <TextInput name="durationMinutes" type="number" label="Durée (minutes)" value={values.durationMinutes} error={errors?.durationMinutes} required />
            <TextInput name="travelMinutes" type="number" label="Temps de trajet (minutes, déplacements)" value={values.travelMinutes} error={errors?.travelMinutes} />
            <Textarea name="summary" label="Résumé" value={values.summary} rows={3} error={errors?.summary} />
            <button type="submit">Enregistrer l’intervention</button>
          </Form>
        ) : null}
      </section>

      {!staff && t.status === 'resolved' ? (
        <Form action={`${url}/confirmer`} csrf={csrf} label="Confirmer la résolution">
          <p>Le service indique que le problème est résolu.</p>
          <button type="submit">Je confirme la résolution</button>
        </Form>
      ) : null}
      {!staff && (t.status === 'resolved' || t.status === 'closed') ? (
        <Form action={`${url}/note`} csrf={csrf} label="Noter l’intervention">
          <Select name="rating" label="Votre note (1 à 5)" options={[1, 2, 3, 4, 5].map((n) => ({ value: String(n), label: `${n} / 5` }))} value={values.rating ?? (t.rating ? String(t.rating) : '5')} error={errors?.rating} />
          <Textarea name="comment" label="Commentaire (facultatif)" value={values.comment ?? t.ratingComment} rows={3} error={errors?.comment} />
          <button type="submit">Noter</button>
        </Form>
      ) : null}

      <section aria-labelledby="historique">
        <h2 id="historique">Historique</h2>
        <ol class="history">
          {d.events.map((e) => (
            <li>{dateTime(e.at)} — {e.actorName ?? 'Système'} : {eventText(e.kind, e.fromValue, e.toValue)}</li>
          ))}
        </ol>
      </section>
    </>,
  );
}

function eventText(kind: string, from: string | null, to: string | null): string {
  const s = (v: string | null) => (v && v in STATUS_LABELS ? STATUS_LABELS[v as TicketStatus] : (v ?? '—'));
  switch (kind) {
    case 'created': return 'demande créée';
    case 'status': return `statut ${s(from)} → ${s(to)}`;
    case 'assigned': return 'affectation modifiée';
    case 'priority': return `priorité ${from} → ${to}`;
    case 'domain': return `domaine ${from} → ${to}`;
    case 'comment': return 'réponse';
    case 'note': return 'note interne';
    case 'intervention': return `intervention (${to})`;
    case 'attachment': return `pièce jointe ${to}`;
    case 'rating': return `note ${to}/5`;
    default: return kind;
  }
}

/** Routes of a ticket page, for staff (/assistance/tickets) and members (/mes-demandes). */
export function mountTicketPages(app: OpenAPIHono<AppEnv>, base: string) {
  const path = `${base}/:id{${UUID}}`;
  app.get(path, (c) => ticketPage(c, base));
  const back = (c: Ctx) => `${base}/${tid(c)}`;
  app.post(`${path}/reponse`, async (c) => {
    const v = await formValues(c);
    return submit(c, async () => {
      await addComment(c.get('ctx'), tid(c), { body: v.body ?? '', internal: v.internal === '1' });
      return { redirect: back(c), message: v.internal === '1' ? 'La note interne a été ajoutée.' : 'Votre message a été envoyé.' };
    }, (errors) => ticketPage(c, base, errors, v));
  });
  app.post(`${path}/pieces`, async (c) => {
    const body = await c.req.parseBody();
    const file = body.file;
    return submit(c, async () => {
      if (!(file instanceof File) || file.size === 0) throw new Invalid('Aucun fichier.', { file: 'Choisissez un fichier.' });
      await addAttachment(c.get('ctx'), tid(c), { name: file.name, bytes: new Uint8Array(await file.arrayBuffer()), internal: body.internal === '1' });
      return { redirect: back(c), message: 'Le fichier a été joint.' };
    }, (errors) => ticketPage(c, base, errors));
  });
  app.get(`${path}/pieces/:aid{${UUID}}`, async (c) => {
    const a = await getAttachment(c.get('ctx'), tid(c), c.req.param('aid') ?? '');
    return c.body(new Uint8Array(a.bytes), 200, { 'Content-Type': a.mime, 'Content-Disposition': `attachment; filename*=UTF-8''${encodeURIComponent(a.name)}`, 'X-Content-Type-Options': 'nosniff' });
  });
  app.post(`${path}/confirmer`, async (c) => {
    await confirmResolution(c.get('ctx'), tid(c));
    setFlash(c, 'success', 'Merci : la demande est clôturée.');
    return c.redirect(back(c), 303);
  });
  app.post(`${path}/note`, async (c) => {
    const v = await formValues(c);
    return submit(c, async () => {
      await rateTicket(c.get('ctx'), tid(c), { rating: Number(v.rating), comment: v.comment });
      return { redirect: back(c), message: 'Merci pour votre note.' };
    }, (errors) => ticketPage(c, base, errors, v));
  });
  if (base !== '/assistance/tickets') return;
  app.post(`${path}/statut`, async (c) => {
    const v = await formValues(c);
    await changeStatus(c.get('ctx'), tid(c), v.status as TicketStatus);
    setFlash(c, 'success', `Statut : ${STATUS_LABELS[v.status as TicketStatus] ?? v.status}.`);
    return c.redirect(back(c), 303);
  });
  app.post(`${path}/classer`, async (c) => {
    const v = await formValues(c);
    return submit(c, async () => {
      await updateTicket(c.get('ctx'), tid(c), { assigneeId: v.assigneeId || null, priority: v.priority as never, domain: v.domain, softwareId: v.softwareId || null });
      return { redirect: back(c), message: 'La demande a été mise à jour.' };
    }, (errors) => ticketPage(c, base, errors, v));
  });
  app.post(`${path}/interventions`, async (c) => {
    const v = await formValues(c);
    return submit(c, async () => {
      await addIntervention(c.get('ctx'), tid(c), { channel: v.channel as Channel, durationMinutes: v.durationMinutes ?? '', travelMinutes: v.travelMinutes || 0, summary: v.summary, startedAt: v.startedAt ? parisLocal(v.startedAt) : undefined });
      return { redirect: back(c), message: 'L’intervention a été enregistrée.' };
    }, (errors) => ticketPage(c, base, errors, v));
  });
}

/** `datetime-local` values are Paris wall-clock times. */
function parisLocal(v: string): Date | string {
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})/.exec(v);
  return m ? parisInstant(m[1]!, m[2]!) : v;
}
