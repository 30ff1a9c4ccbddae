import { formatRatio, parseEuros, parseRatio } from '../money.ts';
import { pricingRuleSchema, UNITS, unitsOf, type PricingRule, type Quantities, type Unit } from '../pricing.ts';
import { checkSimple, type BandKey, type RuleErrors } from '../rule-check.ts';

/**
 * The guided editor's form ↔ the stored JSON rule. Field names: `kind` (the shape, or `sum`), then per part
 * `p<i>.kind|label|unit|unitPrice|amount|rowUnit|columnUnit`, bands `p<i>.b<j>.from|to|value`, matrix rows
 * `p<i>.r<j>.from|to`, columns `p<i>.c<k>.from|to`, cells `p<i>.a<j>.<k>`; samples `s<n>.<unit>`.
 * Amounts are typed in euros, coefficients as decimals; blank band rows are ignored.
 */
export type FormValues = Record<string, string>;
export const SHAPES = ['flat', 'perUnit', 'progressive', 'banded', 'matrix'] as const;
export type Shape = (typeof SHAPES)[number];
export const SHAPE_LABELS: Record<Shape | 'sum', string> = {
  flat: 'Forfait',
  perUnit: 'Prix par unité × coefficient selon la tranche du total',
  progressive: 'Tranches progressives : chaque unité au prix de sa tranche',
  banded: 'Montant selon la tranche (population, quota en Go…)',
  matrix: 'Tableau à deux entrées (tranche de population × quota en Go)',
  sum: 'Somme de parties',
};
type Simple = Exclude<PricingRule, { kind: 'sum' }>;
type Band = { from: number; to: number | null };

const euroText = (cents: number) => (cents / 100).toFixed(2).replace('.', ',');
export const isShape = (k: string | undefined): k is Shape => (SHAPES as readonly string[]).includes(k ?? '');

export function ruleToValues(rule: PricingRule): FormValues {
  const v: FormValues = { kind: rule.kind };
  const parts = rule.kind === 'sum' ? rule.parts : [{ label: '', rule }];
  parts.forEach(({ label, rule: r }, i) => {
    const p = `p${i}.`;
    v[`${p}kind`] = r.kind;
    if (rule.kind === 'sum') v[`${p}label`] = label;
    const bands = (letter: string, list: Band[], value?: (j: number) => string) =>
      list.forEach((b, j) => {
        v[`${p}${letter}${j}.from`] = String(b.from);
        v[`${p}${letter}${j}.to`] = b.to === null ? '' : String(b.to);
        if (value) v[`${p}${letter}${j}.value`] = value(j);
      });
    if (r.kind === 'flat') v[`${p}amount`] = euroText(r.amount);
    else if (r.kind === 'matrix') {
      Object.assign(v, { [`${p}rowUnit`]: r.rowUnit, [`${p}columnUnit`]: r.columnUnit });
      bands('r', r.rows);
      bands('c', r.columns);
      r.amounts.forEach((row, j) => row.forEach((cell, k) => (v[`${p}a${j}.${k}`] = euroText(cell))));
    } else {
      v[`${p}unit`] = r.unit;
      if (r.kind === 'perUnit') {
        v[`${p}unitPrice`] = euroText(r.unitPrice);
        bands('b', r.brackets, (j) => formatRatio(r.brackets[j]!.coefficient));
      } else if (r.kind === 'progressive') bands('b', r.bands, (j) => euroText(r.bands[j]!.unitPrice));
      else bands('b', r.bands, (j) => euroText(r.bands[j]!.amount));
    }
  });
  return v;
}

/** Indexes used by a family of fields (`p0.b3.from` → 3 for prefix `p0.b`), ascending. */
export function indexesOf(v: FormValues, prefix: string): number[] {
  const found = new Set<number>();
  for (const k of Object.keys(v)) {
    const m = k.startsWith(prefix) ? /^(\d+)\./.exec(k.slice(prefix.length)) : null;
    if (m) found.add(Number(m[1]));
  }
  return [...found].sort((a, b) => a - b);
}

