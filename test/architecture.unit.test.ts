import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve, dirname, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

/**
 * The module contract of ADR 0003 (docs/adr/0003-module-contract.md), read from the source itself with the
 * TypeScript parser. No allow-list: a new file that breaks a rule fails here, with the rule and the place.
 */
const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const src = join(root, 'src');
const modulesDir = join(src, 'modules');
/** The only tables other modules may name: as foreign-key targets. */
const SHARED_TABLES: Record<string, string[]> = { members: ['organisations'], identity: ['users'] };

interface Source {
  path: string; // relative to the repository, with /
  imports: { spec: string; target: string | null; sideEffect: boolean; typeOnly: boolean; line: number }[];
  file: ts.SourceFile;
}

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? walk(p) : /\.tsx?$/.test(name) && !/\.test\.tsx?$/.test(name) ? [p] : [];
  });
}

function parse(path: string): Source {
  const text = readFileSync(path, 'utf8');
  const file = ts.createSourceFile(path, text, ts.ScriptTarget.Latest, true, path.endsWith('.tsx') ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
  const imports: Source['imports'] = [];
  const add = (node: ts.Node, spec: string, sideEffect: boolean, typeOnly: boolean) => {
    const target = spec.startsWith('.') ? relative(root, resolve(dirname(path), spec)).split(sep).join('/') : null;
    imports.push({ spec, target, sideEffect, typeOnly, line: file.getLineAndCharacterOfPosition(node.getStart()).line + 1 });
  };
  for (const st of file.statements) {
    if (ts.isImportDeclaration(st) && ts.isStringLiteral(st.moduleSpecifier)) add(st, st.moduleSpecifier.text, !st.importClause, Boolean(st.importClause?.isTypeOnly));
    if (ts.isExportDeclaration(st) && st.moduleSpecifier && ts.isStringLiteral(st.moduleSpecifier)) add(st, st.moduleSpecifier.text, false, st.isTypeOnly);
  }
  return { path: relative(root, path).split(sep).join('/'), imports, file };
}

const sources = walk(src).map(parse);
const moduleNames = readdirSync(modulesDir).filter((n) => statSync(join(modulesDir, n)).isDirectory()).sort();
const moduleOf = (path: string) => /^src\/modules\/([^/]+)\//.exec(path)?.[1] ?? null;
const inModule = (m: string) => sources.filter((s) => moduleOf(s.path) === m);
const at = (s: Source, line: number, what: string) => `${s.path}:${line} ${what}`;
/** A use-case file: at the module's root, the manifest (index.ts) aside. */
const isUseCase = (s: Source) => /^src\/modules\/[^/]+\/[^/]+\.tsx?$/.test(s.path) && !s.path.endsWith('/index.ts');
const isHttp = (s: Source) => /^src\/modules\/[^/]+\/http\//.test(s.path);
const isHonoPackage = (spec: string) => spec === 'hono' || spec.startsWith('hono/') || spec.startsWith('@hono/');

/** Names a module's index.ts re-exports from a schema file. */
function tablesExported(s: Source): { name: string; line: number }[] {
  const out: { name: string; line: number }[] = [];
  for (const st of s.file.statements) {
    if (!ts.isExportDeclaration(st) || !st.moduleSpecifier || !ts.isStringLiteral(st.moduleSpecifier)) continue;
    if (!/schema\.ts$/.test(st.moduleSpecifier.text) || st.isTypeOnly) continue;
    const line = s.file.getLineAndCharacterOfPosition(st.getStart()).line + 1;
    if (!st.exportClause) out.push({ name: '*', line });
    else if (ts.isNamedExports(st.exportClause)) for (const e of st.exportClause.elements) if (!e.isTypeOnly) out.push({ name: e.name.text, line });
  }
  return out;
}

/** `pgTable(` calls, to tell tables from the enums and constants a schema file also exports. */
function tableNames(schema: Source | undefined): Set<string> {
  const names = new Set<string>();
  for (const st of schema?.file.statements ?? []) {
    if (!ts.isVariableStatement(st)) continue;
    for (const d of st.declarationList.declarations) {
      if (ts.isIdentifier(d.name) && d.initializer && ts.isCallExpression(d.initializer) && /pgTable$/.test(d.initializer.expression.getText())) names.add(d.name.text);
    }
  }
  return names;
}

function databaseAccess(s: Source): number[] {
  const lines: number[] = [];
  const visit = (n: ts.Node) => {
    if (ts.isPropertyAccessExpression(n) && n.name.text === 'db') lines.push(s.file.getLineAndCharacterOfPosition(n.getStart()).line + 1);
    ts.forEachChild(n, visit);
  };
  visit(s.file);
  return lines;
}

describe('the module contract (ADR 0003)', () => {
  it('every module folder is mounted, and has a manifest', () => {
    const registry = readFileSync(join(modulesDir, 'index.ts'), 'utf8');
    for (const m of moduleNames) {
      expect(sources.some((s) => s.path === `src/modules/${m}/index.ts`), `src/modules/${m}/index.ts`).toBe(true);
      expect(registry, `src/modules/index.ts monte ${m}`).toContain(`./${m}/index.ts`);
    }
  });

  it('the platform knows no module', () => {
    const bad = sources
      .filter((s) => s.path.startsWith('src/platform/'))
      .flatMap((s) => s.imports.filter((i) => i.target && /^src\/(modules|demo|cli)\//.test(i.target)).map((i) => at(s, i.line, i.spec)));
    expect(bad).toEqual([]);
  });

  it('nothing registers itself by being imported (jobs, demo steps and tabs come from the manifests)', () => {
    const bad = sources.flatMap((s) => s.imports.filter((i) => i.sideEffect).map((i) => at(s, i.line, i.spec)));
    expect(bad).toEqual([]);
  });

  for (const m of moduleNames) {
    describe(m, () => {
      const files = inModule(m);

      it('reaches other modules only through their index.ts', () => {
        const bad = files.flatMap((s) =>
          s.imports
            .filter((i) => i.target && moduleOf(i.target) !== null && moduleOf(i.target) !== m && !/^src\/modules\/[^/]+\/index\.ts$/.test(i.target))
            .map((i) => at(s, i.line, i.spec)),
        );
        expect(bad).toEqual([]);
      });

      it('never imports the demo loader, the command line or the app', () => {
        const bad = files.flatMap((s) => s.imports.filter((i) => i.target && /^src\/(demo|cli)\/|^src\/(app|main|server)\.ts$/.test(i.target)).map((i) => at(s, i.line, i.spec)));
        expect(bad).toEqual([]);
      });

      it('its index.ts exports functions and types, not tables', () => {
        const index = files.find((s) => s.path === `src/modules/${m}/index.ts`);
        if (!index) return;
        const tables = tableNames(files.find((s) => s.path === `src/modules/${m}/schema.ts`));
        const bad = tablesExported(index)
          .filter((e) => e.name === '*' || (tables.has(e.name) && !(SHARED_TABLES[m] ?? []).includes(e.name)))
          .map((e) => at(index, e.line, e.name));
        expect(bad).toEqual([]);
      });

      it('keeps its files where the contract puts them', () => {
        const bad = files
          .map((s) => s.path.slice(`src/modules/${m}/`.length))
          .filter((p) => {
            if (p.startsWith('http/')) return p.endsWith('.tsx') && !p.startsWith('http/pages/');
            return p.includes('/') || p.endsWith('.tsx');
          });
        expect(bad, 'pages sous http/pages/*.tsx ; routes JSON et formulaires sous http/ ; cas d’usage .ts à la racine').toEqual([]);
      });

      it('its use cases know nothing of HTTP or of the interface', () => {
        const bad = files.filter(isUseCase).flatMap((s) =>
          s.imports
            .filter((i) => isHonoPackage(i.spec) || (i.target && /^src\/platform\/(ui|http)\/|\/http\//.test(i.target)))
            .map((i) => at(s, i.line, i.spec)),
        );
        expect(bad).toEqual([]);
      });

      it('nothing under http/ touches the database', () => {
        const bad = files.filter(isHttp).flatMap((s) => [
          ...s.imports.filter((i) => i.spec.startsWith('drizzle-orm') || (i.target && (/^src\/platform\/db\//.test(i.target) || /schema\.ts$/.test(i.target)))).map((i) => at(s, i.line, i.spec)),
          ...databaseAccess(s).map((line) => at(s, line, '.db')),
        ]);
        expect(bad).toEqual([]);
      });

      it('its HTTP code lives under http/', () => {
        const bad = files.filter((s) => !isHttp(s) && !s.path.endsWith('/index.ts')).flatMap((s) => s.imports.filter((i) => isHonoPackage(i.spec)).map((i) => at(s, i.line, i.spec)));
        expect(bad).toEqual([]);
      });

      it('stamps instants with the app clock, not the database’s now()', () => {
        const schema = files.find((s) => s.path === `src/modules/${m}/schema.ts`);
        const text = schema?.file.getFullText() ?? '';
        const bad = text
          .split('\n')
          .map((l, i) => ({ l, i }))
          .filter(({ l }) => /defaultNow\(\)|now\(\)`/.test(l))
          .map(({ i }) => `${schema!.path}:${i + 1}`);
        expect(bad).toEqual([]);
      });
    });
  }
});
