import type { Context } from 'hono';
import ExcelJS from 'exceljs';
import { exportCell as cell, toCsv, type ExportColumn } from '../csv.ts';

/** CSV writing lives in platform/csv.ts (use cases such as background exports need it too). */
export { toCsv, type ExportColumn };

export async function toXlsx<R>(columns: ExportColumn<R>[], rows: R[], sheetName = 'Export'): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Mutualis';
  const sheet = workbook.addWorksheet(sheetName.slice(0, 31));
  sheet.columns = columns.map((c) => ({ header: c.label, width: Math.min(60, Math.max(12, c.label.length + 2)) }));
  sheet.getRow(1).font = { bold: true };
  for (const r of rows) sheet.addRow(columns.map((c) => cell(c.value(r))));
  sheet.views = [{ state: 'frozen', ySplit: 1 }];
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

const SAFE_NAME = /[^A-Za-z0-9._-]+/g;

/** The download of a list in the requested format. */
export async function exportResponse<R>(c: Context, format: 'csv' | 'xlsx', filename: string, columns: ExportColumn<R>[], rows: R[]): Promise<Response> {
  const name = filename.replace(SAFE_NAME, '-');
  if (format === 'csv') {
    return c.body(toCsv(columns, rows), 200, {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="${name}.csv"`,
    });
  }
  const bytes = await toXlsx(columns, rows, filename);
  return c.body(new Uint8Array(bytes), 200, {
    'Content-Type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    'Content-Disposition': `attachment; filename="${name}.xlsx"`,
  });
}
