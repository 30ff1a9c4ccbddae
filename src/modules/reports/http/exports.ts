import type { ExportColumn } from '../../../platform/ui/export.ts';
import type { ActivityReport } from '../activity.ts';
import type { MemberReport } from '../member-report.ts';
import { frDate } from '../../../platform/format.ts';

/** A report flattened for spreadsheets: one line per figure, grouped by section. */
export interface ReportLine {
  section: string;
  label: string;
  value: number | null;
  minutes?: number | null;
}

export const REPORT_COLUMNS: ExportColumn<ReportLine>[] = [
  { label: 'Rubrique', value: (l) => l.section },
  { label: 'Libellé', value: (l) => l.label },
  { label: 'Valeur', value: (l) => l.value },
  { label: 'Temps (minutes)', value: (l) => l.minutes ?? null },
];

const round = (n: number | null, digits = 1) => (n === null ? null : Math.round(n * 10 ** digits) / 10 ** digits);

export function activityLines(r: ActivityReport): ReportLine[] {
  const t = r.tickets;
  return [
    { section: 'Période', label: `du ${frDate(r.period.from)} au ${frDate(r.period.to)}`, value: null },
    ...r.channels.map((c) => ({ section: 'Canal', label: c.label, value: c.count, minutes: c.minutes })),
    { section: 'Canal', label: 'Total', value: r.total, minutes: r.totalMinutes },
    ...r.domains.map((d) => ({ section: 'Domaine', label: d.label, value: d.count })),
    ...r.members.map((m) => ({ section: 'Collectivité', label: m.name, value: m.count, minutes: m.minutes })),
    ...r.technicians.map((x) => ({ section: 'Technicien', label: x.name, value: x.count, minutes: x.minutes })),
    ...r.months.map((m) => ({ section: 'Mois', label: m.month, value: m.total })),
    { section: 'Demandes', label: 'Ouvertes', value: t.opened },
    { section: 'Demandes', label: 'Résolues', value: t.resolved },
    { section: 'Délais', label: 'Première réponse, médiane (minutes)', value: round(t.medianFirstResponseMinutes) },
    { section: 'Délais', label: 'Résolution, médiane (minutes)', value: round(t.medianResolutionMinutes) },
    { section: 'Délais', label: 'Première réponse dans les délais (%)', value: round(t.firstResponseSla.rate === null ? null : t.firstResponseSla.rate * 100) },
    { section: 'Délais', label: 'Résolution dans les délais (%)', value: round(t.resolutionSla.rate === null ? null : t.resolutionSla.rate * 100) },
    { section: 'Satisfaction', label: 'Note moyenne (sur 5)', value: round(r.satisfaction.average, 2) },
    { section: 'Satisfaction', label: 'Nombre d’avis', value: r.satisfaction.count },
    { section: 'Atelier', label: 'Interventions en atelier', value: r.workshop.interventions },
    { section: 'Atelier', label: 'Matériels reçus', value: r.workshop.itemsReceived },
    { section: 'Atelier', label: 'Matériels rendus', value: r.workshop.itemsReturned },
    { section: 'Déplacements', label: 'Interventions sur site', value: r.visits.onsiteInterventions },
    { section: 'Déplacements', label: 'Visites planifiées', value: r.visits.planned },
    { section: 'Déplacements', label: 'Temps de trajet', value: null, minutes: r.visits.travelMinutes },
  ];
}

export function memberLines(m: MemberReport): ReportLine[] {
  return [
    { section: 'Collectivité', label: m.organisation.name, value: null },
    ...m.conventions.map((c) => ({ section: 'Convention', label: `${c.number} (${c.options.map((o) => o.label).join(', ') || 'sans option'})`, value: null })),
    ...m.contributions.map((c) => ({ section: 'Contribution (euros)', label: c.runLabel, value: c.amount / 100 })),
    { section: 'Contribution (euros)', label: 'Part de la période', value: m.contributionInPeriod / 100 },
    { section: 'Contribution (euros)', label: 'Coût par intervention', value: m.costPerIntervention === null ? null : m.costPerIntervention / 100 },
    ...activityLines(m.activity).filter((l) => l.section !== 'Collectivité'),
  ];
}
