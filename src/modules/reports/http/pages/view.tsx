import { BarChart, DataTableOf, LineChart } from '../../../../platform/ui/charts.tsx';
import type { ActivityReport } from '../../activity.ts';
import { formatDecimal, formatDuration, formatEuros, formatInt, frDate } from '../../../../platform/format.ts';
import type { MemberReport } from '../../member-report.ts';
import { periodLabel } from '../../period.ts';

/** Minutes as whole hours, « 1 234 h ». */
const formatHours = (minutes: number) => `${formatInt(Math.round(minutes / 60))} h`;
/** A share (0..1) as « 87,5 % »; « — » when nothing was measured. */
const formatRate = (rate: number | null) => (rate === null ? '—' : `${formatDecimal(rate * 100)} %`);
/** An average rating as « 4,3 / 5 ». */
const formatRating = (avg: number | null) => (avg === null ? '—' : `${formatDecimal(avg)} / 5`);

/** Links to the same report in the export formats. */
export function ExportLinks(p: { base: string; query: string }) {
  return (
    <p class="actions">
      Télécharger ce rapport : <a href={`${p.base}?${p.query}&format=csv`}>CSV</a> <a href={`${p.base}?${p.query}&format=xlsx`}>Excel (XLSX)</a>{' '}
      <a href={`${p.base}?${p.query}&format=pdf`}>PDF</a>
    </p>
  );
}

/** The headline figures of a report, as a description list. */
export function Headline({ r }: { r: ActivityReport }) {
  return (
    <ul class="figures" aria-label="Chiffres principaux">
      <li>
        <strong data-figure="total">{formatInt(r.total)}</strong> interventions
      </li>
      {r.channels.map((c) => (
        <li>
          <strong data-figure={c.channel}>{formatInt(c.count)}</strong> {c.label.toLowerCase()}
        </li>
      ))}
      <li>
        <strong>{formatHours(r.totalMinutes)}</strong> de travail
      </li>
    </ul>
  );
}

function ServiceQuality({ r }: { r: ActivityReport }) {
  const t = r.tickets;
  const rows: [string, string][] = [
    ['Demandes ouvertes', formatInt(t.opened)],
    ['Demandes résolues', formatInt(t.resolved)],
    ['Délai médian de première réponse', formatDuration(t.medianFirstResponseMinutes)],
    ['Délai médian de résolution', formatDuration(t.medianResolutionMinutes)],
    [`Première réponse dans les délais (${formatInt(t.firstResponseSla.met)} sur ${formatInt(t.firstResponseSla.measured)})`, formatRate(t.firstResponseSla.rate)],
    [`Résolution dans les délais (${formatInt(t.resolutionSla.met)} sur ${formatInt(t.resolutionSla.measured)})`, formatRate(t.resolutionSla.rate)],
    [`Satisfaction moyenne (${formatInt(r.satisfaction.count)} avis)`, formatRating(r.satisfaction.average)],
    ['Interventions en atelier', formatInt(r.workshop.interventions)],
    ['Matériels reçus à l’atelier', formatInt(r.workshop.itemsReceived)],
    ['Matériels rendus par l’atelier', formatInt(r.workshop.itemsReturned)],
    ['Interventions sur site', formatInt(r.visits.onsiteInterventions)],
    ['Visites planifiées', formatInt(r.visits.planned)],
    ['Temps de trajet', formatDuration(r.visits.travelMinutes)],
  ];
  return <DataTableOf id="qualite" caption="Demandes, délais et satisfaction" headers={['Indicateur', 'Valeur']} rows={rows} />;
}

/**
 * How many collectivités and technicians the page lists: every member of the largest departmental syndicate,
 * but not the 10,000 members a national instance helps in a year (a page of a megabyte). The CSV and XLSX
 * exports hold the complete lists.
 */
const LISTED = 500;
const CHARTED = 15;

