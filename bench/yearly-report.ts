/**
 * Scale benchmark of the activity report: a fresh PostgreSQL database with 1,000,000 interventions
 * (700,000 tickets, 101 members, 12 technicians, ten years 2016–2025), then the yearly report and the
 * ten-year report computed several times. Prints p50/max and writes bench/results/yearly-report.{md,json}.
 *
 *   npm run bench:report            (BENCH_DATABASE_URL defaults to postgres://postgres@127.0.0.1:5432/postgres)
 *
 * BENCH_KEEP_DATABASE=name keeps (or reuses, when it already holds the data) a named database instead of a
 * throwaway one: the fill takes minutes, the measurement seconds.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { sql } from 'drizzle-orm';
import { openDatabase, runMigrations, rowsOf } from '../src/platform/db/index.ts';
import { computeActivity } from '../src/modules/reports/index.ts';
import { onServer, serverVersion } from './lib/databases.ts';
import { RECORDED_AT } from './lib/volumes.ts';
import { percentile } from './lib/stats.ts';

const ADMIN_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const INTERVENTIONS = Number(process.env.BENCH_INTERVENTIONS ?? 1_000_000);
const TICKETS = Math.round(INTERVENTIONS * 0.7);
const RUNS = Number(process.env.BENCH_RUNS ?? 7);

const admin = (query: string) => onServer(ADMIN_URL, query);

type Db = Awaited<ReturnType<typeof openDatabase>>['db'];

async function fill(db: Db) {
  // Everything is generated inside PostgreSQL (INSERT … SELECT generate_series): deterministic arithmetic
  // spreads rows over members, channels (in 2019's proportions), domains, technicians and days. Members and
  // accounts are recorded at one fixed instant; activity rows at their own (a ticket's resolution, an
  // intervention's or a visit's start, a workstation's arrival).
  const recorded = sql`${RECORDED_AT.toISOString()}::timestamptz`;
  await db.execute(sql`insert into organisations (kind, name, status, created_at, updated_at) values ('syndicate', 'Syndicat', 'active', ${recorded}, ${recorded})`);
  await db.execute(sql`insert into organisations (kind, name, status, population, created_at, updated_at)
    select 'commune', 'Commune ' || g, 'active', 100 + (g * 397) % 5000, ${recorded}, ${recorded} from generate_series(1, 101) g`);
  await db.execute(sql`insert into users (organisation_id, email, name, roles, created_at, updated_at)
    select (select id from organisations where kind = 'syndicate'), 'tech' || g || '@bench.invalid', 'Technicien ' || g, array['technician'], ${recorded}, ${recorded} from generate_series(1, 12) g`);
  await db.execute(sql`create temporary table bench_orgs as select row_number() over (order by name) - 1 as n, id from organisations where kind = 'commune'`);
  await db.execute(sql`create temporary table bench_domains as select row_number() over (order by code) - 1 as n, code from helpdesk_domains`);
  await db.execute(sql`create temporary table bench_techs as select row_number() over (order by email) - 1 as n, id from users`);
  await db.execute(sql`
    insert into tickets (id, organisation_id, domain, title, source, status, created_at, updated_at, first_response_at, first_response_due_at, resolved_at, resolution_due_at, rating)
    select md5('t' || g)::uuid, o.id, d.code, 'Demande ' || g, 'staff', 'closed', ts, resolved,
      ts + ((g * 13) % 300) * interval '1 minute', ts + interval '4 hours',
      resolved, ts + interval '3 days',
      case when g % 3 = 0 then 1 + (g * 7) % 5 end
    from generate_series(1::bigint, ${TICKETS}) g
    cross join lateral (select timestamptz '2016-01-04 08:00+01' + ((g * 7919) % 3650) * interval '1 day' + ((g * 37) % 540) * interval '1 minute' as ts) t
    cross join lateral (select ts + ((g * 31) % 4320) * interval '1 minute' as resolved) r
    join bench_orgs o on o.n = g % 101
    join bench_domains d on d.n = g % 8`);
  await db.execute(sql`
    insert into interventions (organisation_id, ticket_id, channel, technician_id, started_at, duration_minutes, travel_minutes, domain, created_at)
    select t.organisation_id, t.id, c.channel::intervention_channel, x.id, s.started, 5 + g % 90,
      case when c.channel = 'onsite' then 15 + g % 45 else 0 end, t.domain, s.started
    from generate_series(1::bigint, ${INTERVENTIONS}) g
    cross join lateral (select case when g % 5129 < 2056 then 'phone' when g % 5129 < 3947 then 'remote' when g % 5129 < 4118 then 'email'
      when g % 5129 < 4615 then 'onsite' else 'workshop' end as channel) c
    join tickets t on t.id = md5('t' || (1 + (g::bigint * ${TICKETS}) / ${INTERVENTIONS + 1}))::uuid
    join bench_techs x on x.n = g % 12
    cross join lateral (select t.first_response_at + (g % 3) * interval '1 day' as started) s`);
  await db.execute(sql`
    insert into workshop_items (organisation_id, asset_tag, description, received_on, returned_on, status, created_at)
    select o.id, 'PC-' || g, 'Poste', w.received, w.received + 6, 'returned', w.received::timestamp at time zone 'UTC'
    from generate_series(1::bigint, ${Math.round(INTERVENTIONS / 20)}) g join bench_orgs o on o.n = g % 101
    cross join lateral (select date '2016-01-04' + ((g * 7) % 3650)::int as received) w`);
  await db.execute(sql`
    insert into visits (organisation_id, technician_id, starts_at, purpose, created_at)
    select o.id, x.id, v.starts, 'Visite', v.starts
    from generate_series(1::bigint, ${Math.round(INTERVENTIONS / 10)}) g join bench_orgs o on o.n = g % 101 join bench_techs x on x.n = g % 12
    cross join lateral (select timestamptz '2016-01-04 09:00+01' + ((g * 11) % 3650) * interval '1 day' as starts) v`);
  await db.execute(sql`analyze`);
}

async function main() {
  const kept = process.env.BENCH_KEEP_DATABASE;
  if (kept && !/^[a-z_][a-z0-9_]*$/.test(kept)) throw new Error('BENCH_KEEP_DATABASE : nom de base invalide');
  const name = kept ?? `mutualis_bench_report_${randomBytes(4).toString('hex')}`;
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  await admin(`create database ${name}`).catch((err: { code?: string }) => {
    if (!kept || err.code !== '42P04') throw err; // 42P04: the kept database already exists
  });
  const handle = await openDatabase({ driver: 'pg', url: url.toString(), poolSize: 4 });
  try {
    await runMigrations(handle, url.toString());
    const db = handle.db;
    const t0 = performance.now();
    const filled = rowsOf<{ n: string }>(await db.execute(sql`select count(*) as n from interventions`))[0]?.n !== '0';
    const filledNow = !filled;
    if (filledNow) await fill(db);
    const fillSeconds = (performance.now() - t0) / 1000;
    const [{ n }] = rowsOf<{ n: string }>(await db.execute(sql`select count(*) as n from interventions`)) as [{ n: string }];
    console.log(`Filled ${n} interventions and ${TICKETS} tickets in ${fillSeconds.toFixed(1)} s`);

    const ctx = { db };
    async function measure(label: string, from: string, to: string) {
      const first = await computeActivity(ctx, { from, to });
      const times: number[] = [];
      for (let i = 0; i < RUNS; i++) {
        const s = performance.now();
        await computeActivity(ctx, { from, to });
        times.push(performance.now() - s);
      }
      const r = { label, from, to, interventions: first.total, runs: RUNS, p50: Math.round(percentile(times, 50)), max: Math.round(Math.max(...times)) };
      console.log(`${label}: ${r.interventions} interventions, p50 ${r.p50} ms, max ${r.max} ms`);
      return r;
    }
    const results = [await measure('Rapport annuel 2024', '2024-01-01', '2024-12-31'), await measure('Rapport 2016–2025 (toute la table)', '2016-01-01', '2025-12-31')];
    const server = await serverVersion(handle);
    const report = { date: new Date().toISOString(), postgres: server, interventions: Number(n), tickets: TICKETS, fillSeconds: Math.round(fillSeconds), results };
    mkdirSync('bench/results', { recursive: true });
    writeFileSync('bench/results/yearly-report.json', JSON.stringify(report, null, 2) + '\n');
    const md = [
      '# Rapport d’activité à l’échelle',
      '',
      `${report.date} — PostgreSQL ${server}, ${Number(n).toLocaleString('fr-FR')} interventions, ${TICKETS.toLocaleString('fr-FR')} demandes sur dix ans (2016–2025), 101 collectivités, 12 techniciens ; ${filledNow ? `remplissage en ${report.fillSeconds} s` : 'base conservée, déjà remplie'}.`,
      '',
      '| Mesure | Interventions lues | Exécutions | p50 (ms) | max (ms) |',
      '| --- | ---: | ---: | ---: | ---: |',
      ...results.map((r) => `| ${r.label} | ${r.interventions.toLocaleString('fr-FR')} | ${r.runs} | ${r.p50} | ${r.max} |`),
      '',
      'Commande : `npm run bench:report` (base PostgreSQL créée puis supprimée).',
      '',
    ].join('\n');
    writeFileSync('bench/results/yearly-report.md', md);
  } finally {
    await handle.close();
    if (!kept) await admin(`drop database if exists ${name} with (force)`);
  }
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
