import PDFDocument from 'pdfkit';
import type { ActivityReport } from '../activity.ts';
import type { ReportLine } from './exports.ts';
import { formatDecimal, formatDuration, formatInt } from '../../../platform/format.ts';
import { CHART_PALETTE } from '../../../platform/ui/charts.tsx';

/** The standard PDF fonts know WinAnsi only: French number formatting uses narrow no-break spaces. */
const pdfText = (s: string) => s.replace(/[\u202f\u00a0]/g, ' ');

function collect(doc: PDFKit.PDFDocument): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
}

function channelChart(doc: PDFKit.PDFDocument, r: ActivityReport) {
  const max = Math.max(1, ...r.channels.map((c) => c.count));
  const left = doc.page.margins.left;
  const barMax = 300;
  doc.fontSize(12).font('Helvetica-Bold').text('Interventions par canal');
  doc.moveDown(0.3).font('Helvetica').fontSize(10);
  for (const c of r.channels) {
    const y = doc.y;
    doc.fillColor('#222').text(pdfText(c.label), left, y, { width: 110 });
    doc.rect(left + 115, y, Math.max(c.count > 0 ? 1 : 0, (c.count / max) * barMax), 10).fill(CHART_PALETTE[0]!);
    doc.fillColor('#222').text(pdfText(formatInt(c.count)), left + 120 + barMax, y);
    doc.y = y + 15;
  }
  doc.x = left;
  doc.moveDown(0.5);
}

function formatValue(l: ReportLine): string {
  const parts: string[] = [];
  if (l.value !== null) parts.push(Number.isInteger(l.value) ? formatInt(l.value) : formatDecimal(l.value));
  if (l.minutes) parts.push(formatDuration(l.minutes));
  return pdfText(parts.join(' — ') || '');
}

/** The report as a PDF: title, channel chart, then every figure by section. */
export async function reportPdf(title: string, subtitle: string, r: ActivityReport, lines: ReportLine[]): Promise<Buffer> {
  const doc = new PDFDocument({ size: 'A4', margin: 50, lang: 'fr-FR', displayTitle: true, tagged: true, pdfVersion: '1.7', info: { Title: pdfText(title), Author: 'Mutualis' } });
  const done = collect(doc);
  doc.font('Helvetica-Bold').fontSize(18).text(pdfText(title));
  doc.font('Helvetica').fontSize(11).fillColor('#444').text(pdfText(subtitle)).fillColor('#222');
  doc.moveDown();
  doc.fontSize(14).font('Helvetica-Bold').text(pdfText(`${formatInt(r.total)} interventions`));
  doc.moveDown(0.5);
  channelChart(doc, r);
  let section = '';
  const left = doc.page.margins.left;
  for (const l of lines) {
    if (l.section !== section) {
      section = l.section;
      doc.moveDown(0.5).font('Helvetica-Bold').fontSize(12).text(pdfText(section), left);
      doc.font('Helvetica').fontSize(10);
    }
    if (doc.y > doc.page.height - doc.page.margins.bottom - 20) doc.addPage();
    const y = doc.y;
    doc.text(pdfText(l.label), left, y, { width: 330 });
    const after = doc.y;
    doc.text(formatValue(l), left + 340, y, { width: 150, align: 'right' });
    doc.y = Math.max(after, doc.y);
  }
  doc.end();
  return done;
}
