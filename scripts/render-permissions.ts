/**
 * Renders the permission matrix of src/platform/auth/permissions.ts to docs/permissions.md.
 * `npm run docs:permissions` writes it; `--check` exits 1 when the file is out of date (CI, tests).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { renderPermissionsMarkdown } from '../src/platform/auth/permissions-doc.ts';

const target = fileURLToPath(new URL('../docs/permissions.md', import.meta.url));
const markdown = renderPermissionsMarkdown();

if (process.argv.includes('--check')) {
  let current = '';
  try {
    current = readFileSync(target, 'utf8');
  } catch {
    current = '';
  }
  if (current !== markdown) {
    process.stderr.write('docs/permissions.md n’est pas à jour : lancez npm run docs:permissions\n');
    process.exit(1);
  }
} else {
  writeFileSync(target, markdown);
  process.stdout.write(`docs/permissions.md écrit (${markdown.split('\n').length} lignes)\n`);
}
