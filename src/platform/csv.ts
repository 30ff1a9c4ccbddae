import { stringify } from 'csv-stringify/sync';

/** A column of an export (CSV file, spreadsheet): its heading and how a row gives its value. */
export interface ExportColumn<R> {
  label: string;
  value: (row: R) => string | number | boolean | Date | null | undefined;
}

/** Text starting with = + - @ would run as a formula in a spreadsheet: neutralise it (CSV injection). */
export function exportCell(v: string | number | boolean | Date | null | undefined): string | number | boolean | Date | null {
  if (v === undefined) return null;
  if (typeof v === 'string' && /^[=+\-@\t\r]/.test(v)) return `'${v}`;
  return v;
}

/** CSV for French spreadsheets: UTF-8 with BOM, `;` separator, dates as ISO text. */
export function toCsv<R>(columns: ExportColumn<R>[], rows: R[]): string {
  const data = rows.map((r) =>
    columns.map((c) => {
      const v = exportCell(c.value(r));
      return v instanceof Date ? v.toISOString() : v;
    }),
  );
  return '\ufeff' + stringify([columns.map((c) => c.label), ...data], { delimiter: ';', record_delimiter: '\r\n' });
}
