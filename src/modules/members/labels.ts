import type { BUDGET_KINDS, COMPETENCES, CONTACT_FUNCTIONS, DELIBERATION_DECISIONS, MEMBER_STATUSES, ORGANISATION_KINDS } from './vocabulary.ts';

/** French labels of the registry's vocabularies, for pages, exports and forms. */
export const KIND_LABELS: Record<(typeof ORGANISATION_KINDS)[number], string> = {
  syndicate: 'Syndicat (organisation)',
  commune: 'Commune',
  epci: 'EPCI',
  syndicat: 'Syndicat',
  ccas: 'CCAS / CIAS',
  other: 'Autre établissement public',
};
export const STATUS_LABELS: Record<(typeof MEMBER_STATUSES)[number], string> = {
  active: 'Membre',
  left: 'Retirée',
  prospect: 'Non adhérente',
};
export const COMPETENCE_LABELS: Record<(typeof COMPETENCES)[number], string> = {
  electricite: 'Distribution d’électricité',
  gaz: 'Distribution de gaz',
  eclairage_maintenance: 'Éclairage public — maintenance',
  eclairage_travaux: 'Éclairage public — travaux',
  irve: 'Bornes de recharge (IRVE)',
  informatique: 'Service informatique',
  dpo: 'DPO mutualisé',
};
export const FUNCTION_LABELS: Record<(typeof CONTACT_FUNCTIONS)[number], string> = {
  maire: 'Maire',
  adjoint: 'Adjoint(e)',
  president: 'Président(e)',
  dgs: 'Directeur(rice) général(e) des services',
  secretaire_mairie: 'Secrétaire de mairie',
  referent_informatique: 'Référent(e) informatique',
  referent_rgpd: 'Référent(e) RGPD',
  comptable: 'Comptable',
  autre: 'Autre',
};
export const BUDGET_KIND_LABELS: Record<(typeof BUDGET_KINDS)[number], string> = {
  principal: 'Budget principal',
  annexe: 'Budget annexe',
  ccas: 'CCAS',
  caisse_ecoles: 'Caisse des écoles',
  autre: 'Autre',
};
export const DECISION_LABELS: Record<(typeof DELIBERATION_DECISIONS)[number], string> = {
  adhesion: 'Adhésion au syndicat',
  transfert_competence: 'Transfert de compétence',
  convention: 'Convention',
  retrait: 'Retrait',
  autre: 'Autre',
};

export const options = <K extends string>(labels: Record<K, string>, skip: K[] = []) =>
  (Object.entries(labels) as [K, string][]).filter(([k]) => !skip.includes(k)).map(([value, label]) => ({ value, label }));
