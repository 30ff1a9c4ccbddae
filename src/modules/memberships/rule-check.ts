import type { PricingRule } from './pricing.ts';

/**
 * Checks a pricing rule beyond its shape: bands ordered and contiguous (each starts right after the previous
 * one ends, only the last may be open), amounts that must not be zero. Pure; errors are keyed by the
 * editor's field names (`p<part>.b<band>.from`…) so a form can show each message beside its field, and the
 * same keys name the place in the JSON for the API.
 */
export type RuleErrors = Record<string, string>;
interface Band {
  from: number;
  to: number | null;
}
/** Maps a band's position in the rule to the field holding one of its bounds. */
export type BandKey = (index: number, field: 'from' | 'to' | 'value') => string;

function checkBands(bands: Band[], key: BandKey, what: string, errors: RuleErrors): void {
  bands.forEach((b, j) => {
    const name = `${what} ${j + 1}`;
    if (b.to !== null && b.to < b.from) errors[key(j, 'to')] ??= `${name} : la borne haute (${b.to}) est inférieure à la borne basse (${b.from}).`;
    if (j === 0) return;
    const prev = bands[j - 1]!;
    if (prev.to === null) {
      errors[key(j - 1, 'to')] ??= `${what} ${j} : seule la dernière tranche peut rester ouverte (« et plus ») ; indiquez sa borne haute.`;
    } else if (b.from !== prev.to + 1) {
      const why = b.from <= prev.to ? `elle chevauche la ${what.toLowerCase()} ${j}` : `il manque les quantités ${prev.to + 1} à ${b.from - 1}`;
      errors[key(j, 'from')] ??= `${name} : la borne basse doit être ${prev.to + 1}, juste après la borne haute de la ${what.toLowerCase()} ${j} (${why}).`;
    }
  });
}

type Simple = Exclude<PricingRule, { kind: 'sum' }>;

/** Checks one simple rule whose fields are named `<prefix>…`; bands keyed through `bandKey` when given. */
export function checkSimple(rule: Simple, prefix: string, errors: RuleErrors, keys?: { b?: BandKey; r?: BandKey; c?: BandKey }): void {
  const key = (letter: 'b' | 'r' | 'c'): BandKey => keys?.[letter] ?? ((j, f) => `${prefix}${letter}${j}.${f}`);
  switch (rule.kind) {
    case 'flat':
      if (rule.amount <= 0) errors[`${prefix}amount`] ??= 'Le forfait doit être supérieur à 0 €.';
      return;
    case 'perUnit':
      if (rule.unitPrice <= 0) errors[`${prefix}unitPrice`] ??= 'Le prix unitaire doit être supérieur à 0 €.';
      rule.brackets.forEach((b, j) => {
        if (b.coefficient <= 0) errors[key('b')(j, 'value')] ??= `Tranche ${j + 1} : le coefficient doit être supérieur à 0.`;
      });
      checkBands(rule.brackets, key('b'), 'Tranche', errors);
      return;
    case 'progressive':
    case 'banded':
      checkBands(rule.bands, key('b'), 'Tranche', errors);
      return;
    case 'matrix':
      checkBands(rule.rows, key('r'), 'Ligne', errors);
      checkBands(rule.columns, key('c'), 'Colonne', errors);
      if (rule.amounts.length !== rule.rows.length || rule.amounts.some((row) => row.length !== rule.columns.length)) {
        errors[`${prefix}a0.0`] ??= 'Le tableau des montants doit avoir une case par ligne et par colonne.';
      }
      return;
  }
}

/** Every problem of a stored rule (the API's entry point); an empty object when the rule is sound. */
export function checkRule(rule: PricingRule): RuleErrors {
  const errors: RuleErrors = {};
  const parts = rule.kind === 'sum' ? rule.parts.map((p) => p.rule) : [rule];
  parts.forEach((r, i) => checkSimple(r, `p${i}.`, errors));
  return errors;
}
