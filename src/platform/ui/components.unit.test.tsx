import { describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { containsPattern } from '../list.ts';
import { listHref, parseListQuery } from './list.ts';
import { frDate } from './dates.ts';
import { toCsv, toXlsx } from './export.ts';
import { DataTable, type TableColumn } from './table.tsx';
import { ErrorSummary, TextInput } from './form.tsx';

const spec = { sortable: ['name', 'population'] as const, defaultSort: 'name' as const, filters: ['kind', 'epci'] as const };

describe('list query', () => {
  it('reads sort, order, page, size, filters and format, falling back on unknown values', () => {
    const q = parseListQuery({ tri: 'population', ordre: 'desc', page: '3', taille: '50', kind: 'commune', other: 'x', format: 'xlsx', q: '  bel ' }, spec);
    expect(q).toEqual({ q: 'bel', page: 3, pageSize: 50, sort: 'population', dir: 'desc', filters: { kind: 'commune' }, format: 'xlsx', all: true });
    const d = parseListQuery({ tri: 'password', ordre: 'sideways', page: '-4', taille: '100000' }, spec);
    expect(d).toMatchObject({ sort: 'name', dir: 'asc', page: 1, pageSize: 20, format: 'html', all: false, filters: {} });
  });

  it('builds links that keep filters and reset the page when the sort changes', () => {
    const q = parseListQuery({ tri: 'name', page: '4', kind: 'epci', q: 'été' }, spec);
    expect(listHref('/membres', q, { page: 5 })).toBe('/membres?q=%C3%A9t%C3%A9&kind=epci&tri=name&ordre=asc&page=5');
    expect(listHref('/membres', q, { sort: 'population', dir: 'desc' })).toBe('/membres?q=%C3%A9t%C3%A9&kind=epci&tri=population&ordre=desc');
    expect(listHref('/membres', q, { format: 'csv' })).toContain('format=csv');
  });
});

interface Row {
  name: string;
  population: number;
}
const columns: TableColumn<Row>[] = [
  { label: 'Nom', value: (r) => r.name, sort: 'name' },
  { label: 'Population', value: (r) => r.population, sort: 'population', numeric: true },
];
const rows: Row[] = [
  { name: 'Belfort', population: 46443 },
  { name: '=HYPERLINK("http://x")', population: 1 },
];

describe('search pattern', () => {
  it('matches values containing the term, with %, _ and \\ typed by the user taken literally', () => {
    expect(containsPattern('Belfort')).toBe('%Belfort%');
    expect(containsPattern('50%_a\\b')).toBe('%50\\%\\_a\\\\b%');
  });
});

describe('dates', () => {
  it('writes a calendar day the French way, and a dash for none', () => {
    expect(frDate('2025-12-31')).toBe('31/12/2025');
    expect(frDate(null)).toBe('—');
  });
});

describe('exports', () => {
  it('writes CSV for French spreadsheets and neutralises formulas', () => {
    const csv = toCsv(columns, rows);
    expect(csv.startsWith('\ufeffNom;Population\r\n')).toBe(true);
    expect(csv).toContain('Belfort;46443');
    expect(csv).toContain(`"'=HYPERLINK(""http://x"")";1`);
  });

  it('writes an XLSX that reads back', async () => {
    const bytes = await toXlsx(columns, rows, 'Membres');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(bytes as unknown as ArrayBuffer);
    const sheet = wb.getWorksheet('Membres')!;
    expect(sheet.getRow(1).values).toEqual([undefined, 'Nom', 'Population']);
    expect(sheet.getRow(2).values).toEqual([undefined, 'Belfort', 46443]);
  });
});

describe('data table', () => {
  it('renders sortable headers with aria-sort, counts, export links and pagination', () => {
    const q = parseListQuery({ tri: 'population', ordre: 'desc', page: '2' }, spec);
    const html = String(<DataTable caption="Membres" columns={columns} rows={rows} total={45} query={q} basePath="/membres" />);
    expect(html).toContain('aria-sort="descending"');
    expect(html).toContain('45 résultats');
    expect(html).toContain('page 2 sur 3');
    expect(html).toContain('href="/membres?tri=population&amp;ordre=desc&amp;format=csv"');
    expect(html).toContain('Page précédente');
    expect(html).toContain('Page suivante');
    expect(html).toContain('46\u202f443');
    expect(html).toContain('=HYPERLINK(&quot;http://x&quot;)');
  });

  it('shows the empty state', () => {
    const q = parseListQuery({}, spec);
    const html = String(<DataTable caption="Membres" columns={columns} rows={[]} total={0} query={q} basePath="/membres" emptyMessage="Aucun membre." />);
    expect(html).toContain('Aucun membre.');
    expect(html).not.toContain('<table');
    expect(html).not.toContain('Exporter');
  });
});

describe('forms', () => {
  it('links the error summary to fields and describes fields by their error', () => {
    const summary = String(<ErrorSummary errors={{ email: 'Adresse invalide' }} labels={{ email: 'Courriel' }} />);
    expect(summary).toContain('href="#champ-email"');
    expect(summary).toContain('Courriel : Adresse invalide');
    const field = String(<TextInput name="email" label="Courriel" error="Adresse invalide" value="<b>x</b>" />);
    expect(field).toContain('aria-invalid="true"');
    expect(field).toContain('aria-describedby="champ-email-erreur"');
    expect(field).toContain('value="&lt;b&gt;x&lt;/b&gt;"');
  });
});
