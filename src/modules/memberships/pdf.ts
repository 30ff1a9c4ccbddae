import PDFDocument from 'pdfkit';
import { formatEuros, frDate } from '../../platform/format.ts';
import type { Price } from './pricing.ts';

/** Renders a document to bytes (pdfkit streams; the standard Helvetica font covers French and €). */
function toBuffer(build: (doc: PDFKit.PDFDocument) => void, title: string): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const doc = new PDFDocument({ size: 'A4', margin: 56, info: { Title: title, Author: 'Mutualis' }, lang: 'fr-FR' });
    const chunks: Buffer[] = [];
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    build(doc);
    doc.end();
  });
}


export interface ConventionDoc {
  syndicateName: string;
  number: string;
  memberName: string;
  inseeCode: string | null;
  population: number;
  populationAsOf: string | null;
  startsOn: string;
  generationEndsOn: string;
  signedOn: string | null;
  deliberation: { number: string; adoptedOn: string } | null;
  gridYear: number | null;
  options: { label: string; quantities: string; price: Price }[];
}

/** The convention and its annex (options and prices), filled with the member's data. */
export function conventionPdf(d: ConventionDoc): Promise<Buffer> {
  return toBuffer((doc) => {
    doc.fontSize(16).text(`Convention de mise à disposition du service informatique mutualisé`, { align: 'center' });
    doc.moveDown(0.5).fontSize(11).text(`N° ${d.number}`, { align: 'center' });
    doc.moveDown();
    doc.text(`Entre ${d.syndicateName}, ci-après « le syndicat »,`);
    doc.text(`et ${d.memberName}${d.inseeCode ? ` (code INSEE ${d.inseeCode})` : ''}, ci-après « la collectivité »,`);
    doc.text(d.deliberation ? `agissant en vertu de la délibération n° ${d.deliberation.number} du ${frDate(d.deliberation.adoptedOn)}.` : 'agissant en vertu d’une délibération à intervenir.');
    doc.moveDown();
    const articles: [string, string][] = [
      ['Article 1 — Objet', 'Le syndicat met à la disposition de la collectivité son service informatique mutualisé : maintenance obligatoire des logiciels métiers et options choisies, décrites en annexe.'],
      ['Article 2 — Durée', `La convention prend effet le ${frDate(d.startsOn)} pour une année, reconduite tacitement chaque année, au plus tard jusqu’au ${frDate(d.generationEndsOn)}. Son renouvellement au-delà exige une décision expresse.`],
      ['Article 3 — Contribution', 'La collectivité verse une contribution annuelle selon la grille tarifaire arrêtée par le président du syndicat sur proposition de la commission informatique, révisée chaque année selon l’indice Syntec. Une période incomplète est calculée au prorata des jours.'],
      ['Article 4 — Modifications', 'Toute modification des options ou des quantités fait l’objet d’un avenant prenant effet à la date qu’il fixe.'],
      ['Article 5 — Résiliation', 'Chaque partie peut résilier la convention à tout moment, pour faute ou librement, avec une date d’effet notifiée à l’autre partie.'],
    ];
    for (const [title, body] of articles) {
      doc.font('Helvetica-Bold').text(title).font('Helvetica').text(body).moveDown(0.5);
    }
    doc.moveDown().text(`Signée le ${frDate(d.signedOn)}.`);
    doc.addPage();
    doc.fontSize(14).text(`Annexe — options et prix${d.gridYear ? ` (grille ${d.gridYear})` : ''}`).moveDown();
    doc.fontSize(10).text(`Population retenue : ${d.population.toLocaleString('fr-FR')} habitants (au ${frDate(d.populationAsOf)}).`).moveDown();
    let total = 0;
    for (const o of d.options) {
      total += o.price.amount;
      doc.font('Helvetica-Bold').text(`${o.label}${o.quantities ? ` — ${o.quantities}` : ''} : ${formatEuros(o.price.amount)}`).font('Helvetica');
      for (const l of o.price.lines) doc.text(`   ${l.label} = ${formatEuros(l.amount)}`);
      doc.moveDown(0.3);
    }
    doc.moveDown().font('Helvetica-Bold').text(`Total annuel : ${formatEuros(total)}`);
  }, `Convention ${d.number}`);
}

export interface NoticeDoc {
  syndicateName: string;
  runLabel: string;
  periodStart: string;
  periodEnd: string;
  memberName: string;
  lines: { optionLabel: string; fromOn: string; toOn: string; days: number; periodDays: number; annual: number; amount: number }[];
}

/** A member's contribution notice for a frozen run. */
export function noticePdf(d: NoticeDoc): Promise<Buffer> {
  return toBuffer((doc) => {
    doc.fontSize(16).text(`Avis de contribution — ${d.runLabel}`);
    doc.moveDown(0.5).fontSize(11).text(`${d.syndicateName} — service informatique mutualisé`);
    doc.text(`Collectivité : ${d.memberName}`);
    doc.text(`Période : du ${frDate(d.periodStart)} au ${frDate(d.periodEnd)}`).moveDown();
    let total = 0;
    for (const l of d.lines) {
      total += l.amount;
      doc.font('Helvetica-Bold').text(`${l.optionLabel} : ${formatEuros(l.amount)}`).font('Helvetica');
      doc.text(`   ${formatEuros(l.annual)} par an × ${l.days} / ${l.periodDays} jours (du ${frDate(l.fromOn)} au ${frDate(l.toOn)})`);
    }
    doc.moveDown().font('Helvetica-Bold').text(`Total : ${formatEuros(total)}`);
    doc.font('Helvetica').fontSize(9).moveDown().text('Prorata : jours de détention de l’option, bornes incluses, sur le nombre de jours de la période ; arrondi au centime le plus proche (demi-centime arrondi à l’unité supérieure).');
  }, `Avis de contribution ${d.memberName}`);
}

export interface DecisionDoc {
  syndicateName: string;
  reference: string;
  decisionOn: string;
  commissionProposedOn: string | null;
  year: number;
  effectiveOn: string;
  options: { label: string; prices: string }[];
  /** Printed on every demonstration document: not a real decision. */
  demo: boolean;
}

/** The president's decision setting a year's tariffs (the demonstration instance attaches one to its grid). */
export function decisionPdf(d: DecisionDoc): Promise<Buffer> {
  return toBuffer((doc) => {
    if (d.demo) doc.fontSize(9).text('Document de démonstration — sans valeur juridique', { align: 'center' }).moveDown();
    doc.fontSize(16).text(`Décision ${d.reference}`, { align: 'center' });
    doc.moveDown(0.5).fontSize(11).text(`Tarifs du service informatique mutualisé pour ${d.year}`, { align: 'center' }).moveDown();
    doc.text(`Le président de ${d.syndicateName},`);
    if (d.commissionProposedOn) doc.text(`vu la proposition de la commission informatique du ${frDate(d.commissionProposedOn)},`);
    doc.text('décide :').moveDown(0.5);
    doc.font('Helvetica-Bold').text('Article 1').font('Helvetica').text(`Les contributions des collectivités adhérentes sont fixées comme suit, à compter du ${frDate(d.effectiveOn)} :`).moveDown(0.3);
    for (const o of d.options) doc.text(`• ${o.label} : ${o.prices}`);
    doc.moveDown(0.5).font('Helvetica-Bold').text('Article 2').font('Helvetica').text('Ces tarifs sont révisés chaque année selon l’indice Syntec.');
    doc.moveDown().text(`Fait le ${frDate(d.decisionOn)}.`);
  }, `Décision ${d.reference}`);
}
