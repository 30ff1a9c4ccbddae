// Fails when the Drizzle schema and the committed migrations disagree (a schema change without its migration).
import { cpSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { execFileSync } from 'node:child_process';

// drizzle-kit wants a path relative to the project.
const dir = 'node_modules/.cache/migrations-check';
rmSync(dir, { recursive: true, force: true });
mkdirSync(dir, { recursive: true });
try {
  cpSync('migrations', dir, { recursive: true });
  const before = readdirSync(dir).length;
  const out = execFileSync(
    'npx',
    ['drizzle-kit', 'generate', '--dialect', 'postgresql', '--schema', './src/{modules,platform}/*/schema.ts', '--casing', 'snake_case', '--out', dir, '--name', 'check'],
    { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] },
  );
  if (/error/i.test(out)) {
    console.error(out);
    process.exit(2);
  }
  if (readdirSync(dir).length !== before) {
    console.error(out);
    console.error('Le schéma Drizzle diffère des migrations commitées : lancez `npm run db:generate` et commitez la migration.');
    process.exit(1);
  }
  console.log('Migrations à jour : le schéma et les migrations concordent.');
} finally {
  rmSync(dir, { recursive: true, force: true });
}
