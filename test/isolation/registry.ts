import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { ModuleIsolation } from './harness.ts';

const dir = fileURLToPath(new URL('./cases/', import.meta.url));

/** Every module's isolation file under test/isolation/cases/, loaded by name (adding a file is enough). */
export async function loadIsolation(): Promise<ModuleIsolation[]> {
  const files = readdirSync(dir).filter((f) => f.endsWith('.ts')).sort();
  const loaded: ModuleIsolation[] = [];
  for (const f of files) {
    const mod = (await import(new URL(`./cases/${f}`, import.meta.url).href)) as { default?: ModuleIsolation };
    if (!mod.default?.module) throw new Error(`test/isolation/cases/${f} doit exporter par défaut defineIsolation({...})`);
    loaded.push(mod.default);
  }
  return loaded;
}
