import type { OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { UUID_ROUTE } from '../../../../platform/http/api.ts';
import type { AppEnv } from '../../../../platform/http/types.ts';
import { can } from '../../../../platform/auth/permissions.ts';
import { render } from '../../../../platform/ui/render.tsx';
import { ConfirmAction } from '../../../../platform/ui/confirm.tsx';
import { ErrorSummary, Form, TextInput, type FieldErrors } from '../../../../platform/ui/form.tsx';
import { setFlash } from '../../../../platform/ui/flash.ts';
import { formatRatio } from '../../money.ts';
import { describeRule, type PricingRule } from '../../pricing.ts';
import { adoptGrid, createGrid, getGrid, listGrids, proposeNextGrid, updateGrid } from '../../tariffs.ts';
import { mountRuleEditor } from './rule-editor.tsx';
import { DecisionFacts, DecisionUpload, mountDecisionPages } from './tariff-decision.tsx';
import { frDate, staffCrumbs, Trail } from './view.tsx';
import { formBody, today, withForm } from '../forms.ts';

/** A pricing rule in words, so finance staff can check a grid without reading JSON. */
export function RuleView({ rule }: { rule: PricingRule }) {
  if (rule.kind !== 'sum') return <span>{describeRule(rule)}</span>;
  return (
    <ul>
      {rule.parts.map((p) => (
        <li>
          {p.label} : {describeRule(p.rule)}
        </li>
      ))}
    </ul>
  );
}

async function gridsPage(c: Context<AppEnv>, errors?: FieldErrors | null) {
  const ctx = c.get('ctx');
  const { rows: grids } = await listGrids(ctx);
  return render(
    c,
    { title: 'Grilles tarifaires', breadcrumbs: staffCrumbs({ label: 'Grilles tarifaires' }), status: errors ? 422 : 200 },
    <>
      <h1>Grilles tarifaires</h1>
      <table>
        <caption>Grilles par année</caption>
        <thead>
          <tr>
            <th scope="col">Année</th>
            <th scope="col">En vigueur le</th>
            <th scope="col">État</th>
            <th scope="col">Décision du président</th>
          </tr>
        </thead>
        <tbody>
          {grids.map((g) => (
            <tr>
              <td>
                <a href={`/tarifs/${g.id}`}>{g.year}</a>
              </td>
              <td>{frDate(g.effectiveOn)}</td>
              <td>{g.status === 'adopted' ? 'Adoptée' : 'Projet'}</td>
              <td>
                <DecisionFacts g={g} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {can(ctx.actor, 'tariffs.manage') ? (
        <>
          <h2>Nouvelle grille</h2>
          <ErrorSummary errors={errors} />
          <Form action="/tarifs" csrf={ctx.actor!.csrfToken} label="Nouvelle grille">
            <TextInput name="year" label="Année" type="number" required error={errors?.year} />
            <TextInput name="effectiveOn" label="Date d’effet" type="date" required error={errors?.effectiveOn} />
            <TextInput name="indexBaseMonth" label="Mois de base de l’indice (AAAA-MM)" required error={errors?.indexBaseMonth} />
            <button type="submit">Créer</button>
          </Form>
        </>
      ) : null}
    </>,
  );
}

async function gridPage(c: Context<AppEnv>, errors?: FieldErrors | null) {
  const ctx = c.get('ctx');
  const g = await getGrid(ctx, c.req.param('id') ?? '');
  const manage = can(ctx.actor, 'tariffs.manage');
  const draft = g.status === 'draft';
  const csrf = ctx.actor!.csrfToken;
  return render(
    c,
    { title: `Grille ${g.year}`, breadcrumbs: staffCrumbs({ href: '/tarifs', label: 'Grilles tarifaires' }, { label: String(g.year) }), status: errors ? 422 : 200 },
    <>
      <h1>
        Grille tarifaire {g.year} — {draft ? 'projet' : 'adoptée'}
      </h1>
      <ErrorSummary errors={errors} />
      <dl class="facts">
        <dt>En vigueur le</dt>
        <dd>{frDate(g.effectiveOn)}</dd>
        <dt>Mois de base de l’indice</dt>
        <dd>{g.indexBaseMonth}</dd>
        <dt>Proposition de la commission informatique</dt>
        <dd>{frDate(g.commissionProposedOn)}</dd>
        <dt>Décision du président</dt>
        <dd>
          <DecisionFacts g={g} />
        </dd>
        {g.revisedAt ? (
          <>
            <dt>Révision Syntec</dt>
            <dd>au {frDate(g.revisedAt)}, depuis la grille précédente</dd>
          </>
        ) : null}
      </dl>
      <h2>Options</h2>
      {manage && draft ? (
        <p>
          <a href={`/tarifs/${g.id}/options`}>Ajouter une option</a>
        </p>
      ) : null}
      {g.options.map((o) => (
        <section class="card" id={`option-${o.code}`}>
          <h3>
            {o.label} ({o.code}){o.mandatory ? ' — obligatoire' : ''}
            {o.requiresAmendment ? ' — par avenant' : ''}
          </h3>
          <RuleView rule={o.rule} />
          <p>Partie fixe de révision a = {formatRatio(o.fixedPart)}</p>
          {o.revisionTrail?.length ? (
            <details>
              <summary>Trace de la révision ({o.revisionTrail.length} montant(s))</summary>
              {o.revisionTrail.map((t) => (
                <Trail t={t} />
              ))}
            </details>
          ) : null}
          {manage && draft ? (
            <p>
              <a href={`/tarifs/${g.id}/options?code=${o.code}`}>Modifier l’option {o.label}</a> —{' '}
              <a href={`/tarifs/${g.id}/options/retrait?code=${o.code}`}>Retirer l’option {o.label}…</a>
            </p>
          ) : null}
        </section>
      ))}
      {manage && draft ? (
        <>
          <h2>Décision</h2>
          <Form action={`/tarifs/${g.id}`} csrf={csrf} label="Décision">
            <TextInput name="commissionProposedOn" label="Date de proposition de la commission" type="date" value={g.commissionProposedOn} error={errors?.commissionProposedOn} />
            <TextInput name="decisionReference" label="Référence de la décision du président" value={g.decisionReference} error={errors?.decisionReference} />
            <TextInput name="decisionOn" label="Date de la décision" type="date" value={g.decisionOn} error={errors?.decisionOn} />
            <button type="submit">Enregistrer</button>
          </Form>
          <p>
            <a href={`/tarifs/${g.id}/adopter`}>Adopter la grille…</a>
          </p>
        </>
      ) : null}
      {manage ? (
        <>
          <h2>PDF de la décision du président</h2>
          <DecisionUpload g={g} csrf={csrf} errors={errors} />
        </>
      ) : null}
      {manage && !draft ? (
        <>
          <h2>Proposer la grille {g.year + 1}</h2>
          <Form action={`/tarifs/${g.id}/proposer`} csrf={csrf} label="Proposer la grille suivante">
            <TextInput name="revisedAt" label="Date de révision (dernier indice publié à cette date)" type="date" required value={today(c)} error={errors?.revisedAt} />
            <TextInput name="effectiveOn" label="Date d’effet" type="date" required value={`${g.year + 1}-01-01`} error={errors?.effectiveOn} />
            <button type="submit">Proposer par révision Syntec</button>
          </Form>
        </>
      ) : null}
    </>,
  );
}

export function mountTariffPages(app: OpenAPIHono<AppEnv>) {
  mountRuleEditor(app);
  mountDecisionPages(app, gridPage);
  app.get('/tarifs', (c) => gridsPage(c));
  app.post('/tarifs', async (c) => {
    const v = await formBody(c);
    const r = await withForm(() => createGrid(c.get('ctx'), { year: Number(v.year), effectiveOn: v.effectiveOn ?? '', indexBaseMonth: v.indexBaseMonth ?? '' }), (e) => gridsPage(c, e));
    if (r instanceof Response) return r;
    return c.redirect(`/tarifs/${r.id}`, 303);
  });
  app.get(`/tarifs/:id${UUID_ROUTE}`, (c) => gridPage(c));
  app.post(`/tarifs/:id${UUID_ROUTE}`, async (c) => {
    const v = await formBody(c);
    const r = await withForm(() => updateGrid(c.get('ctx'), c.req.param('id'), { commissionProposedOn: v.commissionProposedOn || null, decisionReference: v.decisionReference || null, decisionOn: v.decisionOn || null }), (e) => gridPage(c, e));
    if (r instanceof Response) return r;
    setFlash(c, 'success', 'Grille enregistrée.');
    return c.redirect(`/tarifs/${c.req.param('id')}`, 303);
  });
  app.get(`/tarifs/:id${UUID_ROUTE}/adopter`, async (c) => {
    const ctx = c.get('ctx');
    const g = await getGrid(ctx, c.req.param('id'));
    return render(c, { title: `Adopter la grille ${g.year}`, breadcrumbs: staffCrumbs({ href: `/tarifs/${g.id}`, label: String(g.year) }, { label: 'Adoption' }) }, <ConfirmAction title={`Adopter la grille ${g.year}`} message="Une grille adoptée ne peut plus être modifiée." action={`/tarifs/${g.id}/adopter`} csrf={ctx.actor!.csrfToken} cancelHref={`/tarifs/${g.id}`} confirmLabel="Adopter" />);
  });
  app.post(`/tarifs/:id${UUID_ROUTE}/adopter`, async (c) => {
    const r = await withForm(() => adoptGrid(c.get('ctx'), c.req.param('id')), (e) => gridPage(c, e));
    if (r instanceof Response) return r;
    setFlash(c, 'success', `Grille ${r.year} adoptée.`);
    return c.redirect(`/tarifs/${r.id}`, 303);
  });
  app.post(`/tarifs/:id${UUID_ROUTE}/proposer`, async (c) => {
    const v = await formBody(c);
    const r = await withForm(() => proposeNextGrid(c.get('ctx'), c.req.param('id'), { revisedAt: v.revisedAt ?? '', effectiveOn: v.effectiveOn ?? '' }), (e) => gridPage(c, e));
    if (r instanceof Response) return r;
    setFlash(c, 'success', `Grille ${r.year} proposée par révision : vérifiez-la puis adoptez-la.`);
    return c.redirect(`/tarifs/${r.id}`, 303);
  });
}
