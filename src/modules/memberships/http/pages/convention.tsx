import type { OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { UUID_ROUTE } from '../../../../platform/http/api.ts';
import type { AppEnv } from '../../../../platform/http/types.ts';
import { can } from '../../../../platform/auth/permissions.ts';
import { render } from '../../../../platform/ui/render.tsx';
import { ConfirmAction } from '../../../../platform/ui/confirm.tsx';
import { ErrorSummary, Form, Select, TextInput, Textarea, type FieldErrors } from '../../../../platform/ui/form.tsx';
import { setFlash } from '../../../../platform/ui/flash.ts';
import { createAmendment, decideRequest, describeChange } from '../../amendments.ts';
import { deliberationChoices } from '../../choices.ts';
import { conventionDetail, conventionPrices, transition, type TransitionInput } from '../../conventions.ts';
import { conventionDocument, quantities } from '../../documents.ts';
import { allowedEvents, EVENT_LABELS, STATE_LABELS, type ConventionEvent } from '../../lifecycle.ts';
import { euros, frDate, PriceBreakdown, staffCrumbs } from './view.tsx';
import { formBody, today, withForm } from '../forms.ts';

const REQUEST_STATUS = { pending: 'En attente', accepted: 'Acceptée (avenant)', refused: 'Refusée' } as const;

async function detailPage(c: Context<AppEnv>, errors?: FieldErrors | null) {
  const ctx = c.get('ctx');
  const id = c.req.param('id') ?? '';
  const d = await conventionDetail(ctx, id);
  const manage = can(ctx.actor, 'memberships.manage');
  const { grid, options } = await conventionPrices(ctx, id, today(c) < d.convention.startsOn ? d.convention.startsOn : today(c));
  const events = manage ? allowedEvents(d.convention.status) : [];
  const delibs = events.includes('sign') ? await deliberationChoices(ctx, d.convention.organisationId) : [];
  const csrf = ctx.actor!.csrfToken;
  const c0 = d.convention;
  return render(
    c,
    { title: `Convention ${c0.number}`, breadcrumbs: staffCrumbs({ label: c0.number }), status: errors ? 422 : 200 },
    <>
      <h1>
        Convention {c0.number} — {d.organisation.name}
      </h1>
      <ErrorSummary errors={errors} />
      <dl class="facts">
        <dt>État</dt>
        <dd>{STATE_LABELS[c0.status]}</dd>
        <dt>Génération</dt>
        <dd>
          du {frDate(c0.generationStartsOn)} au {frDate(c0.generationEndsOn)}
        </dd>
        <dt>Début</dt>
        <dd>{frDate(c0.startsOn)}</dd>
        <dt>Fin de l’année en cours</dt>
        <dd>{frDate(c0.currentTermEndsOn)}</dd>
        <dt>Délibération</dt>
        <dd>{d.deliberation ? `n° ${d.deliberation.number} du ${frDate(d.deliberation.adoptedOn)}` : 'non enregistrée'}</dd>
        <dt>Signature</dt>
        <dd>{frDate(c0.signedOn)}</dd>
        <dt>Population retenue</dt>
        <dd>
          {c0.population.toLocaleString('fr-FR')} habitants (au {frDate(c0.populationAsOf)})
        </dd>
        {c0.terminatedOn ? (
          <>
            <dt>Résiliation</dt>
            <dd>
              à compter du {frDate(c0.terminatedOn)}, par {c0.terminatedBy === 'member' ? 'la collectivité' : 'le syndicat'}, {c0.terminationReason === 'fault' ? 'pour faute' : 'librement'}
            </dd>
          </>
        ) : null}
        {c0.previousId ? (
          <>
            <dt>Convention précédente</dt>
            <dd>
              <a href={`/adhesions/${c0.previousId}`}>voir</a>
            </dd>
          </>
        ) : null}
        {c0.nextId ? (
          <>
            <dt>Convention suivante</dt>
            <dd>
              <a href={`/adhesions/${c0.nextId}`}>voir</a>
            </dd>
          </>
        ) : null}
      </dl>
      <p>
        <a href={`/adhesions/${id}/convention.pdf`}>Télécharger la convention et son annexe (PDF)</a>
      </p>
      <h2>Options et prix {grid ? `(grille ${grid.year})` : ''}</h2>
      {options.length === 0 ? <p>Aucune option détenue à ce jour ou aucune grille en vigueur.</p> : null}
      {options.map((o) => (
        <section class="card">
          <h3>
            {o.label} {quantities(o) ? `— ${quantities(o)}` : ''} : {euros(o.price.amount)} par an
          </h3>
          <p>Depuis le {frDate(o.startsOn)}</p>
          <PriceBreakdown price={o.price} />
        </section>
      ))}
      <h2>Historique des options</h2>
      <table>
        <caption>Lignes d’options de la convention</caption>
        <thead>
          <tr>
            <th scope="col">Option</th>
            <th scope="col">Postes</th>
            <th scope="col">Go</th>
            <th scope="col">Du</th>
            <th scope="col">Au</th>
          </tr>
        </thead>
        <tbody>
          {d.lines.map((l) => (
            <tr>
              <td>{l.optionCode}</td>
              <td>{l.workstations}</td>
              <td>{l.gigabytes}</td>
              <td>{frDate(l.startsOn)}</td>
              <td>{l.endsOn ? frDate(l.endsOn) : '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h2>Avenants</h2>
      {d.amendments.length === 0 ? <p>Aucun avenant.</p> : (
        <ul>
          {d.amendments.map((a) => (
            <li>
              Avenant n° {a.number}, effet au {frDate(a.effectiveOn)} : {a.changes.map(describeChange).join(' ')} {a.note ?? ''}
            </li>
          ))}
        </ul>
      )}
      <h2>Demandes de la collectivité</h2>
      {d.requests.length === 0 ? <p>Aucune demande.</p> : null}
      {d.requests.map((r) => (
        <section class="card">
          <p>
            Demande du {frDate(r.createdAt.toISOString().slice(0, 10))} pour le {frDate(r.wishedOn)} — {REQUEST_STATUS[r.status]}
          </p>
          <p>{r.changes.map(describeChange).join(' ')}</p>
          {r.message ? <p>Message : {r.message}</p> : null}
          {r.decisionNote ? <p>Réponse : {r.decisionNote}</p> : null}
          {manage && r.status === 'pending' ? (
            <Form action={`/adhesions/demandes/${r.id}`} csrf={csrf} label="Décision sur la demande">
              <Textarea name="note" label="Réponse à la collectivité (obligatoire en cas de refus)" rows={2} />
              <div class="actions">
                <button type="submit" name="decision" value="accept">
                  Accepter (crée l’avenant)
                </button>
                <button type="submit" name="decision" value="refuse" class="secondary">
                  Refuser
                </button>
              </div>
            </Form>
          ) : null}
        </section>
      ))}
      {events.length > 0 ? (
        <>
          <h2>Actions</h2>
          {events.map((e) => (
            <EventForm id={id} event={e} csrf={csrf} delibs={delibs} errors={errors} />
          ))}
        </>
      ) : null}
      {manage && c0.status === 'active' ? (
        <>
          <h2>Nouvel avenant</h2>
          <Form action={`/adhesions/${id}/avenant`} csrf={csrf} label="Nouvel avenant">
            <TextInput name="effectiveOn" label="Date d’effet" type="date" required error={errors?.effectiveOn} />
            <Select name="action" label="Changement" required options={[{ value: 'add', label: 'Ajouter une option' }, { value: 'change', label: 'Changer les quantités' }, { value: 'remove', label: 'Retirer une option' }]} />
            <Select name="optionCode" label="Option" required options={(grid?.options ?? []).map((o) => ({ value: o.code, label: o.label }))} />
            <TextInput name="workstations" label="Nombre de postes (si concerné)" type="number" min={0} />
            <TextInput name="gigabytes" label="Quota en Go (si concerné)" type="number" min={0} />
            <Textarea name="note" label="Objet de l’avenant" rows={2} />
            <button type="submit">Enregistrer l’avenant</button>
          </Form>
        </>
      ) : null}
    </>,
  );
}

function EventForm(p: { id: string; event: ConventionEvent; csrf: string | undefined; delibs: { id: string; number: string; adoptedOn: string }[]; errors?: FieldErrors | null }) {
  if (p.event === 'terminate' || p.event === 'abandon') {
    return (
      <p>
        <a href={`/adhesions/${p.id}/${p.event === 'terminate' ? 'resilier' : 'abandonner'}`} class="button danger">
          {p.event === 'terminate' ? 'Résilier…' : 'Abandonner…'}
        </a>
      </p>
    );
  }
  return (
    <Form action={`/adhesions/${p.id}/action`} csrf={p.csrf} label={EVENT_LABELS[p.event]}>
      <input type="hidden" name="event" value={p.event} />
      {p.event === 'sign' ? (
        <>
          <Select name="deliberationId" label="Délibération de la collectivité" required placeholder="Choisir…" options={p.delibs.map((d) => ({ value: d.id, label: `n° ${d.number} du ${frDate(d.adoptedOn)}` }))} error={p.errors?.deliberationId} />
          <TextInput name="signedOn" label="Date de signature" type="date" required error={p.errors?.signedOn} />
        </>
      ) : null}
      <button type="submit">{EVENT_LABELS[p.event].replace(/^./, (x) => x.toUpperCase())}</button>
    </Form>
  );
}

async function confirmPage(c: Context<AppEnv>, kind: 'resilier' | 'abandonner', errors?: FieldErrors | null) {
  const ctx = c.get('ctx');
  const id = c.req.param('id') ?? '';
  const d = await conventionDetail(ctx, id);
  const terminate = kind === 'resilier';
  return render(
    c,
    { title: terminate ? 'Résilier la convention' : 'Abandonner la convention', breadcrumbs: staffCrumbs({ href: `/adhesions/${id}`, label: d.convention.number }, { label: terminate ? 'Résiliation' : 'Abandon' }), status: errors ? 422 : 200 },
    <>
      <ErrorSummary errors={errors} />
      {terminate ? (
        <>
          <h1>Résilier la convention {d.convention.number}</h1>
          <p>Les options cessent la veille de la date d’effet ; la résiliation est définitive.</p>
          <Form action={`/adhesions/${id}/action`} csrf={ctx.actor!.csrfToken} label="Résiliation">
            <input type="hidden" name="event" value="terminate" />
            <TextInput name="effectiveOn" label="Date d’effet" type="date" required error={errors?.effectiveOn} />
            <Select name="by" label="À l’initiative de" required placeholder="Choisir…" options={[{ value: 'member', label: 'La collectivité' }, { value: 'syndicate', label: 'Le syndicat' }]} error={errors?.by} />
            <Select name="reason" label="Motif" required placeholder="Choisir…" options={[{ value: 'free', label: 'Libre volonté' }, { value: 'fault', label: 'Faute' }]} error={errors?.reason} />
            <Textarea name="note" label="Précisions" rows={3} />
            <div class="actions">
              <button type="submit" class="danger">
                Confirmer la résiliation
              </button>
              <a href={`/adhesions/${id}`}>Annuler</a>
            </div>
          </Form>
        </>
      ) : (
        <ConfirmAction title={`Abandonner la convention ${d.convention.number}`} message="La convention ne pourra plus être signée." action={`/adhesions/${id}/action?event=abandon`} csrf={ctx.actor!.csrfToken} cancelHref={`/adhesions/${id}`} confirmLabel="Abandonner" danger />
      )}
    </>,
  );
}

export function mountConventionPages(app: OpenAPIHono<AppEnv>) {
  app.get(`/adhesions/:id${UUID_ROUTE}`, (c) => detailPage(c));
  app.get(`/adhesions/:id${UUID_ROUTE}/resilier`, (c) => confirmPage(c, 'resilier'));
  app.get(`/adhesions/:id${UUID_ROUTE}/abandonner`, (c) => confirmPage(c, 'abandonner'));
  app.get(`/adhesions/:id${UUID_ROUTE}/convention.pdf`, async (c) => {
    const doc = await conventionDocument(c.get('ctx'), c.req.param('id'), today(c));
    return c.body(new Uint8Array(doc.bytes), 200, { 'Content-Type': 'application/pdf', 'Content-Disposition': `attachment; filename="${doc.filename}"` });
  });
  app.post(`/adhesions/:id${UUID_ROUTE}/action`, async (c) => {
    const id = c.req.param('id');
    const v = await formBody(c);
    const event = (v.event ?? c.req.query('event') ?? '') as ConventionEvent;
    const input = { event, deliberationId: v.deliberationId || undefined, signedOn: v.signedOn || undefined, effectiveOn: v.effectiveOn || undefined, by: v.by || undefined, reason: v.reason || undefined, note: v.note || undefined } as TransitionInput;
    const r = await withForm(() => transition(c.get('ctx'), id, input), (errors) => (event === 'terminate' ? confirmPage(c, 'resilier', errors) : detailPage(c, errors)));
    if (r instanceof Response) return r;
    setFlash(c, 'success', `Action effectuée : ${EVENT_LABELS[event]}. État : ${STATE_LABELS[r.status]}.`);
    return c.redirect(`/adhesions/${event === 'renew_expressly' && r.nextId ? r.nextId : id}`, 303);
  });
  app.post(`/adhesions/:id${UUID_ROUTE}/avenant`, async (c) => {
    const id = c.req.param('id');
    const v = await formBody(c);
    const change = { optionCode: v.optionCode ?? '', action: (v.action ?? 'add') as 'add', workstations: v.workstations ? Number(v.workstations) : undefined, gigabytes: v.gigabytes ? Number(v.gigabytes) : undefined };
    const r = await withForm(() => createAmendment(c.get('ctx'), id, { effectiveOn: v.effectiveOn ?? '', changes: [change], note: v.note || undefined }), (errors) => detailPage(c, errors));
    if (r instanceof Response) return r;
    setFlash(c, 'success', `Avenant n° ${r.number} enregistré.`);
    return c.redirect(`/adhesions/${id}`, 303);
  });
  app.post(`/adhesions/demandes/:id${UUID_ROUTE}`, async (c) => {
    const v = await formBody(c);
    const accept = v.decision === 'accept';
    const r = await decideRequest(c.get('ctx'), c.req.param('id'), { accept, note: v.note || undefined });
    setFlash(c, 'success', accept ? 'Demande acceptée : l’avenant est créé.' : 'Demande refusée.');
    return c.redirect(`/adhesions/${r.conventionId}`, 303);
  });
}
