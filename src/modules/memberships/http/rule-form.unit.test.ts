import { describe, expect, it } from 'vitest';
import { MAINTENANCE_RULE } from '../../../../test/helpers/memberships-factories.ts';
import { DEMO_OPTIONS } from '../demo.ts';
import { price, type PricingRule } from '../pricing.ts';
import { checkRule } from '../rule-check.ts';
import { ruleToValues, samples, valuesToRule, type FormValues } from './rule-form.ts';

const BACKUP: PricingRule = {
  kind: 'matrix',
  rowUnit: 'inhabitant',
  columnUnit: 'gigabyte',
  rows: [{ from: 0, to: 499 }, { from: 500, to: null }],
  columns: [{ from: 0, to: 50 }, { from: 51, to: null }],
  amounts: [[12000, 18000], [15000, 22500]],
};
const SHAPES: PricingRule[] = [
  { kind: 'flat', amount: 18000 },
  MAINTENANCE_RULE,
  { kind: 'progressive', unit: 'gigabyte', bands: [{ from: 1, to: 50, unitPrice: 200 }, { from: 51, to: null, unitPrice: 150 }] },
  { kind: 'banded', unit: 'inhabitant', bands: [{ from: 0, to: 999, amount: 9000 }, { from: 1000, to: 4999, amount: 15000 }, { from: 5000, to: null, amount: 24000 }] },
  BACKUP,
  { kind: 'sum', parts: [{ label: 'Forfait', rule: { kind: 'flat', amount: 25000 } }, { label: 'Habitants', rule: { kind: 'progressive', unit: 'inhabitant', bands: [{ from: 1, to: 1000, unitPrice: 20 }, { from: 1001, to: null, unitPrice: 10 }] } }] },
];

/** The maintenance rule as typed in the editor, with `edit` applied. */
const typed = (edit: FormValues) => valuesToRule({ ...ruleToValues(MAINTENANCE_RULE), ...edit });

describe('guided editor ↔ stored JSON', () => {
  it.each(SHAPES.map((r) => [r.kind, r] as const))('%s: the form gives back the same rule', (_, rule) => {
    expect(valuesToRule(ruleToValues(rule))).toEqual({ rule, errors: {} });
  });
  it.each(DEMO_OPTIONS.map((o) => [o.code, o.rule] as const))('demo option %s: sound, and edited without loss', (_, rule) => {
    expect(checkRule(rule)).toEqual({});
    expect(valuesToRule(ruleToValues(rule)).rule).toEqual(rule);
  });
  it('shows amounts in euros and coefficients as decimals', () => {
    expect(ruleToValues(MAINTENANCE_RULE)).toMatchObject({ 'p0.unitPrice': '574,88', 'p0.b1.value': '0,9', 'p0.b3.from': '16', 'p0.b3.to': '' });
  });
  it('ignores blank band rows, wherever they are', () => {
    const { rule } = typed({ 'p0.b9.from': '', 'p0.b9.to': '', 'p0.b9.value': '' });
    expect(rule).toEqual(MAINTENANCE_RULE);
  });
});

