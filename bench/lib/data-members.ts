import { officialDepartement } from '../../src/modules/members/official.ts';
import { hashPassword } from '../../src/modules/identity/index.ts';
import { DEMO_OPTIONS } from '../../src/modules/memberships/demo.ts';
import type { Rng } from './prng.ts';
import { copyLine } from './copy-text.ts';
import { BENCH_ADMIN_EMAIL, BENCH_PASSWORD, BENCH_TOTP_SECRET, RECORDED_AT, technicianEmail, type Volumes } from './volumes.ts';
import type { Table } from './tables.ts';

export interface MemberWorld {
  syndicateId: string;
  memberIds: string[];
  technicianIds: string[];
  adminId: string;
}

/**
 * Real communes from the official list: the Territoire de Belfort's 101 first (scale 1 is exactly that
 * département), then other départements in code order.
 */
function communes(count: number) {
  const out = officialDepartement('90').communes;
  for (let d = 1; out.length < count && d <= 95; d++) {
    const code = String(d).padStart(2, '0');
    if (code === '20' || code === '90') continue;
    out.push(...officialDepartement(code).communes);
  }
  if (out.length < count) throw new Error(`Pas assez de communes officielles pour ${count} membres.`);
  return out.slice(0, count);
}

const FIRST_NAMES = ['Camille', 'Dominique', 'Claude', 'Sandrine', 'Nicolas', 'Isabelle', 'Julien', 'Nathalie', 'Laurent', 'Sophie', 'Éric', 'Valérie'];
const LAST_NAMES = ['Martin', 'Bernard', 'Petit', 'Durand', 'Lefèvre', 'Moreau', 'Girard', 'Mercier', 'Faure', 'Roussel', 'Vincent', 'Perrin'];
const FUNCTIONS = ['maire', 'secretaire_mairie', 'referent_informatique'] as const;

export async function memberTables(rng: Rng, v: Volumes): Promise<{ world: MemberWorld; tables: Table[] }> {
  const list = communes(v.members);
  const world: MemberWorld = { syndicateId: rng.uuid(), memberIds: list.map(() => rng.uuid()), technicianIds: [], adminId: rng.uuid() };
  for (let i = 0; i < v.technicians; i++) world.technicianIds.push(rng.uuid());
  // One hash for every account: argon2 is slow on purpose, and the benchmark only needs a known password.
  const hash = await hashPassword(BENCH_PASSWORD);
  const person = () => `${rng.pick(FIRST_NAMES)} ${rng.pick(LAST_NAMES)}`;
  const joined = (i: number) => `${2005 + (i % 15)}-01-01`;
  const tables: Table[] = [
    {
      name: 'organisations',
      columns: ['id', 'kind', 'name', 'insee_code', 'siren', 'population', 'population_year', 'postcodes', 'departement', 'status', 'joined_on', 'created_at', 'updated_at'],
      rows: v.members + 1,
      *lines() {
        yield copyLine([world.syndicateId, 'syndicate', "Territoire d'Énergie 90", null, null, null, null, [], '90', 'active', null, RECORDED_AT, RECORDED_AT]);
        for (const [i, c] of list.entries()) {
          yield copyLine([world.memberIds[i]!, 'commune', c.name, c.inseeCode, c.siren, c.population, 2023, c.postcodes, c.departement, 'active', joined(i), RECORDED_AT, RECORDED_AT]);
        }
      },
    },
    {
      name: 'member_contacts',
      columns: ['organisation_id', 'name', 'function', 'phone', 'phone_digits', 'email', 'started_on', 'created_at', 'updated_at'],
      rows: v.members * v.contactsPerMember,
      *lines() {
        for (const [i, id] of world.memberIds.entries()) {
          for (const fn of FUNCTIONS.slice(0, v.contactsPerMember)) {
            const digits = `03${String(84_000_000 + i * 10 + FUNCTIONS.indexOf(fn)).padStart(8, '0')}`;
            yield copyLine([id, person(), fn, digits.replace(/(\d\d)(?=\d)/g, '$1 '), digits, `${fn.replace(/_/g, '-')}.${i}@mairie.invalid`, joined(i), RECORDED_AT, RECORDED_AT]);
          }
        }
      },
    },
    {
      name: 'users',
      columns: ['id', 'organisation_id', 'email', 'name', 'roles', 'password_hash', 'totp_secret', 'totp_enabled_at', 'created_at', 'updated_at'],
      rows: 1 + v.technicians + v.members,
      *lines() {
        yield copyLine([world.adminId, world.syndicateId, BENCH_ADMIN_EMAIL, 'Administratrice du banc d’essai', ['admin'], hash, BENCH_TOTP_SECRET, RECORDED_AT, RECORDED_AT, RECORDED_AT]);
        for (const [i, id] of world.technicianIds.entries()) {
          yield copyLine([id, world.syndicateId, technicianEmail(i), person(), ['technician'], hash, null, null, RECORDED_AT, RECORDED_AT]);
        }
        for (const [i, id] of world.memberIds.entries()) {
          yield copyLine([rng.uuid(), id, `secretariat.${i}@mairie.invalid`, person(), ['manager'], hash, null, null, RECORDED_AT, RECORDED_AT]);
        }
      },
    },
  ];
  // About 85 % of members hold an IT convention: the mandatory maintenance plus one or two options.
  const holders = world.memberIds.map((id, i) => ({ id, i, conventionId: rng.uuid(), held: rng.next() < 0.85 })).filter((m) => m.held);
  const optional = DEMO_OPTIONS.filter((o) => !o.mandatory).map((o) => o.code);
  const mandatory = DEMO_OPTIONS.find((o) => o.mandatory)!.code;
  tables.push(
    {
      name: 'it_conventions',
      columns: ['id', 'organisation_id', 'number', 'status', 'generation_starts_on', 'generation_ends_on', 'starts_on', 'current_term_ends_on', 'signed_on', 'population', 'created_at', 'updated_at'],
      rows: holders.length,
      *lines() {
        for (const m of holders) {
          yield copyLine([m.conventionId, m.id, `CI-2021-${String(m.i + 1).padStart(5, '0')}`, 'active', '2021-01-01', '2026-12-31', '2021-01-01', '2026-12-31', '2020-12-15', list[m.i]!.population ?? 0, RECORDED_AT, RECORDED_AT]);
        }
      },
    },
    {
      name: 'it_convention_options',
      columns: ['convention_id', 'option_code', 'workstations', 'starts_on'],
      rows: holders.length * 2,
      *lines() {
        for (const m of holders) {
          yield copyLine([m.conventionId, mandatory, rng.int(1, 12), '2021-01-01']);
          yield copyLine([m.conventionId, rng.pick(optional), 0, '2021-01-01']);
        }
      },
    },
  );
  return { world, tables };
}
