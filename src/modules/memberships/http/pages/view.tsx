import type { Context } from 'hono';
import type { AppEnv } from '../../../platform/http/types.ts';
import { Invalid } from '../../../platform/errors.ts';
import { formatEuros } from '../money.ts';
import type { Price } from '../pricing.ts';
import { frDate } from '../../../platform/ui/dates.ts';
import { monthLabel, SERIES_LABELS, type RevisionTrail } from '../syntec.ts';

export { frDate };
export const euros = formatEuros;
export const today = (c: Context<AppEnv>) => c.get('ctx').clock.now().toISOString().slice(0, 10);

/** Form fields as plain strings (repeated names: the last value), for zod validation in the use cases. */
export async function formBody(c: Context<AppEnv>): Promise<Record<string, string>> {
  const body = await c.req.parseBody({ all: true });
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(body)) {
    const last = Array.isArray(v) ? v[v.length - 1] : v;
    if (typeof last === 'string') out[k] = last;
  }
  return out;
}

/** Runs a form's use case; an Invalid error re-renders the form with its field messages. */
export async function withForm<T>(run: () => Promise<T>, onInvalid: (errors: Record<string, string>) => Response | Promise<Response>): Promise<T | Response> {
  try {
    return await run();
  } catch (e) {
    if (e instanceof Invalid) return onInvalid(Object.keys(e.fields).length ? e.fields : { _: e.message });
    throw e;
  }
}

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
  return (
    <dl class="trail">
      <dt>Prix de base P0</dt>
      <dd>{euros(t.amount)}</dd>
      <dt>Partie fixe a</dt>
      <dd>{t.fixedPart}</dd>
      <dt>Mois de base et S0</dt>
      <dd>
        {monthLabel(t.s0.month)} : {t.s0.value} ({SERIES_LABELS[t.s0.series]})
      </dd>
      <dt>Dernier indice publié S</dt>
      <dd>
        {monthLabel(t.s.month)} : {t.s.value}, publié le {frDate(t.s.publishedOn)}
      </dd>
      <dt>Coefficient de raccordement</dt>
      <dd>{t.linkingCoefficient ? `${t.linkingCoefficient} : S0 ${SERIES_LABELS[t.s0.series]} ${t.s0.value} × ${t.linkingCoefficient} = ${t.s0InSeriesOfS} dans la ${SERIES_LABELS[t.s.series]}` : 'sans objet (même série)'}</dd>
      <dt>Résultat</dt>
      <dd>
        <strong>{euros(t.result)}</strong> — {t.formula}
      </dd>
    </dl>
  );
}

export const staffCrumbs = (...rest: { href?: string; label: string }[]) => [{ href: '/', label: 'Accueil' }, { href: '/adhesions', label: 'Adhésions' }, ...rest];