describe('bracket edges', () => {
  it('refuses a gap, naming the missing quantities', () => {
    // 1–2 then 4–5: 3 is covered by no bracket.
    const { rule, errors } = typed({ 'p0.b1.from': '4' });
    expect(rule).toBeNull();
    expect(errors['p0.b1.from']).toBe('Tranche 2 : la borne basse doit être 3, juste après la borne haute de la tranche 1 (il manque les quantités 3 à 3).');
  });
  it('refuses an overlap', () => {
    expect(typed({ 'p0.b1.from': '2' }).errors['p0.b1.from']).toContain('elle chevauche la tranche 1');
  });
  it('refuses an open bracket that is not the last', () => {
    expect(typed({ 'p0.b1.to': '' }).errors['p0.b1.to']).toBe('Tranche 2 : seule la dernière tranche peut rester ouverte (« et plus ») ; indiquez sa borne haute.');
  });
  it('refuses a bracket ending before it starts', () => {
    expect(typed({ 'p0.b2.to': '4', 'p0.b3.from': '5' }).errors['p0.b2.to']).toBe('Tranche 3 : la borne haute (4) est inférieure à la borne basse (6).');
  });
  it('keys each message by the field typed, blank rows in between included', () => {
    const v = { ...ruleToValues(MAINTENANCE_RULE), 'p0.b1.from': '', 'p0.b1.to': '', 'p0.b1.value': '' };
    // Without its second row, the brackets read 1–2 then 6–15: the row typed third starts wrongly.
    expect(Object.keys(valuesToRule(v).errors)).toEqual(['p0.b2.from']);
  });
  it('checks the rows and columns of a two-dimensional grid', () => {
    const { errors } = valuesToRule({ ...ruleToValues(BACKUP), 'p0.c1.from': '60' });
    expect(errors['p0.c1.from']).toContain('Colonne 2 : la borne basse doit être 51');
  });
  it('the same checks apply to a rule sent as JSON', () => {
    expect(checkRule({ kind: 'perUnit', unit: 'workstation', unitPrice: 57488, brackets: [{ from: 1, to: 2, coefficient: 10000 }, { from: 4, to: null, coefficient: 9000 }] })).toEqual({
      'p0.b1.from': 'Tranche 2 : la borne basse doit être 3, juste après la borne haute de la tranche 1 (il manque les quantités 3 à 3).',
    });
    expect(checkRule(MAINTENANCE_RULE)).toEqual({});
  });
});

describe('amounts', () => {
  it('refuses negative, unreadable and zero amounts in French', () => {
    expect(typed({ 'p0.unitPrice': '-5' }).errors['p0.unitPrice']).toBe('Prix unitaire : le montant ne peut pas être négatif.');
    expect(typed({ 'p0.unitPrice': 'cinq' }).errors['p0.unitPrice']).toBe('Prix unitaire : montant en euros attendu (ex. 574,88).');
    expect(typed({ 'p0.unitPrice': '0' }).errors['p0.unitPrice']).toBe('Le prix unitaire doit être supérieur à 0 €.');
    expect(typed({ 'p0.b0.value': '0' }).errors['p0.b0.value']).toBe('Tranche 1 : le coefficient doit être supérieur à 0.');
    expect(typed({ 'p0.b0.value': '0,12345' }).errors['p0.b0.value']).toBe('Tranche 1, coefficient : coefficient décimal attendu (ex. 0,9), quatre décimales au plus.');
    expect(valuesToRule({ kind: 'flat', 'p0.amount': '0' }).errors['p0.amount']).toBe('Le forfait doit être supérieur à 0 €.');
  });
  it('reads French amounts: 1 234,5 € → 123450 cents', () => {
    expect(valuesToRule({ kind: 'flat', 'p0.amount': '1 234,5' }).rule).toEqual({ kind: 'flat', amount: 123450 });
  });
  it('a sum needs a label for each part, and names the part in its messages', () => {
    const v = { ...ruleToValues(SHAPES[5]!), 'p1.label': '' };
    expect(valuesToRule(v).errors['p1.label']).toBe('Partie 2 (sans libellé) — Libellé de la partie obligatoire.');
    expect(valuesToRule({ kind: 'sum' }).errors['p0.kind']).toBe('Ajoutez au moins une partie (choisissez sa forme).');
  });
});

describe('preview samples', () => {
  it('defaults to every bracket edge, priced by hand', () => {
    const s = samples({}, MAINTENANCE_RULE, ['workstation']);
    expect(s.rows.map((q) => q.workstations)).toEqual([1, 2, 3, 5, 6, 15, 16]);
    // 574,88 € × 5 × 0,9 = 2586,96 € ; × 6 × 0,7 = 2414,496 → 2414,50 € ; × 16 × 0,65 = 5978,752 → 5978,75 €
    expect(s.rows.map((q) => price(MAINTENANCE_RULE, q).amount)).toEqual([57488, 114976, 155218, 258696, 241450, 603624, 597875]);
  });
  it('keeps the quantities typed', () => {
    expect(samples({ 's0.workstation': '40' }, MAINTENANCE_RULE, ['workstation']).rows[0]!.workstations).toBe(40);
  });
  it('a flat fee has one sample and no quantity', () => {
    expect(samples({}, { kind: 'flat', amount: 100 }, [])).toEqual({ values: {}, rows: [{ workstations: 0, gigabytes: 0, population: 0 }] });
  });
});
