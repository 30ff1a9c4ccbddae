import type { Rng } from './prng.ts';
import { copyLine } from './copy-text.ts';
import { OPEN_STATUSES, type Channel } from '../../src/modules/helpdesk/index.ts';
import { ACTIVITY_2019 } from '../../src/modules/reports/index.ts';
import { FIRST_DAY, LAST_DAY, type Volumes } from './volumes.ts';
import type { Table } from './tables.ts';
import type { MemberWorld } from './data-members.ts';

const MIN = 60_000;
const DAY = 86_400_000;
/** The built-in support domains (seeded by the helpdesk migration), weighted as requests fall. */
const DOMAINS = { comptabilite: 30, elections: 6, 'etat-civil': 12, 'marches-publics': 5, numerique: 15, securite: 7, materiel: 15, reseau: 10 } as const;
const DOMAIN_CODES = Object.keys(DOMAINS) as (keyof typeof DOMAINS)[];
const TITLES: Record<keyof typeof DOMAINS, string[]> = {
  comptabilite: ['Mandat rejeté par la trésorerie', 'Flux PES refusé', 'Écriture de fin d’exercice', 'Titre de recette à annuler'],
  elections: ['Refonte de la liste électorale', 'Export REU pour le scrutin', 'Cartes électorales à imprimer'],
  'etat-civil': ['Acte de naissance à rectifier', 'Envoi COMEDEC en erreur', 'Mention marginale à ajouter'],
  'marches-publics': ['Dépôt sur le profil acheteur', 'Avis de marché à publier'],
  numerique: ['Site internet de la commune', 'Messagerie de la mairie', 'Parapheur électronique bloqué'],
  securite: ['Courriel d’hameçonnage reçu', 'Mot de passe compromis', 'Antivirus expiré'],
  materiel: ['Poste lent au démarrage', 'Imprimante hors ligne', 'Écran qui ne s’allume plus'],
  reseau: ['Plus d’accès internet', 'Box à redémarrer', 'Wi-Fi de la salle du conseil'],
};
const DURATIONS: Record<Channel, [number, number, number]> = { phone: [5, 30, 0], remote: [10, 60, 0], email: [5, 20, 0], onsite: [60, 180, 60], workshop: [30, 120, 0] };

/** A weekday between 8:30 and 17:30 (Paris, winter time) at or after `ms`. */
function businessTime(ms: number, rng: Rng): number {
  let day = Math.floor(ms / DAY) * DAY;
  const weekday = new Date(day).getUTCDay();
  if (weekday === 6) day += 2 * DAY;
  if (weekday === 0) day += DAY;
  return day + (7 * 60 + 30) * MIN + rng.int(0, 9 * 60) * MIN;
}

/**
 * Tickets in chronological order over the ten years; each gets one to nine interventions (five on
 * average, a million tickets for five million interventions at scale 100), in 2019's channel mix.
 * The newest 1.5 % are still open.
 */
