import { REPORT_YEAR } from './volumes.ts';

/** The staff queue's filtered page, the same in the HTTP and the database measurements. */
export const FILTERED_QUEUE = { domaine: 'comptabilite', canal: 'phone', page: '5' } as const;
export const REPORT_PERIOD = { from: `${REPORT_YEAR}-01-01`, to: `${REPORT_YEAR}-12-31` } as const;

export interface Scenario {
  key: string;
  label: string;
  public: boolean;
  method: 'GET' | 'POST';
  path: string;
  body?: string;
}

/** What `npm run bench` measures over HTTP, in order. */
export function scenarios(p: { articleSlug: string; memberId: string }): Scenario[] {
  const ticket = { organisationId: p.memberId, domain: 'comptabilite', title: 'Mandat rejeté par la trésorerie', description: 'Le flux **PES** est refusé : motif en pièce jointe.' };
  return [
    { key: 'home', label: 'Accueil public', public: true, method: 'GET', path: '/' },
    { key: 'article', label: 'Article de veille', public: true, method: 'GET', path: `/veille/${p.articleSlug}` },
    { key: 'queue', label: 'File des demandes, 1re page', public: false, method: 'GET', path: '/assistance' },
    { key: 'queueFiltered', label: 'File filtrée (domaine, canal, page 5)', public: false, method: 'GET', path: `/assistance?${new URLSearchParams(FILTERED_QUEUE)}` },
    { key: 'ticketCreate', label: 'Création de demande (API)', public: false, method: 'POST', path: '/api/v1/tickets', body: JSON.stringify(ticket) },
    { key: 'memberSheet', label: 'Fiche d’une collectivité', public: false, method: 'GET', path: `/membres/${p.memberId}` },
    { key: 'yearlyReport', label: `Rapport d’activité ${REPORT_PERIOD.from.slice(0, 4)}`, public: false, method: 'GET', path: `/rapports/activite?du=${REPORT_PERIOD.from}&au=${REPORT_PERIOD.to}` },
  ];
}
