import { and, asc } from 'drizzle-orm';
import { audit, auditLog } from '../../platform/audit/index.ts';
import { authorize } from '../../platform/auth/permissions.ts';
import type { Ctx } from '../../platform/context.ts';
import { toCsv, type ExportColumn } from '../../platform/csv.ts';
import { inTransaction } from '../../platform/db/tx.ts';
import { storeFile } from '../../platform/files/index.ts';
import { formatInt } from '../../platform/format.ts';
import { enqueue, type Job, type JobDefinition } from '../../platform/jobs/index.ts';
import { MAX_EXPORT_ROWS } from '../../platform/list.ts';
import { auditConditions, withOrganisationNames, type AuditFilters, type AuditRow } from './audit-log.ts';

export const AUDIT_EXPORT_JOB = 'admin.audit.export';
const BATCH = 2_000;

export const AUDIT_COLUMNS: ExportColumn<AuditRow>[] = [
  { label: 'Date', value: (r) => r.at },
  { label: 'Auteur', value: (r) => r.actorEmail ?? 'système' },
  { label: 'Action', value: (r) => r.action },
  { label: 'Élément', value: (r) => r.entity },
  { label: 'Identifiant', value: (r) => r.entityId },
  { label: 'Organisation', value: (r) => r.organisationName },
  { label: 'Avant', value: (r) => (r.before === null ? null : JSON.stringify(r.before)) },
  { label: 'Après', value: (r) => (r.after === null ? null : JSON.stringify(r.after)) },
  { label: 'Requête', value: (r) => r.requestId },
];

/** Starts the export of the whole filtered journal in the background; the starter follows it on /taches/:id. */
export async function startAuditExport(ctx: Ctx, filters: AuditFilters): Promise<Job> {
  authorize(ctx.actor, 'admin.audit.read');
  auditConditions(filters); // refuses bad filters now, not in the job
  return inTransaction(ctx, async (tx) => {
    const job = await enqueue(tx, AUDIT_EXPORT_JOB, { filters }, { maxAttempts: 3 });
    await audit(tx, { action: 'audit.export', entity: 'job', entityId: job.id, after: { filters } });
    return job;
  });
}

/** Reads the journal by batches (progress after each), writes one CSV file owned by the starter. */
async function runExport(job: Job<{ filters: AuditFilters }>, { ctx, progress }: { ctx: Ctx; progress: (p: number, m?: string) => Promise<void> }) {
  const where = and(...auditConditions(job.payload.filters));
  const total = Math.min(MAX_EXPORT_ROWS, await ctx.db.$count(auditLog, where));
  const rows: AuditRow[] = [];
  while (rows.length < total) {
    const batch = await ctx.db
      .select()
      .from(auditLog)
      .where(where)
      .orderBy(asc(auditLog.at), asc(auditLog.id))
      .limit(Math.min(BATCH, total - rows.length))
      .offset(rows.length);
    if (batch.length === 0) break;
    rows.push(...(await withOrganisationNames(ctx, batch)));
    await progress(Math.floor((rows.length / Math.max(1, total)) * 90), `${formatInt(rows.length)} lignes lues sur ${formatInt(total)}`);
  }
  const file = await storeFile(
    { ...ctx, actor: null },
    { name: `journal-audit-${job.id.slice(0, 8)}.csv`, bytes: Buffer.from(toCsv(AUDIT_COLUMNS, rows)), allowedTypes: ['text/csv'], maxBytes: 512 * 1_048_576, organisationId: job.organisationId, createdBy: job.startedBy },
  );
  await progress(100, 'Fichier prêt');
  return { fileId: file.id, rows: rows.length, truncated: total === MAX_EXPORT_ROWS };
}

export const auditExportJob: JobDefinition = { name: AUDIT_EXPORT_JOB, handler: runExport as JobDefinition['handler'], label: 'Export du journal d’audit' };
