import { z } from '@hono/zod-openapi';
import { isoInstant, listOf, uuid } from '../../../platform/http/api.ts';
import { jobLabel } from '../../../platform/jobs/index.ts';
import { auditDiff, type AuditRow } from '../audit-log.ts';
import type { JobProgress as JobProgressView } from '../job-view.ts';
import { JOB_STATUSES, JOB_STATUS_VALUES, type JobListRow } from '../jobs.ts';

const jobStatus = z.enum(JOB_STATUS_VALUES as [keyof typeof JOB_STATUSES, ...(keyof typeof JOB_STATUSES)[]]);

export const AuditEntry = z
  .object({
    id: uuid(),
    at: isoInstant(),
    actorId: uuid().nullable(),
    actorEmail: z.string().nullable().describe('Adresse de l’auteur ; null : le système'),
    action: z.string(),
    entity: z.string(),
    entityId: z.string().nullable(),
    organisationId: uuid().nullable(),
    organisationName: z.string().nullable(),
    requestId: z.string().nullable(),
  })
  .openapi('AuditEntry');

export const AuditEntryPage = listOf(AuditEntry, 'AuditEntryPage');

export const AuditEntryDetail = AuditEntry.extend({
  changes: z
    .array(
      z.object({
        field: z.string(),
        before: z.string().describe('Valeur avant, en texte (vide : absente ; ∅ : nulle)'),
        after: z.string().describe('Valeur après, en texte'),
        changed: z.boolean(),
      }),
    )
    .describe('Comparaison champ par champ, champs modifiés d’abord'),
}).openapi('AuditEntryDetail');

export const Job = z
  .object({
    id: uuid(),
    name: z.string().describe('Nom technique'),
    label: z.string().describe('Libellé en français'),
    status: jobStatus,
    progress: z.number().int().min(0).max(100),
    progressMessage: z.string().nullable(),
    attempts: z.number().int(),
    maxAttempts: z.number().int(),
    lastError: z.string().nullable(),
    startedBy: uuid().nullable(),
    startedByEmail: z.string().nullable().describe('Adresse de qui l’a lancée ; null : le système'),
    organisationId: uuid().nullable(),
    runAt: isoInstant(),
    createdAt: isoInstant(),
    startedAt: isoInstant().nullable(),
    finishedAt: isoInstant().nullable(),
  })
  .openapi('Job');

export const JobPage = listOf(Job, 'JobPage');

export const JobDetail = Job.extend({
  lockedBy: z.string().nullable().describe('Instance qui exécute la tâche'),
  payloadJson: z.string().describe('Paramètres de la tâche, en texte JSON (leur forme dépend de la tâche)'),
  resultJson: z.string().nullable().describe('Résultat, en texte JSON ; null : pas encore de résultat'),
}).openapi('JobDetail');

export const JobProgress = z
  .object({
    id: uuid(),
    label: z.string(),
    status: jobStatus,
    statusLabel: z.string(),
    progress: z.number().int().min(0).max(100),
    message: z.string().nullable(),
    error: z.string().nullable(),
    downloadUrl: z.string().nullable(),
    createdAt: isoInstant(),
    finishedAt: isoInstant().nullable(),
  })
  .openapi('JobProgress');

export function auditEntryDto(r: AuditRow): z.infer<typeof AuditEntry> {
  return {
    id: r.id,
    at: r.at.toISOString(),
    actorId: r.actorId,
    actorEmail: r.actorEmail,
    action: r.action,
    entity: r.entity,
    entityId: r.entityId,
    organisationId: r.organisationId,
    organisationName: r.organisationName,
    requestId: r.requestId,
  };
}

export function auditEntryDetailDto(r: AuditRow): z.infer<typeof AuditEntryDetail> {
  return { ...auditEntryDto(r), changes: auditDiff(r.before, r.after) };
}

export function jobDto(r: JobListRow): z.infer<typeof Job> {
  return {
    id: r.id,
    name: r.name,
    label: jobLabel(r.name),
    status: r.status,
    progress: r.progress,
    progressMessage: r.progressMessage,
    attempts: r.attempts,
    maxAttempts: r.maxAttempts,
    lastError: r.lastError,
    startedBy: r.startedBy,
    startedByEmail: r.startedByEmail,
    organisationId: r.organisationId,
    runAt: r.runAt.toISOString(),
    createdAt: r.createdAt.toISOString(),
    startedAt: r.startedAt?.toISOString() ?? null,
    finishedAt: r.finishedAt?.toISOString() ?? null,
  };
}

export function jobDetailDto(r: JobListRow): z.infer<typeof JobDetail> {
  return { ...jobDto(r), lockedBy: r.lockedBy, payloadJson: JSON.stringify(r.payload), resultJson: r.result === null ? null : JSON.stringify(r.result) };
}

export function jobProgressDto(p: JobProgressView): z.infer<typeof JobProgress> {
  return { id: p.id, label: p.label, status: p.status, statusLabel: p.statusLabel, progress: p.progress, message: p.message, error: p.error, downloadUrl: p.downloadUrl, createdAt: p.createdAt, finishedAt: p.finishedAt };
}
