import { createRequire } from 'node:module';

/**
 * The official list of communes and EPCI, read from the npm package @etalab/decoupage-administratif 6.0.0
 * (millésime 2026: INSEE COG 2026, DGCL EPCI 2026). The package's entry point reads ./data relative to the
 * working directory, so the JSON files are resolved and loaded directly.
 *
 * Population: the package's `population` field comes from INSEE's "populations légales" published at the end
 * of 2025, whose reference year is 2023 (in force on 1 January 2026), as the package's README sources it.
 */
export const OFFICIAL_SOURCE = '@etalab/decoupage-administratif 6.0.0';
export const POPULATION_YEAR = 2023;

interface RawCommune {
  code: string;
  nom: string;
  type: string;
  departement: string;
  siren?: string;
  codesPostaux?: string[];
  population?: number;
}
interface RawEpci {
  code: string;
  nom: string;
  type: string;
  membres: { code: string; siren?: string; nom: string }[];
}

export interface OfficialCommune {
  inseeCode: string;
  name: string;
  departement: string;
  siren: string | null;
  postcodes: string[];
  population: number | null;
  /** SIREN of the EPCI the commune belongs to, if any. */
  epciSiren: string | null;
}
export interface OfficialEpci {
  siren: string;
  name: string;
  epciType: string;
  /** Sum of the member communes' populations, the same source and year as the communes'. */
  population: number | null;
  memberInseeCodes: string[];
}
export interface OfficialDepartement {
  departement: string;
  communes: OfficialCommune[];
  epcis: OfficialEpci[];
}

const require = createRequire(import.meta.url);
let cache: { communes: RawCommune[]; epcis: RawEpci[] } | null = null;

function raw() {
  cache ??= {
    communes: require('@etalab/decoupage-administratif/data/communes.json') as RawCommune[],
    epcis: require('@etalab/decoupage-administratif/data/epci.json') as RawEpci[],
  };
  return cache;
}

export function departementProblem(code: string): string | null {
  return /^(\d{2}|2[AB]|97\d)$/.test(code) ? null : 'Code de département attendu : 2 chiffres, 2A, 2B ou 97x.';
}

/** Current communes of a département (delegated/associated communes and municipal districts left out), and their EPCI. */
export function officialDepartement(departement: string): OfficialDepartement {
  const data = raw();
  const current = data.communes.filter((c) => c.type === 'commune-actuelle');
  const all = new Map(current.map((c) => [c.code, c]));
  const epciOf = new Map<string, string>();
  const epcis: OfficialEpci[] = [];
  const inDep = current.filter((c) => c.departement === departement);
  const codes = new Set(inDep.map((c) => c.code));
  for (const e of data.epcis) {
    if (!e.membres.some((m) => codes.has(m.code))) continue;
    for (const m of e.membres) epciOf.set(m.code, e.code);
    const pops = e.membres.map((m) => all.get(m.code)?.population);
    epcis.push({
      siren: e.code,
      name: e.nom,
      epciType: e.type,
      population: pops.every((p) => typeof p === 'number') ? pops.reduce<number>((s, p) => s + (p ?? 0), 0) : null,
      memberInseeCodes: e.membres.map((m) => m.code),
    });
  }
  return {
    departement,
    epcis,
    communes: inDep.map((c) => ({
      inseeCode: c.code,
      name: c.nom,
      departement: c.departement,
      siren: c.siren ?? null,
      postcodes: c.codesPostaux ?? [],
      population: c.population ?? null,
      epciSiren: epciOf.get(c.code) ?? null,
    })),
  };
}
