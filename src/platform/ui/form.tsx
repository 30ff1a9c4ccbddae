import type { Child } from 'hono/jsx';
import { Invalid } from '../errors.ts';
import type { HtmlListQuery as ListQuery } from './list.ts';

export type FieldErrors = Record<string, string>;

/** Field messages of a domain error, to re-render a form with them. */
export function formErrors(err: unknown): FieldErrors | null {
  if (err instanceof Invalid) {
    return Object.keys(err.fields).length > 0 ? err.fields : { _: err.message };
  }
  return null;
}

const fieldId = (name: string) => `champ-${name.replace(/[^A-Za-z0-9_-]/g, '-')}`;

/** Listed at the top of a form after a failed submission, each message linking to its field. */
export function ErrorSummary({ errors, labels = {} }: { errors: FieldErrors | null | undefined; labels?: Record<string, string> }) {
  if (!errors || Object.keys(errors).length === 0) return null;
  return (
    <div class="error-summary" role="alert" aria-labelledby="resume-erreurs" tabindex={-1}>
      <h2 id="resume-erreurs">Le formulaire contient {Object.keys(errors).length > 1 ? 'des erreurs' : 'une erreur'}</h2>
      <ul>
        {Object.entries(errors).map(([name, message]) => (
          <li>{name === '_' ? message : <a href={`#${fieldId(name)}`}>{labels[name] ? `${labels[name]} : ${message}` : message}</a>}</li>
        ))}
      </ul>
    </div>
  );
}

export function CsrfInput({ token }: { token: string | undefined }) {
  return <input type="hidden" name="_csrf" value={token ?? ''} />;
}

/** A POST form carrying the CSRF token. */
export function Form(p: { action: string; csrf: string | undefined; children?: Child; enctype?: 'multipart/form-data' | 'application/x-www-form-urlencoded'; class?: string; label?: string }) {
  return (
    <form method="post" action={p.action} enctype={p.enctype} class={p.class} aria-label={p.label} novalidate>
      <CsrfInput token={p.csrf} />
      {p.children}
    </form>
  );
}

interface FieldProps {
  name: string;
  label: string;
  error?: string;
  hint?: string;
  required?: boolean;
}

function FieldShell(p: FieldProps & { children: Child }) {
  const id = fieldId(p.name);
  return (
    <div class={p.error ? 'field has-error' : 'field'}>
      <label for={id}>
        {p.label}
        {p.required ? <span aria-hidden="true"> *</span> : null}
      </label>
      {p.hint ? (
        <span class="hint" id={`${id}-aide`}>
          {p.hint}
        </span>
      ) : null}
      {p.error ? (
        <span class="field-error" id={`${id}-erreur`}>
          Erreur : {p.error}
        </span>
      ) : null}
      {p.children}
    </div>
  );
}

function describedBy(p: FieldProps): string | undefined {
  const id = fieldId(p.name);
  const ids = [p.hint ? `${id}-aide` : '', p.error ? `${id}-erreur` : ''].filter(Boolean);
  return ids.length ? ids.join(' ') : undefined;
}

export function TextInput(
  p: FieldProps & { value?: string | number | null; type?: 'text' | 'email' | 'tel' | 'url' | 'number' | 'date' | 'password' | 'search' | 'datetime-local' | 'month'; autocomplete?: string; inputmode?: 'numeric' | 'decimal' | 'tel' | 'email' | 'url' | 'search' | 'text'; min?: string | number; max?: string | number; step?: string | number },
) {
  return (
    <FieldShell {...p}>
      <input
        id={fieldId(p.name)}
        name={p.name}
        type={p.type ?? 'text'}
        value={p.value === null || p.value === undefined ? '' : String(p.value)}
        required={p.required}
        autocomplete={p.autocomplete}
        inputmode={p.inputmode}
        min={p.min}
        max={p.max}
        step={p.step}
        aria-invalid={p.error ? 'true' : undefined}
        aria-describedby={describedBy(p)}
      />
    </FieldShell>
  );
}

export function Textarea(p: FieldProps & { value?: string | null; rows?: number }) {
  return (
    <FieldShell {...p}>
      <textarea id={fieldId(p.name)} name={p.name} rows={p.rows ?? 6} required={p.required} aria-invalid={p.error ? 'true' : undefined} aria-describedby={describedBy(p)}>
        {p.value ?? ''}
      </textarea>
    </FieldShell>
  );
}

export interface Option {
  value: string;
  label: string;
}

export function Select(p: FieldProps & { options: Option[]; value?: string | null; placeholder?: string; autosubmit?: boolean }) {
  return (
    <FieldShell {...p}>
      <select id={fieldId(p.name)} name={p.name} required={p.required} aria-invalid={p.error ? 'true' : undefined} aria-describedby={describedBy(p)}>
        {p.placeholder !== undefined ? <option value="">{p.placeholder}</option> : null}
        {p.options.map((o) => (
          <option value={o.value} selected={o.value === (p.value ?? '')}>
            {o.label}
          </option>
        ))}
      </select>
    </FieldShell>
  );
}

export function Checkbox(p: { name: string; label: string; checked?: boolean; value?: string; hint?: string }) {
  const id = fieldId(p.name + (p.value ? `-${p.value}` : ''));
  return (
    <div class="field">
      <input type="checkbox" id={id} name={p.name} value={p.value ?? '1'} checked={p.checked} />{' '}
      <label for={id} class="inline">
        {p.label}
      </label>
      {p.hint ? <span class="hint">{p.hint}</span> : null}
    </div>
  );
}

/** The search box and filters above a list (GET: the URL keeps the state, shareable and bookmarkable). */
export function ListFilters(p: { action: string; query: ListQuery; searchLabel?: string; selects?: { name: string; label: string; options: Option[] }[] }) {
  return (
    <form method="get" action={p.action} class="filters" role="search" data-autosubmit>
      {p.searchLabel ? <TextInput name="q" label={p.searchLabel} type="search" value={p.query.q} /> : null}
      {(p.selects ?? []).map((s) => (
        <Select name={s.name} label={s.label} options={s.options} value={(p.query.filters as Record<string, string | undefined>)[s.name] ?? ''} placeholder="Tous" />
      ))}
      <input type="hidden" name="tri" value={p.query.sort} />
      <input type="hidden" name="ordre" value={p.query.dir} />
      <div class="field">
        <button type="submit">Filtrer</button>
      </div>
    </form>
  );
}
