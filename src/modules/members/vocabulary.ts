/** The registry's vocabularies: stored values, English, labelled in French by labels.ts. */
/** The kinds of member collectivity; an organisation is one of them or the syndicate itself. */
export const MEMBER_KINDS = ['commune', 'epci', 'syndicat', 'ccas', 'other'] as const;
export const ORGANISATION_KINDS = ['syndicate', ...MEMBER_KINDS] as const;
export const MEMBER_STATUSES = ['active', 'left', 'prospect'] as const;
export const COMPETENCES = [
  'electricite',
  'gaz',
  'eclairage_maintenance',
  'eclairage_travaux',
  'irve',
  'informatique',
  'dpo',
] as const;
export const CONTACT_FUNCTIONS = [
  'maire',
  'adjoint',
  'president',
  'dgs',
  'secretaire_mairie',
  'referent_informatique',
  'referent_rgpd',
  'comptable',
  'autre',
] as const;
export const BUDGET_KINDS = ['principal', 'annexe', 'ccas', 'caisse_ecoles', 'autre'] as const;
export const DELIBERATION_DECISIONS = ['adhesion', 'transfert_competence', 'convention', 'retrait', 'autre'] as const;
