import { copyFile, link, mkdir, readdir } from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';

/** Uploaded files live here; the backup carries them beside the database. */
export function filesDir(dataDir: string): string {
  return join(dataDir, 'files');
}

/** Scratch space for backups and restores: inside DATA_DIR, so that files can be hard-linked and renamed. */
export function scratchDir(dataDir: string): string {
  return join(dataDir, 'tmp');
}

/** Every regular file under `root`, as paths relative to it with `/` separators; [] when `root` is missing. */
export async function listFiles(root: string): Promise<string[]> {
  const out: string[] = [];
  async function walk(dir: string): Promise<void> {
    let entries;
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw err;
    }
    for (const e of entries) {
      const full = join(dir, e.name);
      if (e.isDirectory()) await walk(full);
      else if (e.isFile()) out.push(relative(root, full).split(sep).join('/'));
    }
  }
  await walk(root);
  return out.sort();
}

/**
 * Freezes the files as they are now: a hard link costs nothing and keeps the content even if the file is
 * deleted afterwards; across file systems it falls back to a copy.
 */
export async function snapshotFiles(from: string, to: string, paths: string[]): Promise<void> {
  for (const p of paths) {
    const target = join(to, p);
    await mkdir(dirname(target), { recursive: true });
    try {
      await link(join(from, p), target);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EXDEV' && (err as NodeJS.ErrnoException).code !== 'EPERM') throw err;
      await copyFile(join(from, p), target);
    }
  }
}
