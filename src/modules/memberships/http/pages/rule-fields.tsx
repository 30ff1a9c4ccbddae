import type { Child } from 'hono/jsx';
import { Select, TextInput, type FieldErrors } from '../../../../platform/ui/form.tsx';
import { UNIT_PLURALS, UNITS, type Unit } from '../../pricing.ts';
import { indexesOf, SHAPE_LABELS, SHAPES, type FormValues, type Shape } from '../rule-form.ts';

/** The guided editor's fields for one simple rule (a whole rule, or one part of a sum). Server-rendered. */
const unitOptions = UNITS.map((u) => ({ value: u, label: UNIT_PLURALS[u] }));
export const shapeOptions = (withSum: boolean) => [...SHAPES, ...(withSum ? (['sum'] as const) : [])].map((k) => ({ value: k, label: SHAPE_LABELS[k] }));

interface P {
  v: FormValues;
  /** Field prefix of the part: `p0.`… */
  p: string;
  errors: FieldErrors;
  /** Shown in labels so every field stays unambiguous (`— partie 2`). */
  suffix: string;
}

/** Rows to show: every row typed so far, then blank ones to add bands without a script. */
function rowsOf(v: FormValues, prefix: string, blank: number): number[] {
  const filled = indexesOf(v, prefix).filter((j) => Object.entries(v).some(([k, x]) => k.startsWith(`${prefix}${j}.`) && x.trim() !== ''));
  const last = filled.length ? Math.max(...filled) : -1;
  return Array.from({ length: last + 1 + blank }, (_, j) => j);
}

function Bands(p: P & { letter: 'b' | 'r' | 'c'; what: string; valueLabel?: string }) {
  return (
    <>
      {rowsOf(p.v, `${p.p}${p.letter}`, 2).map((j) => {
        const f = (name: string) => `${p.p}${p.letter}${j}.${name}`;
        const legend = `${p.what} ${j + 1}${p.suffix}`;
        return (
          <fieldset class="filters">
            <legend>{legend}</legend>
            <TextInput name={f('from')} label={`De (${legend})`} inputmode="numeric" value={p.v[f('from')]} error={p.errors[f('from')]} />
            <TextInput name={f('to')} label={`À (${legend}) — vide : « et plus »`} inputmode="numeric" value={p.v[f('to')]} error={p.errors[f('to')]} />
            {p.valueLabel ? <TextInput name={f('value')} label={`${p.valueLabel} (${legend})`} inputmode="decimal" value={p.v[f('value')]} error={p.errors[f('value')]} /> : null}
          </fieldset>
        );
      })}
    </>
  );
}

function UnitSelect(p: P & { name: string; label: string }) {
  return <Select name={`${p.p}${p.name}`} label={`${p.label}${p.suffix}`} options={unitOptions} placeholder="— choisir —" value={p.v[`${p.p}${p.name}`]} error={p.errors[`${p.p}${p.name}`]} />;
}

function MatrixFields(p: P) {
  const rows = rowsOf(p.v, `${p.p}r`, 1);
  const cols = rowsOf(p.v, `${p.p}c`, 1);
  const unit = (name: string) => UNIT_PLURALS[p.v[`${p.p}${name}`] as Unit] ?? '';
  // Under the page's h2, or under a part's h3 within a sum.
  const Heading = ({ children }: { children?: Child }) => (p.suffix ? <h4>{children}</h4> : <h3>{children}</h3>);
  return (
    <>
      <UnitSelect {...p} name="rowUnit" label="Unité des lignes (ex. habitants)" />
      <UnitSelect {...p} name="columnUnit" label="Unité des colonnes (ex. Go)" />
      <Heading>Tranches des lignes {unit('rowUnit') ? `(${unit('rowUnit')})` : ''}</Heading>
      <Bands {...p} letter="r" what="Ligne" />
      <Heading>Tranches des colonnes {unit('columnUnit') ? `(${unit('columnUnit')})` : ''}</Heading>
      <Bands {...p} letter="c" what="Colonne" />
      <div class="table-wrap">
        <table>
          <caption>Montants annuels en euros{p.suffix} (ligne × colonne)</caption>
          <thead>
            <tr>
              <th scope="col">Ligne</th>
              {cols.map((k) => (
                <th scope="col">Colonne {k + 1}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((j) => (
              <tr>
                <th scope="row">Ligne {j + 1}</th>
                {cols.map((k) => {
                  const name = `${p.p}a${j}.${k}`;
                  return (
                    <td>
                      <input id={`champ-${name.replace(/[^A-Za-z0-9_-]/g, '-')}`} name={name} inputmode="decimal" value={p.v[name] ?? ''} aria-label={`Montant ligne ${j + 1}, colonne ${k + 1}${p.suffix}`} aria-invalid={p.errors[name] ? 'true' : undefined} />
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {Object.entries(p.errors)
        .filter(([k]) => k.startsWith(`${p.p}a`))
        .map(([, m]) => (
          <div class="field has-error">
            <span class="field-error">Erreur : {m}</span>
          </div>
        ))}
    </>
  );
}

/** The fields of one shape. */
export function SimpleFields(p: P & { kind: Shape }) {
  const money = (name: string, label: string) => <TextInput name={`${p.p}${name}`} label={`${label}${p.suffix}`} inputmode="decimal" value={p.v[`${p.p}${name}`]} error={p.errors[`${p.p}${name}`]} />;
  switch (p.kind) {
    case 'flat':
      return money('amount', 'Forfait annuel (€)');
    case 'perUnit':
      return (
        <>
          <UnitSelect {...p} name="unit" label="Unité comptée" />
          {money('unitPrice', 'Prix unitaire annuel (€)')}
          <p class="hint">Le coefficient est celui de la tranche où tombe la quantité totale (ex. 0,9 de 3 à 5 postes).</p>
          <Bands {...p} letter="b" what="Tranche" valueLabel="Coefficient" />
        </>
      );
    case 'progressive':
      return (
        <>
          <UnitSelect {...p} name="unit" label="Unité comptée" />
          <p class="hint">Chaque unité est payée au prix de la tranche où elle se trouve.</p>
          <Bands {...p} letter="b" what="Tranche" valueLabel="Prix par unité (€)" />
        </>
      );
    case 'banded':
      return (
        <>
          <UnitSelect {...p} name="unit" label="Unité comptée" />
          <Bands {...p} letter="b" what="Tranche" valueLabel="Montant annuel de la tranche (€)" />
        </>
      );
    case 'matrix':
      return <MatrixFields {...p} />;
  }
}
