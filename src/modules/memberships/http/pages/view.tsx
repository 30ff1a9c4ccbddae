import { formatEuros, frDate, monthLabel } from '../../../../platform/format.ts';
import type { Price } from '../../pricing.ts';
import { formatRatio } from '../../money.ts';
import { formatIndex, formatPoints, LINKING_COEFFICIENT, SERIES_LABELS, type RevisionTrail } from '../../syntec.ts';

export { frDate };
export const euros = formatEuros;
export function PriceBreakdown({ price }: { price: Price }) {
  return (
    <ul class="breakdown">
      {price.lines.map((l) => (
        <li>
          {l.label} = <strong>{euros(l.amount)}</strong>
        </li>
      ))}
    </ul>
  );
}

/** The revision's trail as a definition list: every figure the result came from. */
export function Trail({ t }: { t: RevisionTrail }) {
  const s0 = formatIndex(t.s0.value);
  const linking = t.linkingCoefficient === null ? null : LINKING_COEFFICIENT.text;
  return (
    <dl class="trail">
      <dt>Prix de base P0</dt>
      <dd>{euros(t.amount)}</dd>
      <dt>Partie fixe a</dt>
      <dd>{formatRatio(t.fixedPart)}</dd>
      <dt>Mois de base et S0</dt>
      <dd>
        {monthLabel(t.s0.month)} : {s0} ({SERIES_LABELS[t.s0.series]})
      </dd>
      <dt>Dernier indice publié S</dt>
      <dd>
        {monthLabel(t.s.month)} : {formatIndex(t.s.value)}, publié le {frDate(t.s.publishedOn)}
      </dd>
      <dt>Coefficient de raccordement</dt>
      <dd>{linking ? `${linking} : S0 ${SERIES_LABELS[t.s0.series]} ${s0} × ${linking} = ${formatPoints(t.s0InSeriesOfS)} dans la ${SERIES_LABELS[t.s.series]}` : 'sans objet (même série)'}</dd>
      <dt>Résultat</dt>
      <dd>
        <strong>{euros(t.result)}</strong> — {t.formula}
      </dd>
    </dl>
  );
}

export const staffCrumbs = (...rest: { href?: string; label: string }[]) => [{ href: '/', label: 'Accueil' }, { href: '/adhesions', label: 'Adhésions' }, ...rest];