/** Reads one part's fields; every problem goes into `errors` under the field's name. */
class PartReader {
  constructor(
    private v: FormValues,
    private p: string,
    private errors: RuleErrors,
  ) {}
  private text = (name: string) => (this.v[`${this.p}${name}`] ?? '').trim();
  private fail(name: string, message: string): null {
    this.errors[`${this.p}${name}`] ??= message;
    return null;
  }
  int(name: string, what: string): number | null {
    const t = this.text(name);
    return /^\d{1,9}$/.test(t) ? Number(t) : this.fail(name, `${what} : nombre entier positif ou nul attendu.`);
  }
  euros(name: string, what: string): number | null {
    const cents = parseEuros(this.text(name));
    if (cents === null) return this.fail(name, `${what} : montant en euros attendu (ex. 574,88).`);
    return cents < 0 ? this.fail(name, `${what} : le montant ne peut pas être négatif.`) : cents;
  }
  ratio(name: string, what: string): number | null {
    try {
      return parseRatio(this.text(name));
    } catch {
      return this.fail(name, `${what} : coefficient décimal attendu (ex. 0,9), quatre décimales au plus.`);
    }
  }
  unit(name: string): Unit | null {
    const u = this.text(name);
    return (UNITS as readonly string[]).includes(u) ? (u as Unit) : this.fail(name, 'Choisissez l’unité.');
  }
  /** Filled rows of a band family, each with its form index (blank rows are skipped). */
  bands<T>(letter: string, what: string, value?: (name: string, label: string) => T | null): { list: (Band & { value: T })[]; key: BandKey } {
    const kept: number[] = [];
    const list: (Band & { value: T })[] = [];
    for (const j of indexesOf(this.v, `${this.p}${letter}`)) {
      const f = `${letter}${j}.`;
      if (!this.text(`${f}from`) && !this.text(`${f}to`) && !this.text(`${f}value`)) continue;
      const label = `${what} ${list.length + 1}`;
      const from = this.int(`${f}from`, `${label}, borne basse`);
      const to = this.text(`${f}to`) === '' ? null : this.int(`${f}to`, `${label}, borne haute`);
      const val = value ? value(`${f}value`, label) : (null as T);
      kept.push(j);
      list.push({ from: from ?? 0, to, value: val as T });
    }
    if (list.length === 0) this.fail(`${letter}0.from`, `Indiquez au moins une ${what.toLowerCase()}.`);
    return { list, key: (j, field) => `${this.p}${letter}${kept[j] ?? j}.${field}` };
  }
  simple(kind: Shape): Simple | null {
    const before = Object.keys(this.errors).length;
    let rule: Simple | null = null;
    let keys: Partial<Record<'b' | 'r' | 'c', BandKey>> = {};
    if (kind === 'flat') {
      rule = { kind, amount: this.euros('amount', 'Forfait') ?? 0 };
    } else if (kind === 'matrix') {
      const rowUnit = this.unit('rowUnit');
      const columnUnit = this.unit('columnUnit');
      const rows = this.bands('r', 'Ligne');
      const columns = this.bands('c', 'Colonne');
      const rowIdx = indexesOf(this.v, `${this.p}r`).filter((j) => this.text(`r${j}.from`) || this.text(`r${j}.to`));
      const colIdx = indexesOf(this.v, `${this.p}c`).filter((k) => this.text(`c${k}.from`) || this.text(`c${k}.to`));
      const amounts = rowIdx.map((j, a) => colIdx.map((k, b) => this.euros(`a${j}.${k}`, `Montant ligne ${a + 1}, colonne ${b + 1}`) ?? 0));
      keys = { r: rows.key, c: columns.key };
      if (rowUnit && columnUnit) rule = { kind, rowUnit, columnUnit, rows: rows.list.map(({ from, to }) => ({ from, to })), columns: columns.list.map(({ from, to }) => ({ from, to })), amounts };
    } else {
      const unit = this.unit('unit');
      if (kind === 'perUnit') {
        const unitPrice = this.euros('unitPrice', 'Prix unitaire') ?? 0;
        const b = this.bands('b', 'Tranche', (n, l) => this.ratio(n, `${l}, coefficient`));
        keys = { b: b.key };
        if (unit) rule = { kind, unit, unitPrice, brackets: b.list.map(({ from, to, value }) => ({ from, to, coefficient: value ?? 0 })) };
      } else {
        const b = this.bands('b', 'Tranche', (n, l) => this.euros(n, `${l}, montant`));
        keys = { b: b.key };
        if (unit && kind === 'progressive') rule = { kind, unit, bands: b.list.map(({ from, to, value }) => ({ from, to, unitPrice: value ?? 0 })) };
        if (unit && kind === 'banded') rule = { kind, unit, bands: b.list.map(({ from, to, value }) => ({ from, to, amount: value ?? 0 })) };
      }
    }
    // Bounds and amounts are checked only once they all read as numbers.
    if (rule && Object.keys(this.errors).length === before) checkSimple(rule, this.p, this.errors, keys);
    return rule;
  }
}

