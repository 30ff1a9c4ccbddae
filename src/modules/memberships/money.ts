/**
 * Exact money arithmetic. Amounts are integer cents; ratios are carried as integer numerators and
 * denominators (BigInt) so that no binary floating point error reaches a price. The only rounding is the
 * final one, to the cent, half away from zero (0.5 cent → 1 cent, −0.5 → −1).
 */
export function divRound(numerator: bigint, denominator: bigint): number {
  if (denominator === 0n) throw new RangeError('division by zero');
  const negative = numerator < 0n !== denominator < 0n;
  const n = numerator < 0n ? -numerator : numerator;
  const d = denominator < 0n ? -denominator : denominator;
  const q = n / d;
  const r = n % d;
  const rounded = r * 2n >= d ? q + 1n : q;
  return Number(negative ? -rounded : rounded);
}

/** Coefficients and fixed parts are given in ten-thousandths (0.9 → 9000, 0.15 → 1500). */
export const RATIO_SCALE = 10_000;

/** "0.9" / "0,9" / 0.9 → 9000. At most four decimals; anything else is refused. */
export function parseRatio(value: string | number): number {
  const text = String(value).trim().replace(',', '.');
  const m = /^(\d+)(?:\.(\d{1,4}))?$/.exec(text);
  if (!m) throw new RangeError(`invalid ratio: ${text}`);
  return Number(m[1]) * RATIO_SCALE + Number((m[2] ?? '').padEnd(4, '0'));
}

export function formatRatio(tenThousandths: number): string {
  return (tenThousandths / RATIO_SCALE).toLocaleString('fr-FR', { maximumFractionDigits: 4 });
}

/** "574,88" / "574.88" / "1 234,5" → cents; null when the text is not an amount. */
export function parseEuros(text: string): number | null {
  const clean = text.replace(/[\s\u00a0\u202f€]/g, '').replace(',', '.');
  const m = /^(-?)(\d+)(?:\.(\d{1,2}))?$/.exec(clean);
  if (!m) return null;
  const cents = Number(m[2]) * 100 + Number((m[3] ?? '').padEnd(2, '0'));
  return m[1] ? -cents : cents;
}
