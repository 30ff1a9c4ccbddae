import type { OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { AppEnv } from '../../../../platform/http/types.ts';
import { authorize } from '../../../../platform/auth/permissions.ts';
import { render } from '../../../../platform/ui/render.tsx';
import { ErrorSummary, Form, Select, TextInput, Textarea, type FieldErrors } from '../../../../platform/ui/form.tsx';
import { setFlash } from '../../../../platform/ui/flash.ts';
import { describeChange, requestOptionChange } from '../../amendments.ts';
import { memberContributions } from '../../contributions.ts';
import { conventionDetail, conventionPrices } from '../../conventions.ts';
import { quantities } from '../../documents.ts';
import { STATE_LABELS } from '../../lifecycle.ts';
import { listConventions } from '../../list.ts';
import { euros, frDate, PriceBreakdown, Trail } from './view.tsx';
import { formBody, today, withForm } from '../forms.ts';

const BASE = '/ma-collectivite/adhesion';
const crumbs = [{ href: '/', label: 'Accueil' }, { label: 'Mon adhésion informatique' }];

async function currentConventionId(c: Context<AppEnv>): Promise<string | null> {
  const ctx = c.get('ctx');
  const { rows } = await listConventions(ctx, { q: '', page: 1, pageSize: 100, sort: 'startsOn', dir: 'desc', filters: {} });
  return (rows.find((r) => r.status === 'active') ?? rows[0])?.id ?? null;
}

async function portalPage(c: Context<AppEnv>, errors?: FieldErrors | null) {
  const ctx = c.get('ctx');
  authorize(ctx.actor, 'memberships.read', ctx.actor?.organisationId);
  const id = await currentConventionId(c);
  const history = await memberContributions(ctx, ctx.actor!.organisationId);
  if (!id) {
    return render(c, { title: 'Mon adhésion informatique', breadcrumbs: crumbs }, <><h1>Mon adhésion informatique</h1><p>Votre collectivité n’a pas de convention avec le service informatique.</p></>);
  }
  const d = await conventionDetail(ctx, id);
  const on = today(c) < d.convention.startsOn ? d.convention.startsOn : today(c);
  const { grid, options } = await conventionPrices(ctx, id, on);
  return render(
    c,
    { title: 'Mon adhésion informatique', breadcrumbs: crumbs, status: errors ? 422 : 200 },
    <>
      <h1>Mon adhésion informatique</h1>
      <p>
        Convention {d.convention.number} — {STATE_LABELS[d.convention.status]}, du {frDate(d.convention.startsOn)} au plus tard au {frDate(d.convention.generationEndsOn)} (année en cours jusqu’au {frDate(d.convention.currentTermEndsOn)}).{' '}
        <a href={`/adhesions/${id}/convention.pdf`}>Télécharger la convention (PDF)</a>
      </p>
      <h2>Options et prix {grid ? `(grille ${grid.year})` : ''}</h2>
      {options.map((o) => {
        const trails = grid?.options.find((g) => g.code === o.code)?.revisionTrail ?? [];
        return (
          <section class="card">
            <h3>
              {o.label} {quantities(o) ? `— ${quantities(o)}` : ''} : {euros(o.price.amount)} par an
            </h3>
            <PriceBreakdown price={o.price} />
            {trails.length ? (
              <details>
                <summary>Révision Syntec de ce tarif</summary>
                {trails.map((t) => (
                  <Trail t={t} />
                ))}
              </details>
            ) : null}
          </section>
        );
      })}
      <h2>Contributions passées</h2>
      {history.length === 0 ? <p>Aucune contribution calculée.</p> : (
        <table>
          <caption>Contributions de la collectivité</caption>
          <thead>
            <tr>
              <th scope="col">Campagne</th>
              <th scope="col">Option</th>
              <th scope="col">Jours</th>
              <th scope="col">Montant</th>
            </tr>
          </thead>
          <tbody>
            {history.map((h) => (
              <tr>
                <td>
                  <a href={`/contributions/${h.run.id}/avis/${h.line.organisationId}`}>{h.run.label}</a>
                </td>
                <td>{h.line.optionLabel}</td>
                <td>
                  {h.line.days} / {h.line.periodDays}
                </td>
                <td>{euros(h.line.amount)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <h2>Mes demandes</h2>
      {d.requests.length === 0 ? <p>Aucune demande.</p> : (
        <ul>
          {d.requests.map((r) => (
            <li>
              {frDate(r.wishedOn)} : {r.changes.map(describeChange).join(' ')} — {r.status === 'pending' ? 'en attente' : r.status === 'accepted' ? 'acceptée' : `refusée (${r.decisionNote ?? ''})`}
            </li>
          ))}
        </ul>
      )}
      {d.convention.status === 'active' ? (
        <>
          <h2>Demander un changement d’options</h2>
          <ErrorSummary errors={errors} />
          <Form action={BASE} csrf={ctx.actor!.csrfToken} label="Demander un changement d’options">
            <Select name="action" label="Changement" required options={[{ value: 'add', label: 'Ajouter une option' }, { value: 'change', label: 'Changer les quantités' }, { value: 'remove', label: 'Retirer une option' }]} />
            <Select name="optionCode" label="Option" required options={(grid?.options ?? []).map((o) => ({ value: o.code, label: o.label }))} error={errors?.optionCode} />
            <TextInput name="workstations" label="Nombre de postes (si concerné)" type="number" min={0} />
            <TextInput name="gigabytes" label="Quota en Go (si concerné)" type="number" min={0} />
            <TextInput name="wishedOn" label="À compter du" type="date" required error={errors?.wishedOn} />
            <Textarea name="message" label="Message au syndicat" rows={3} />
            <button type="submit">Envoyer la demande</button>
          </Form>
        </>
      ) : null}
    </>,
  );
}

export function mountPortalPages(app: OpenAPIHono<AppEnv>) {
  app.get(BASE, (c) => portalPage(c));
  app.post(BASE, async (c) => {
    const v = await formBody(c);
    const id = await currentConventionId(c);
    const change = { optionCode: v.optionCode ?? '', action: (v.action ?? 'add') as 'add', workstations: v.workstations ? Number(v.workstations) : undefined, gigabytes: v.gigabytes ? Number(v.gigabytes) : undefined };
    const r = await withForm(() => requestOptionChange(c.get('ctx'), id ?? '', { wishedOn: v.wishedOn ?? '', changes: [change], message: v.message || undefined }), (e) => portalPage(c, e));
    if (r instanceof Response) return r;
    setFlash(c, 'success', 'Votre demande est transmise au syndicat.');
    return c.redirect(BASE, 303);
  });
}
