import type { Child } from 'hono/jsx';
import { CsrfInput } from './form.tsx';

/**
 * The confirmation step before a destructive action: a page that says what will happen, with a POST form
 * to confirm and a link to cancel. Works without JavaScript.
 */
export function ConfirmAction(p: { title: string; message: Child; action: string; csrf: string | undefined; confirmLabel?: string; cancelHref: string; danger?: boolean }) {
  return (
    <section aria-labelledby="confirmation-titre">
      <h1 id="confirmation-titre">{p.title}</h1>
      <div class="flash warning">{p.message}</div>
      <form method="post" action={p.action} class="actions">
        <CsrfInput token={p.csrf} />
        <input type="hidden" name="confirme" value="1" />
        <button type="submit" class={p.danger === false ? undefined : 'danger'}>
          {p.confirmLabel ?? 'Confirmer'}
        </button>
        <a class="button secondary" href={p.cancelHref}>
          Annuler
        </a>
      </form>
    </section>
  );
}

/** Empty state of a page or section: what is missing and what to do. */
export function EmptyState(p: { message: string; action?: { href: string; label: string } }) {
  return (
    <div class="empty">
      <p>{p.message}</p>
      {p.action ? (
        <p>
          <a class="button" href={p.action.href}>
            {p.action.label}
          </a>
        </p>
      ) : null}
    </div>
  );
}
