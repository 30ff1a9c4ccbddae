import { eq } from 'drizzle-orm';
import type { Ctx } from '../../platform/context.ts';
import { audit } from '../../platform/audit/index.ts';
import { authorize } from '../../platform/auth/permissions.ts';
import { inTransaction } from '../../platform/db/tx.ts';
import { Invalid, NotFound } from '../../platform/errors.ts';
import { readFile, storeFile } from '../../platform/files/index.ts';
import { tariffGrids } from './schema.ts';
import { gridRow, type Grid } from './tariffs.ts';

/** The president's decision setting a year's tariffs, as signed: a PDF of at most 10 Mo. */
export const DECISION_MAX_BYTES = 10 * 1024 * 1024;
const NOT_A_PDF = 'Le fichier doit être un PDF : son contenu est vérifié, pas seulement son nom.';

/**
 * Attaches the decision's PDF to a grid (draft or adopted: the document proves the decision, it does not
 * change the tariffs). Replacing an attached PDF needs an explicit confirmation; the replaced file stays in
 * the file store and the audit row keeps both identifiers. Anything refused changes nothing.
 */
export async function attachDecision(ctx: Ctx, gridId: string, input: { name: string; bytes: Uint8Array | null; replace: boolean }): Promise<Grid> {
  authorize(ctx.actor, 'tariffs.manage');
  if (!input.bytes || input.bytes.byteLength === 0) {
    throw new Invalid('Aucun fichier reçu.', { file: 'Choisissez le PDF signé de la décision du président.' });
  }
  const bytes = input.bytes;
  return inTransaction(ctx, async (tx) => {
    const before = await gridRow(tx, gridId);
    if (before.decisionFileId && !input.replace) {
      throw new Invalid('Un PDF de la décision est déjà joint.', { replace: `Le PDF « ${before.decisionFileName} » est déjà joint : cochez « Remplacer le PDF joint » pour le remplacer.` });
    }
    const stored = await storeFile(tx, {
      name: input.name,
      bytes,
      allowedTypes: ['application/pdf'],
      typeRefused: { message: 'Le fichier n’est pas un PDF.', hint: NOT_A_PDF },
      maxBytes: DECISION_MAX_BYTES,
      organisationId: null,
    });
    const [grid] = await tx.db.update(tariffGrids).set({ decisionFileId: stored.id, decisionFileName: stored.name }).where(eq(tariffGrids.id, gridId)).returning();
    await audit(tx, {
      action: before.decisionFileId ? 'tariffs.decision.replace' : 'tariffs.decision.attach',
      entity: 'tariff_grid',
      entityId: gridId,
      before: { decisionFileId: before.decisionFileId, decisionFileName: before.decisionFileName },
      after: { decisionFileId: stored.id, decisionFileName: stored.name, sha256: stored.sha256, size: stored.size },
    });
    return grid!;
  });
}

/** The decision's PDF, for anyone who may read the grids (common to all members). */
export async function decisionPdf(ctx: Ctx, gridId: string): Promise<{ name: string; bytes: Buffer }> {
  authorize(ctx.actor, 'memberships.read');
  const grid = await gridRow(ctx, gridId);
  if (!grid.decisionFileId) throw new NotFound('Aucun PDF de décision n’est joint à cette grille.');
  const { file, bytes } = await readFile(ctx, grid.decisionFileId);
  return { name: grid.decisionFileName ?? file.name, bytes };
}
