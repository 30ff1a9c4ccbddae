import type { Child } from 'hono/jsx';
import type { MemberRow } from '../../members.ts';

export const memberHref = (id: string, tab = '') => `/membres/${id}${tab ? `/${tab}` : ''}`;
export const crumbs = (member?: Pick<MemberRow, 'id' | 'name'>) => [
  { href: '/membres', label: 'Collectivités' },
  ...(member ? [{ href: memberHref(member.id), label: member.name }] : []),
];

/** Definition list of the sheet: empty values shown as a dash. */
export function Sheet({ rows }: { rows: [string, Child][] }) {
  return (
    <dl class="sheet">
      {rows.map(([label, value]) => (
        <>
          <dt>{label}</dt>
          <dd>{value === null || value === undefined || value === '' ? '—' : value}</dd>
        </>
      ))}
    </dl>
  );
}

/** The button-like link above a tab's table (add, edit). */
export function ActionLink({ href, label }: { href: string; label: string }) {
  return (
    <p class="actions">
      <a class="button" href={href}>
        {label}
      </a>
    </p>
  );
}
