/**
 * Figures of the faults suite (test/faults/), written to bench/results/faults.md: the same scenarios as the
 * tests, on a database of their own on TEST_DATABASE_URL's PostgreSQL server.
 *
 * - Rolling restart: one instance under `FAULTS_RATE` req/s (200) from a client in another process that behaves
 *   as a proxy (checks /readyz every 100 ms, stops sending 500 ms after it stops answering 200); SIGTERM once
 *   the load runs. `FAULTS_RUNS` runs (3) with a 1 s drain delay, then as many with none, to show what it buys.
 * - Instances started together: three on a fresh database, with the demo data set.
 *
 *   TEST_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npx tsx bench/faults.ts
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { formatInt as fmt } from '../src/platform/format.ts';
import { createPgDatabase } from '../test/helpers/pg-database.ts';
import { stopServerProcess } from '../test/helpers/processes.ts';
import { failedRequests, rollingRestart, startTogether, startupRows, type RollingRestartFigures } from '../test/faults/scenarios.ts';
import { describeMachine } from './lib/machine.ts';

const RATE = Number(process.env.FAULTS_RATE ?? 200);
const RUNS = Number(process.env.FAULTS_RUNS ?? 3);
const log = (m: string) => process.stderr.write(`${m}\n`);
const machine = describeMachine();

async function withScratch<T>(fn: (env: Record<string, string>) => Promise<T>): Promise<T> {
  const db = await createPgDatabase();
  const dataDir = mkdtempSync(join(tmpdir(), 'mutualis-faults-'));
  try {
    return await fn({ DATABASE_URL: db.url, DATA_DIR: dataDir, ADMIN_EMAIL: 'admin@pannes.test', ADMIN_PASSWORD: 'mesure-des-pannes-42' });
  } finally {
    await db.drop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

const runs: RollingRestartFigures[] = [];
for (const drainMs of [1_000, 0]) {
  for (let i = 0; i < RUNS; i++) {
    const run = await withScratch((env) => rollingRestart({ env, drainMs, rate: RATE }));
    log(`drainage ${drainMs} ms : ${run.load.sent} envoyées, ${failedRequests(run.load)} perdues`);
    runs.push(run);
  }
}

const together = await withScratch(async (env) => {
  const started = await startTogether(3, { ...env, DEMO: '1', SHUTDOWN_DRAIN_MS: '0' });
  try {
    return { started, rows: await startupRows(env.DATABASE_URL!, env.ADMIN_EMAIL!) };
  } finally {
    await Promise.all(started.running.map(stopServerProcess));
  }
});
log(`démarrage simultané : ${together.started.running.length} prêtes en ${together.started.readyAfterMs} ms`);

const classes = (r: Record<string, number>) => Object.entries(r).map(([k, v]) => `${k} : ${fmt(v)}`).join(' ; ') || '—';
const lines = [
  '# Pannes : redémarrage progressif et démarrage simultané',
  '',
  `Mesuré le ${machine.date} sur ${machine.cores} × ${machine.cpu}, Node ${machine.node}, charge au départ ${machine.loadAtStart} ; PostgreSQL, une base neuve par mesure ; serveur lancé depuis les sources (tsx), client de charge dans un autre processus (\`test/faults/load-client.ts\`). Produit par \`bench/faults.ts\`.`,
  '',
  '## Redémarrage progressif (SIGTERM sous charge)',
  '',
  `${fmt(RATE)} requêtes/s (\`/\` et \`/healthz\`, connexions persistantes) ; le client se comporte comme un proxy : il vérifie \`/readyz\` toutes les 100 ms et cesse d'envoyer 500 ms après la première réponse autre que 200. \`SIGTERM\` est envoyé après ${fmt(RATE * 2)} réponses.`,
  '',
  '| `SHUTDOWN_DRAIN_MS` | Envoyées | Répondues par classe | Perdues (erreur de connexion) | `/readyz` | 503 vu après SIGTERM | `Connection: close` | Sortie (code, durée après SIGTERM) |',
  '| ---: | ---: | --- | --- | --- | ---: | ---: | --- |',
  ...runs.map(
    (r) =>
      `| ${fmt(r.drainMs)} | ${fmt(r.load.sent)} | ${classes(r.load.answered)} | ${fmt(failedRequests(r.load))} (${classes(r.load.lost)}) | ${classes(r.load.ready)} | ${r.notReadyAfterMs ?? '—'} ms | ${fmt(r.load.closing)} | ${r.exitCode}, ${fmt(r.stoppedAfterMs)} ms |`,
  ),
  '',
  "Avec le délai de drainage, l'instance répond 503 à `/readyz` dès le signal et sert encore tout ce qui arrive pendant le délai : aucune requête perdue. Sans lui (0), elle cesse d'accepter au signal et les requêtes envoyées avant que le client ne le remarque sont refusées.",
  '',
  '## Trois instances lancées ensemble sur une base neuve',
  '',
  `| Instances prêtes | Échecs | Toutes prêtes après | Ont attendu le verrou | Ont créé l'administrateur | Ont chargé la démonstration | Administrateurs en base | Chargements de la démonstration en base |`,
  '| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  `| ${together.started.running.length} | ${together.started.failures.length} | ${fmt(together.started.readyAfterMs)} ms | ${together.started.waited} | ${together.started.createdAdmin} | ${together.started.loadedDemo} | ${together.rows.admins} | ${together.rows.demoLoads} |`,
  '',
  'Chaque étape du démarrage (migrations, premier administrateur, jeu de démonstration) se fait sous un même verrou consultatif PostgreSQL : la première instance fait chaque étape, les autres attendent puis la trouvent faite.',
  '',
];
writeFileSync(resolve('bench/results/faults.md'), lines.join('\n'));
log('bench/results/faults.md écrit.');
