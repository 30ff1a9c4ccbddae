/** One row in PostgreSQL's COPY text format (tab-separated, `\N` for null, backslash escapes). */
export type CopyValue = string | number | boolean | null | undefined | readonly string[] | Date;

const escape = (s: string) => s.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r');

/** A text[] literal: every element quoted, so commas and braces inside values are safe. */
const arrayLiteral = (items: readonly string[]) => `{${items.map((i) => `"${i.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`).join(',')}}`;

export function copyLine(values: readonly CopyValue[]): string {
  return (
    values
      .map((v) => {
        if (v === null || v === undefined) return '\\N';
        if (typeof v === 'string') return escape(v);
        if (typeof v === 'number') return String(v);
        if (typeof v === 'boolean') return v ? 't' : 'f';
        if (v instanceof Date) return v.toISOString();
        return escape(arrayLiteral(v));
      })
      .join('\t') + '\n'
  );
}
