import type { Child } from 'hono/jsx';
import { asset } from '../../../../platform/http/assets.ts';
import { dateTimeSeconds } from '../../../../platform/format.ts';
import type { Crumb } from '../../../../platform/ui/layout.tsx';

/** An instant as the syndicate reads it (Europe/Paris, to the second), in a <time> element. */
export function When({ at }: { at: Date | null | undefined }) {
  if (!at) return <>—</>;
  return <time datetime={at.toISOString()}>{dateTimeSeconds(at)}</time>;
}

export const adminHead = <link rel="stylesheet" href={asset('admin.css')} />;

export const adminCrumbs = (...rest: Crumb[]): Crumb[] => [{ href: '/', label: 'Accueil' }, { href: '/admin', label: 'Administration' }, ...rest];

export function Badge({ kind, children }: { kind: 'ok' | 'warn' | 'danger' | 'neutral'; children: Child }) {
  return <span class={kind === 'neutral' ? 'badge' : `badge ${kind}`}>{children}</span>;
}
