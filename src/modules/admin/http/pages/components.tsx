import type { Child } from 'hono/jsx';
import { asset } from '../../platform/http/assets.ts';
import type { Crumb } from '../../platform/ui/layout.tsx';

const instant = new Intl.DateTimeFormat('fr-FR', { timeZone: 'Europe/Paris', dateStyle: 'short', timeStyle: 'medium' });

/** An instant as the syndicate reads it (Europe/Paris), in a <time> element. */
export function When({ at }: { at: Date | null | undefined }) {
  if (!at) return <>—</>;
  return <time datetime={at.toISOString()}>{instant.format(at)}</time>;
}

export const formatInstant = (at: Date | null | undefined) => (at ? instant.format(at) : '');

export const adminHead = <link rel="stylesheet" href={asset('admin.css')} />;

export const adminCrumbs = (...rest: Crumb[]): Crumb[] => [{ href: '/', label: 'Accueil' }, { href: '/admin', label: 'Administration' }, ...rest];

export function Badge({ kind, children }: { kind: 'ok' | 'warn' | 'danger' | 'neutral'; children: Child }) {
  return <span class={kind === 'neutral' ? 'badge' : `badge ${kind}`}>{children}</span>;
}