/** Every breakdown of an activity report: a chart and its table each. `members` off for a member's own report. */
export function ActivitySections({ r, members = true }: { r: ActivityReport; members?: boolean }) {
  const label = periodLabel(r.period);
  const top = r.members.slice(0, CHARTED);
  const listed = r.members.slice(0, LISTED);
  const technicians = r.technicians.slice(0, CHARTED);
  const multiYear = r.months.length > 12;
  return (
    <>
      <h2>Interventions par canal</h2>
      <BarChart
        id="canaux"
        title={`Interventions par canal, ${label}`}
        description={`${formatInt(r.total)} interventions : ${r.channels.map((c) => `${formatInt(c.count)} ${c.label.toLowerCase()}`).join(', ')}.`}
        categoryLabel="Canal"
        valueLabel="Interventions"
        data={r.channels.map((c) => ({ label: c.label, value: c.count }))}
        total
      />
      <h2>Interventions par mois</h2>
      <LineChart
        id="mois"
        title={`Interventions par mois et par canal, ${label}`}
        description={`Évolution mensuelle des interventions sur ${r.months.length} mois ; mois le plus chargé : ${busiest(r)}.`}
        categoryLabel="Mois"
        valueLabel="Interventions"
        categories={r.months.map((m) => (multiYear ? `${m.label} ${m.month.slice(2, 4)}` : m.label))}
        series={[{ name: 'Total', values: r.months.map((m) => m.total) }, ...r.channels.map((c) => ({ name: c.label, values: r.months.map((m) => m.byChannel[c.channel]) }))]}
      />
      <h2>Interventions par domaine</h2>
      <BarChart
        id="domaines"
        title={`Interventions par domaine, ${label}`}
        description={r.domains.length ? `Domaine le plus sollicité : ${r.domains[0]!.label} (${formatInt(r.domains[0]!.count)}).` : 'Aucune intervention sur la période.'}
        categoryLabel="Domaine"
        valueLabel="Interventions"
        data={r.domains.map((d) => ({ label: d.label, value: d.count }))}
        total
      />
      {members ? (
        <>
          <h2>Interventions par collectivité</h2>
          <p>
            {formatInt(r.members.length)} collectivités ont bénéficié du service sur la période.
            {r.members.length > top.length
              ? listed.length < r.members.length
                ? ` Le graphique montre les ${top.length} plus concernées, le tableau suivant les ${listed.length} premières ; les exports CSV et XLSX les listent toutes.`
                : ` Le graphique montre les ${top.length} plus concernées ; le tableau suivant les liste toutes.`
              : ''}
          </p>
          <BarChart
            id="collectivites"
            title={`Les ${top.length} collectivités les plus aidées, ${label}`}
            description={top.length ? `En tête : ${top[0]!.name} (${formatInt(top[0]!.count)} interventions).` : 'Aucune intervention sur la période.'}
            categoryLabel="Collectivité"
            valueLabel="Interventions"
            data={top.map((m) => ({ label: m.name, value: m.count }))}
          />
          {r.members.length > top.length ? (
            <DataTableOf
              id="collectivites-toutes"
              caption={listed.length < r.members.length ? `Les ${listed.length} collectivités les plus aidées, ${label}` : `Toutes les collectivités aidées, ${label}`}
              headers={['Collectivité', 'Interventions', 'Temps passé']}
              rows={listed.map((m) => [m.name, formatInt(m.count), formatHours(m.minutes)])}
            />
          ) : null}
        </>
      ) : null}
      <h2>Interventions par technicien</h2>
      <BarChart
        id="techniciens"
        title={technicians.length < r.technicians.length ? `Les ${technicians.length} techniciens les plus sollicités, ${label}` : `Interventions par technicien, ${label}`}
        description={
          r.technicians.length
            ? `${r.technicians.length} techniciens sont intervenus${technicians.length < r.technicians.length ? ` ; le graphique montre les ${technicians.length} plus sollicités, le tableau suivant les ${Math.min(LISTED, r.technicians.length)} premiers` : ''}.`
            : 'Aucune intervention sur la période.'
        }
        categoryLabel="Technicien"
        valueLabel="Interventions"
        data={technicians.map((t) => ({ label: t.name, value: t.count }))}
      />
      {technicians.length < r.technicians.length ? (
        <DataTableOf
          id="techniciens-tous"
          caption={`Interventions par technicien (${Math.min(LISTED, r.technicians.length)} premiers sur ${r.technicians.length}), ${label}`}
          headers={['Technicien', 'Interventions', 'Temps passé']}
          rows={r.technicians.slice(0, LISTED).map((t) => [t.name, formatInt(t.count), formatHours(t.minutes)])}
        />
      ) : null}
      <h2>Demandes, délais et satisfaction</h2>
      <ServiceQuality r={r} />
    </>
  );
}

function busiest(r: ActivityReport): string {
  const m = [...r.months].sort((a, b) => b.total - a.total)[0];
  return m && m.total > 0 ? `${m.label} ${m.month.slice(0, 4)} (${formatInt(m.total)})` : 'aucun';
}

/** The member's convention and contribution against what it used. */
export function MemberUsage({ m }: { m: MemberReport }) {
  return (
    <>
      <h2>Convention et contribution</h2>
      {m.conventions.length === 0 ? (
        <p>Aucune convention informatique ne couvre cette période.</p>
      ) : (
        <ul>
          {m.conventions.map((c) => (
            <li>
              Convention {c.number}, du {frDate(c.startsOn)} au {frDate(c.endsOn)} — options :{' '}
              {c.options.length ? c.options.map((o) => o.label + (o.workstations ? ` (${o.workstations} postes)` : '')).join(', ') : 'aucune'}
            </li>
          ))}
        </ul>
      )}
      <DataTableOf
        id="contributions"
        caption="Contributions appelées"
        headers={['Appel', 'Période', 'Montant', 'Part de la période du rapport']}
        rows={m.contributions.map((c) => [c.runLabel, `${frDate(c.periodStart)} – ${frDate(c.periodEnd)}`, formatEuros(c.amount), formatEuros(c.inPeriod)])}
      />
      <DataTableOf
        id="usage"
        caption="Ce que la contribution a permis"
        headers={['Indicateur', 'Valeur']}
        rows={[
          ['Contribution rapportée à la période', formatEuros(m.contributionInPeriod)],
          ['Interventions', formatInt(m.activity.total)],
          ['Temps de travail', formatDuration(m.activity.totalMinutes)],
          ['Coût par intervention', m.costPerIntervention === null ? '—' : formatEuros(m.costPerIntervention)],
          ['Coût par heure de travail', m.costPerHour === null ? '—' : formatEuros(m.costPerHour)],
        ]}
      />
    </>
  );
}
