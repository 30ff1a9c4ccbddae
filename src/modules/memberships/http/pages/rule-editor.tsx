import type { OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { UUID_ROUTE } from '../../../../platform/http/api.ts';
import type { AppEnv } from '../../../../platform/http/types.ts';
import { NotFound } from '../../../../platform/errors.ts';
import { render } from '../../../../platform/ui/render.tsx';
import { ConfirmAction } from '../../../../platform/ui/confirm.tsx';
import { Checkbox, CsrfInput, ErrorSummary, Select, TextInput, type FieldErrors } from '../../../../platform/ui/form.tsx';
import { setFlash } from '../../../../platform/ui/flash.ts';
import { formatRatio, parseRatio } from '../../money.ts';
import { price, PricingError, UNIT_PLURALS, type PricingRule, type Quantities, type Unit } from '../../pricing.ts';
import { formUnits, indexesOf, isShape, ruleToValues, samples, valuesToRule, type FormValues } from '../rule-form.ts';
import { editableGrid, removeOption, saveOption, type GridWithOptions } from '../../tariffs.ts';
import { shapeOptions, SimpleFields } from './rule-fields.tsx';
import { euros, PriceBreakdown, staffCrumbs } from './view.tsx';
import { formBody, withForm } from '../forms.ts';


/** Prices of the sample quantities, each with its breakdown (or why no band covers it). */
function Preview({ rule, units, values, rows }: { rule: PricingRule | null; units: Unit[]; values: FormValues; rows: Quantities[] }) {
  return (
    <section aria-labelledby="apercu">
      <h2 id="apercu">Aperçu des prix</h2>
      {rule ? null : <p>Les prix s’afficheront quand la règle sera complète et valide (« Actualiser l’aperçu » signale ce qui manque).</p>}
      <div class="table-wrap">
        <table>
          <caption>Prix annuel pour des quantités d’exemple (modifiables, puis « Actualiser l’aperçu »)</caption>
          <thead>
            <tr>
              {units.map((u) => (
                <th scope="col">{UNIT_PLURALS[u]}</th>
              ))}
              <th scope="col" class="num">
                Prix annuel
              </th>
              <th scope="col">Détail</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((q, n) => {
              let cell: { amount: string; detail: unknown } = { amount: '—', detail: '' };
              if (rule) {
                try {
                  const p = price(rule, q);
                  cell = { amount: euros(p.amount), detail: <PriceBreakdown price={p} /> };
                } catch (e) {
                  if (!(e instanceof PricingError)) throw e;
                  cell = { amount: '—', detail: e.message };
                }
              }
              return (
                <tr>
                  {units.map((u) => (
                    <td>
                      <input name={`s${n}.${u}`} value={values[`s${n}.${u}`]} inputmode="numeric" aria-label={`${UNIT_PLURALS[u]}, exemple ${n + 1}`} />
                    </td>
                  ))}
                  <td class="num">{cell.amount}</td>
                  <td>{cell.detail}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      {units.length ? null : <p>Un forfait ne dépend d’aucune quantité.</p>}
    </section>
  );
}

function editorPage(c: Context<AppEnv>, g: GridWithOptions, v: FormValues, errors: FieldErrors, status: 200 | 422 = 200) {
  const ctx = c.get('ctx');
  const existing = g.options.find((o) => o.code === v.code && v.existing === '1');
  const { rule } = valuesToRule(v);
  const units = formUnits(v, rule);
  const sample = samples(v, rule, units);
  const top = v.kind ?? 'flat';
  const filled = indexesOf(v, 'p').filter((i) => isShape(v[`p${i}.kind`]));
  const parts = top === 'sum' ? [...filled, -1] : [0];
  const nextPart = Math.max(-1, ...filled) + 1;
  const title = existing ? `Règle de prix — ${existing.label}` : 'Nouvelle option';
  return render(
    c,
    { title: `${title} (grille ${g.year})`, breadcrumbs: staffCrumbs({ href: '/tarifs', label: 'Grilles tarifaires' }, { href: `/tarifs/${g.id}`, label: String(g.year) }, { label: title }), status },
    <>
      <h1>
        {title} — grille {g.year}
      </h1>
      <ErrorSummary errors={errors} />
      <form method="post" action={`/tarifs/${g.id}/options`} aria-label="Option et règle de prix" data-autosubmit novalidate>
        <CsrfInput token={ctx.actor!.csrfToken} />
        <input type="hidden" name="existing" value={existing ? '1' : '0'} />
        {existing ? <input type="hidden" name="code" value={existing.code} /> : <TextInput name="code" label="Code de l’option (minuscules, ex. sauvegarde)" required value={v.code} error={errors.code} />}
        <TextInput name="label" label="Libellé" required value={v.label} error={errors.label} />
        <TextInput name="fixedPart" label="Partie fixe a de la révision Syntec (0 à 1)" inputmode="decimal" value={v.fixedPart ?? '0'} error={errors.fixedPart} />
        <Checkbox name="mandatory" label="Option obligatoire (maintenance de base)" checked={v.mandatory === '1'} />
        <Checkbox name="requiresAmendment" label="Uniquement par avenant (ex. DPO mutualisé)" checked={v.requiresAmendment === '1'} />
        <h2>Forme du prix</h2>
        <Select name="kind" label="Forme" options={shapeOptions(true)} value={top} error={errors.kind} hint="Après un changement de forme, « Afficher les champs » présente ceux de la nouvelle forme. Montants en euros, coefficients décimaux." />
        <button type="submit" name="action" value="preview" class="secondary">
          Afficher les champs et actualiser l’aperçu
        </button>
        {parts.map((i) => {
          const idx = i === -1 ? nextPart : i;
          const p = `p${idx}.`;
          if (top !== 'sum') {
            // Carried along so that switching to a sum keeps this rule as its first part.
            const kind = isShape(top) ? top : 'flat';
            return (
              <>
                <input type="hidden" name={`${p}kind`} value={kind} />
                <SimpleFields v={v} p={p} kind={kind} errors={errors} suffix="" />
              </>
            );
          }
          const kind = v[`${p}kind`];
          const suffix = ` — partie ${idx + 1}`;
          return (
            <section class="card" aria-label={`Partie ${idx + 1}`}>
              <h3>{i === -1 ? 'Ajouter une partie' : `Partie ${idx + 1} : ${v[`${p}label`] ?? ''}`}</h3>
              <TextInput name={`${p}label`} label={`Libellé${suffix}`} value={v[`${p}label`]} error={errors[`${p}label`]} />
              <Select name={`${p}kind`} label={`Forme${suffix}`} options={shapeOptions(false)} placeholder={i === -1 ? '— aucune (partie non ajoutée) —' : '— retirer cette partie —'} value={kind} error={errors[`${p}kind`]} />
              {isShape(kind) ? <SimpleFields v={v} p={p} kind={kind} errors={errors} suffix={suffix} /> : null}
            </section>
          );
        })}
        <Preview rule={rule} units={units} values={sample.values} rows={sample.rows} />
        <div class="actions">
          <button type="submit" name="action" value="preview" class="secondary">
            Actualiser l’aperçu
          </button>
          <button type="submit" name="action" value="save">
            Enregistrer l’option
          </button>
          <a class="button secondary" href={`/tarifs/${g.id}`}>
            Annuler
          </a>
        </div>
      </form>
      {existing ? (
        <details>
          <summary>Règle enregistrée (JSON, montants en centimes)</summary>
          <pre>{JSON.stringify(existing.rule, null, 2)}</pre>
        </details>
      ) : null}
    </>,
  );
}

/** Everything typed that is not the rule itself: code, label, fixed part, flags. */
function metaOf(v: FormValues, g: GridWithOptions, errors: FieldErrors) {
  const existing = v.existing === '1' ? g.options.find((o) => o.code === v.code) : undefined;
  if (v.existing === '1' && !existing) throw new NotFound('Option introuvable.');
  const clash = !existing && g.options.find((o) => o.code === (v.code ?? '').trim());
  if (clash) errors.code = `Ce code est déjà celui de l’option « ${clash.label} ».`;
  let fixedPart = 0;
  try {
    fixedPart = parseRatio(v.fixedPart || '0');
    if (fixedPart > 10_000) throw new RangeError();
  } catch {
    errors.fixedPart = 'Partie fixe : nombre décimal entre 0 et 1 (ex. 0,15).';
  }
  return { code: (v.code ?? '').trim(), label: v.label ?? '', fixedPart, mandatory: v.mandatory === '1', requiresAmendment: v.requiresAmendment === '1', position: existing?.position ?? g.options.length };
}

export function mountRuleEditor(app: OpenAPIHono<AppEnv>) {
  app.get(`/tarifs/:id${UUID_ROUTE}/options/retrait`, async (c) => {
    const ctx = c.get('ctx');
    const g = await editableGrid(ctx, c.req.param('id'));
    const o = g.options.find((x) => x.code === c.req.query('code'));
    if (!o) throw new NotFound('Option introuvable.');
    const title = `Retirer l’option ${o.label}`;
    return render(
      c,
      { title, breadcrumbs: staffCrumbs({ href: '/tarifs', label: 'Grilles tarifaires' }, { href: `/tarifs/${g.id}`, label: String(g.year) }, { label: title }) },
      <ConfirmAction title={title} message={`L’option « ${o.label} » et sa règle de prix sont retirées de la grille ${g.year} en projet.`} action={`/tarifs/${g.id}/options/retrait?code=${encodeURIComponent(o.code)}`} csrf={ctx.actor!.csrfToken} cancelHref={`/tarifs/${g.id}#option-${o.code}`} confirmLabel="Retirer" />,
    );
  });
  app.post(`/tarifs/:id${UUID_ROUTE}/options/retrait`, async (c) => {
    await removeOption(c.get('ctx'), c.req.param('id'), c.req.query('code') ?? '');
    setFlash(c, 'success', 'Option retirée de la grille.');
    return c.redirect(`/tarifs/${c.req.param('id')}`, 303);
  });
  app.get(`/tarifs/:id${UUID_ROUTE}/options`, async (c) => {
    const g = await editableGrid(c.get('ctx'), c.req.param('id'));
    const code = c.req.query('code');
    if (!code) return editorPage(c, g, { kind: 'flat', existing: '0' }, {});
    const o = g.options.find((x) => x.code === code);
    if (!o) throw new NotFound('Option introuvable.');
    const v = { ...ruleToValues(o.rule), code: o.code, existing: '1', label: o.label, fixedPart: formatRatio(o.fixedPart), mandatory: o.mandatory ? '1' : '', requiresAmendment: o.requiresAmendment ? '1' : '' };
    return editorPage(c, g, v, {});
  });
  app.post(`/tarifs/:id${UUID_ROUTE}/options`, async (c) => {
    const g = await editableGrid(c.get('ctx'), c.req.param('id'));
    const v = await formBody(c);
    const { rule, errors } = valuesToRule(v);
    const meta = metaOf(v, g, errors);
    if (v.action !== 'save') return editorPage(c, g, v, v.action === 'preview' ? errors : {});
    if (!rule || Object.keys(errors).length > 0) return editorPage(c, g, v, errors, 422);
    const r = await withForm(() => saveOption(c.get('ctx'), g.id, { ...meta, rule }), (e) => editorPage(c, g, v, e, 422));
    if (r instanceof Response) return r;
    setFlash(c, 'success', `Option « ${r.label} » enregistrée.`);
    return c.redirect(`/tarifs/${g.id}#option-${r.code}`, 303);
  });
}
