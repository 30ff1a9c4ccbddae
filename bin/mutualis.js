#!/usr/bin/env node
// Command line of Mutualis. Runs the built code (dist/, made by `npm run build`, which `npm start` also
// does); in a development checkout without a build — or with MUTUALIS_FROM_SOURCE=1 — it runs the
// TypeScript sources through tsx (a development dependency).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const built = new URL('../dist/src/cli/main.js', import.meta.url);
const source = new URL('../src/cli/main.ts', import.meta.url);

if (existsSync(fileURLToPath(built)) && process.env.MUTUALIS_FROM_SOURCE !== '1') {
  await import(built.href);
} else if (existsSync(fileURLToPath(source))) {
  let register;
  try {
    ({ register } = await import('tsx/esm/api'));
  } catch {
    process.stderr.write('Mutualis n’est pas construit : lancez « npm run build » (ou installez les dépendances de développement).\n');
    process.exit(1);
  }
  register();
  await import(source.href);
} else {
  process.stderr.write('Mutualis n’est pas construit : lancez « npm run build ».\n');
  process.exit(1);
}
