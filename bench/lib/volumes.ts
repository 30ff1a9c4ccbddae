/**
 * How much data a scale means. Scale 1 is one syndicate as it is today: 101 member communes, about 5,000
 * interventions a year over ten years. Scale 100 is a national load: 10,100 members, 5 million
 * interventions, a million tickets.
 */
export interface Volumes {
  scale: number;
  members: number;
  contactsPerMember: number;
  technicians: number;
  tickets: number;
  interventions: number;
  articles: number;
}

export function volumes(scale: number): Volumes {
  // The official list has about 34,000 communes: enough members up to scale 300.
  if (!Number.isInteger(scale) || scale < 1 || scale > 300) throw new Error('--scale : un entier entre 1 et 300 est attendu.');
  return {
    scale,
    members: 101 * scale,
    contactsPerMember: 3,
    technicians: 6 * scale,
    tickets: 10_000 * scale,
    interventions: 50_000 * scale,
    articles: 250 * scale,
  };
}

/** Ten full years of activity, fixed so that the data set does not depend on the day it is generated. */
export const FIRST_DAY = Date.UTC(2016, 0, 1);
export const LAST_DAY = Date.UTC(2025, 11, 31);
/**
 * When the rows that are not activity (members, contacts, accounts, conventions, site pages) were recorded:
 * the first day, before any request, fixed for the same reason. Activity rows carry their own instants.
 */
export const RECORDED_AT = new Date(FIRST_DAY);
/** The year the benchmarks' yearly report covers. */
export const REPORT_YEAR = 2025;

/** Accounts the HTTP benchmark signs in with (staff of the syndicate). */
export const BENCH_PASSWORD = 'banc-essai-mutualis-2026';
export const BENCH_ADMIN_EMAIL = 'admin@banc-essai.invalid';
/** Base32 TOTP secret of the benchmark's administrator (admins must use a second factor). */
export const BENCH_TOTP_SECRET = 'KRUGKIDROVUWG2ZAMJZG653OEBTG66BK';
export const technicianEmail = (n: number) => `technicien${n + 1}@banc-essai.invalid`;
export const DEFAULT_SEED = 20190101;