export function helpdeskTables(rng: Rng, v: Volumes, world: MemberWorld): Table[] {
  const n = v.tickets;
  const t = {
    id: [] as string[],
    org: new Int32Array(n),
    created: new Float64Array(n),
    firstResponse: new Float64Array(n),
    resolved: new Float64Array(n),
    tech: new Int32Array(n),
    domain: new Uint8Array(n),
    status: new Uint8Array(n), // 0 closed, 1 resolved, 2.. open statuses
    interventions: new Uint8Array(n),
  };
  const span = LAST_DAY - FIRST_DAY - 3 * DAY;
  const openFrom = Math.floor(n * 0.985);
  const resolvedFrom = Math.floor(n * 0.96);
  for (let i = 0; i < n; i++) {
    t.id.push(rng.uuid());
    t.org[i] = rng.int(0, world.memberIds.length - 1);
    t.created[i] = businessTime(FIRST_DAY + ((i + rng.next()) / n) * span, rng);
    t.firstResponse[i] = t.created[i]! + rng.int(5, 300) * MIN;
    t.resolved[i] = t.created[i]! + rng.int(30, 4320) * MIN;
    t.tech[i] = rng.int(0, world.technicianIds.length - 1);
    t.domain[i] = DOMAIN_CODES.indexOf(rng.weighted(DOMAINS));
    t.status[i] = i >= openFrom ? 2 + rng.int(0, OPEN_STATUSES.length - 1) : i >= resolvedFrom ? 1 : 0;
    t.interventions[i] = t.status[i] === 2 ? 0 : rng.int(1, 9);
  }
  const total = t.interventions.reduce((s, k) => s + k, 0);
  const channelOf: Channel[] = [];
  const iso = (ms: number) => new Date(ms).toISOString();
  return [
    {
      name: 'tickets',
      columns: ['id', 'organisation_id', 'domain', 'title', 'description', 'priority', 'status', 'assignee_id', 'channel', 'source', 'created_at', 'updated_at', 'first_response_at', 'resolved_at', 'closed_at', 'first_response_due_at', 'resolution_due_at', 'sla_state', 'rating'],
      rows: n,
      *lines() {
        for (let i = 0; i < n; i++) {
          const domain = DOMAIN_CODES[t.domain[i]!]!;
          const channel = t.interventions[i]! > 0 ? rng.weighted(ACTIVITY_2019) : null;
          channelOf[i] = channel ?? 'phone';
          const open = t.status[i]! >= 2;
          const status = open ? OPEN_STATUSES[t.status[i]! - 2]! : t.status[i] === 1 ? 'resolved' : 'closed';
          const created = t.created[i]!;
          const resolutionDue = created + 3 * DAY;
          const sla = open ? rng.weighted({ ok: 70, near: 15, breached: 15 }) : t.resolved[i]! > resolutionDue ? 'breached' : 'ok';
          const source = channel === 'phone' || channel === 'remote' ? 'call' : channel === 'email' ? 'email' : rng.next() < 0.6 ? 'portal' : 'staff';
          yield copyLine([
            t.id[i]!, world.memberIds[t.org[i]!]!, domain, rng.pick(TITLES[domain]), 'Demande décrite par la collectivité.',
            rng.weighted({ low: 10, normal: 70, high: 15, urgent: 5 }), status, status === 'new' ? null : world.technicianIds[t.tech[i]!]!,
            channel, source, iso(created), iso(open ? created : t.resolved[i]!), status === 'new' ? null : iso(t.firstResponse[i]!),
            open ? null : iso(t.resolved[i]!), status === 'closed' ? iso(t.resolved[i]! + 7 * DAY) : null, iso(created + 4 * 60 * MIN), iso(resolutionDue),
            sla, !open && rng.next() < 0.3 ? rng.int(3, 5) : null,
          ]);
        }
      },
    },
    {
      name: 'interventions',
      // Recorded when it starts (created_at = started_at).
      columns: ['organisation_id', 'ticket_id', 'channel', 'technician_id', 'started_at', 'duration_minutes', 'travel_minutes', 'domain', 'summary', 'created_at'],
      rows: total,
      *lines() {
        for (let i = 0; i < n; i++) {
          const k = t.interventions[i]!;
          const from = t.firstResponse[i]!;
          const step = Math.max(t.resolved[i]! - from, 30 * MIN) / k;
          for (let j = 0; j < k; j++) {
            // The ticket's channel is its first intervention's; later ones follow the overall mix.
            const channel = j === 0 ? channelOf[i]! : rng.weighted(ACTIVITY_2019);
            const [lo, hi, travel] = DURATIONS[channel];
            const tech = rng.next() < 0.8 ? t.tech[i]! : rng.int(0, world.technicianIds.length - 1);
            const started = iso(from + j * step);
            yield copyLine([world.memberIds[t.org[i]!]!, t.id[i]!, channel, world.technicianIds[tech]!, started, rng.int(lo, hi), travel ? rng.int(15, travel) : 0, DOMAIN_CODES[t.domain[i]!]!, 'Intervention du service.', started]);
          }
        }
      },
    },
    {
      name: 'ticket_events',
      columns: ['ticket_id', 'organisation_id', 'at', 'actor_id', 'actor_name', 'kind', 'from_value', 'to_value'],
      rows: n + openFrom,
      *lines() {
        for (let i = 0; i < n; i++) {
          const org = world.memberIds[t.org[i]!]!;
          yield copyLine([t.id[i]!, org, iso(t.created[i]!), null, 'Système', 'created', null, null]);
          if (t.status[i]! < 2) yield copyLine([t.id[i]!, org, iso(t.resolved[i]!), world.technicianIds[t.tech[i]!]!, 'Technicien', 'status', 'in_progress', 'resolved']);
        }
      },
    },
    {
      name: 'ticket_comments',
      columns: ['ticket_id', 'organisation_id', 'author_user_id', 'author_name', 'body', 'internal', 'created_at'],
      rows: n,
      *lines() {
        for (let i = 0; i < n; i++) {
          yield copyLine([t.id[i]!, world.memberIds[t.org[i]!]!, world.technicianIds[t.tech[i]!]!, 'Technicien', 'Bonjour, nous prenons votre demande en charge.', rng.next() < 0.2, iso(t.firstResponse[i]!)]);
        }
      },
    },
    ...fieldTables(rng, v, world),
  ];
}

/** On-site visits and workstations brought to the workshop, in proportion to those channels. */
function fieldTables(rng: Rng, v: Volumes, world: MemberWorld): Table[] {
  const mixTotal = Object.values(ACTIVITY_2019).reduce((s, x) => s + x, 0);
  const visits = Math.round((v.interventions * ACTIVITY_2019.onsite) / mixTotal);
  const items = Math.round((v.interventions * ACTIVITY_2019.workshop) / mixTotal / 2);
  const day = (i: number, count: number) => FIRST_DAY + Math.floor(((i + 0.5) / count) * (LAST_DAY - FIRST_DAY - 30 * DAY) / DAY) * DAY;
  const member = () => world.memberIds[rng.int(0, world.memberIds.length - 1)]!;
  return [
    {
      name: 'visits',
      // Recorded at the visit (created_at = starts_at).
      columns: ['organisation_id', 'technician_id', 'starts_at', 'duration_minutes', 'purpose', 'created_at'],
      rows: visits,
      *lines() {
        for (let i = 0; i < visits; i++) {
          const org = member();
          const tech = world.technicianIds[rng.int(0, world.technicianIds.length - 1)]!;
          const starts = new Date(businessTime(day(i, visits), rng));
          yield copyLine([org, tech, starts, rng.pick([60, 90, 120]), 'Intervention sur site', starts]);
        }
      },
    },
    {
      name: 'workshop_items',
      // Recorded the day the workstation comes in (created_at at the start of received_on, UTC).
      columns: ['organisation_id', 'asset_tag', 'description', 'received_on', 'returned_on', 'status', 'created_at'],
      rows: items,
      *lines() {
        for (let i = 0; i < items; i++) {
          const received = day(i, items);
          const date = (ms: number) => new Date(ms).toISOString().slice(0, 10);
          yield copyLine([member(), `PC-${String(i + 1).padStart(6, '0')}`, rng.pick(['Poste de secrétariat', 'Portable du maire', 'Poste de l’agence postale']), date(received), date(received + rng.int(2, 20) * DAY), 'returned', new Date(received)]);
        }
      },
    },
  ];
}