/** The rule typed in the editor, or the French message of each field to correct. */
export function valuesToRule(v: FormValues): { rule: PricingRule | null; errors: RuleErrors } {
  const errors: RuleErrors = {};
  let rule: PricingRule | null = null;
  if (v.kind === 'sum') {
    const parts: { label: string; rule: Simple }[] = [];
    for (const i of indexesOf(v, 'p')) {
      const kind = v[`p${i}.kind`];
      if (!isShape(kind)) continue;
      const own: RuleErrors = {};
      const label = (v[`p${i}.label`] ?? '').trim();
      if (!label) own[`p${i}.label`] = 'Libellé de la partie obligatoire.';
      const r = new PartReader(v, `p${i}.`, own).simple(kind);
      for (const [k, m] of Object.entries(own)) errors[k] = `Partie ${i + 1} (${label || 'sans libellé'}) — ${m}`;
      if (r) parts.push({ label, rule: r });
    }
    if (parts.length === 0 && Object.keys(errors).length === 0) errors['p0.kind'] = 'Ajoutez au moins une partie (choisissez sa forme).';
    rule = { kind: 'sum', parts };
  } else if (isShape(v.kind)) {
    rule = new PartReader(v, 'p0.', errors).simple(v.kind);
  } else {
    errors.kind = 'Choisissez une forme de prix.';
  }
  if (Object.keys(errors).length > 0 || !rule) return { rule: null, errors };
  const parsed = pricingRuleSchema.safeParse(rule);
  return parsed.success ? { rule: parsed.data, errors } : { rule: null, errors: { kind: 'Règle de prix incomplète.' } };
}

/** The units a form asks quantities for: from the rule when it reads, else from the units chosen. */
export function formUnits(v: FormValues, rule: PricingRule | null): Unit[] {
  if (rule) return unitsOf(rule);
  const chosen = Object.entries(v).filter(([k]) => /^p\d+\.(unit|rowUnit|columnUnit)$/.test(k)).map(([, u]) => u);
  return UNITS.filter((u) => chosen.includes(u));
}

export const SAMPLE_ROWS = 8;
const QUANTITY: Record<Unit, keyof Quantities> = { workstation: 'workstations', gigabyte: 'gigabytes', inhabitant: 'population' };

/** Sample quantities: the bounds of every band (where prices change), unless the user typed others. */
export function samples(v: FormValues, rule: PricingRule | null, units: Unit[]): { values: FormValues; rows: Quantities[] } {
  const edges: Record<Unit, number[]> = { workstation: [], gigabyte: [], inhabitant: [] };
  const simple = rule ? (rule.kind === 'sum' ? rule.parts.map((p) => p.rule) : [rule]) : [];
  for (const r of simple) {
    const add = (u: Unit, list: Band[]) => list.forEach((b) => edges[u].push(b.from, ...(b.to === null ? [] : [b.to])));
    if (r.kind === 'matrix') {
      add(r.rowUnit, r.rows);
      add(r.columnUnit, r.columns);
    } else if (r.kind === 'perUnit') add(r.unit, r.brackets);
    else if (r.kind !== 'flat') add(r.unit, r.bands);
  }
  const sorted = Object.fromEntries(UNITS.map((u) => [u, [...new Set(edges[u])].sort((a, b) => a - b)])) as Record<Unit, number[]>;
  const count = units.length === 0 ? 1 : Math.min(SAMPLE_ROWS, Math.max(1, ...units.map((u) => sorted[u].length)));
  const values: FormValues = {};
  const rows: Quantities[] = [];
  for (let n = 0; n < count; n++) {
    const q: Quantities = { workstations: 0, gigabytes: 0, population: 0 };
    for (const u of units) {
      const typed = v[`s${n}.${u}`];
      const fallback = sorted[u][n] ?? sorted[u].at(-1) ?? 1;
      const text = typed !== undefined && /^\d{1,9}$/.test(typed.trim()) ? typed.trim() : String(fallback);
      values[`s${n}.${u}`] = text;
      q[QUANTITY[u]] = Number(text);
    }
    rows.push(q);
  }
  return { values, rows };
}
