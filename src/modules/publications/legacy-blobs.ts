import { sql } from 'drizzle-orm';
import type { Ctx } from '../../platform/context.ts';
import { inTransaction } from '../../platform/db/tx.ts';
import { rowsOf } from '../../platform/db/types.ts';
import { writeContent } from '../../platform/files/index.ts';

/** Arbitrary constant: instances starting together move the bytes once. */
const MOVE_LOCK_KEY = 7_346_512_982;

/**
 * Uploads made before the site used the platform file store kept their bytes in the database. Migrations
 * 0011–0012 turned each of them into a `files` row and left the bytes in `publication_blob_moves`: this
 * writes them under DATA_DIR/files and drops that table. Run at start, before serving; returns how many
 * files were written (0 once done, or on a database that never had any).
 */
export async function moveLegacyBlobs(ctx: Pick<Ctx, 'db' | 'config'>): Promise<number> {
  return inTransaction(ctx, async (tx) => {
    await tx.db.execute(sql`select pg_advisory_xact_lock(${MOVE_LOCK_KEY})`);
    const [table] = rowsOf<{ name: string | null }>(await tx.db.execute(sql`select to_regclass('public.publication_blob_moves')::text as name`));
    if (!table?.name) return 0;
    const blobs = rowsOf<{ sha256: string; content: Uint8Array }>(await tx.db.execute(sql`select sha256, content from publication_blob_moves`));
    for (const blob of blobs) {
      const written = await writeContent(tx, blob.content);
      if (written !== blob.sha256) throw new Error(`contenu altéré dans publication_blob_moves (${blob.sha256})`);
    }
    await tx.db.execute(sql`drop table publication_blob_moves`);
    return blobs.length;
  });
}
