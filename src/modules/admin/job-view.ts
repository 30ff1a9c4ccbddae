import type { Ctx } from '../../platform/context.ts';
import { readFile } from '../../platform/files/index.ts';
import { getOwnJob, jobLabel, type JobRow } from '../../platform/jobs/index.ts';
import { NotFound } from '../../platform/errors.ts';
import { JOB_STATUSES } from './jobs.ts';

/** What the user who started a job sees of it (page and JSON): never the payload. */
export interface JobProgress {
  id: string;
  label: string;
  status: JobRow['status'];
  statusLabel: string;
  progress: number;
  message: string | null;
  error: string | null;
  downloadUrl: string | null;
  createdAt: string;
  finishedAt: string | null;
}

function fileIdOf(job: JobRow): string | null {
  const result = job.result as { fileId?: unknown } | null;
  return job.status === 'succeeded' && typeof result?.fileId === 'string' ? result.fileId : null;
}

export function progressView(job: JobRow): JobProgress {
  return {
    id: job.id,
    label: jobLabel(job.name),
    status: job.status,
    statusLabel: JOB_STATUSES[job.status],
    progress: job.progress,
    message: job.progressMessage,
    // A retry still pending is not a failure for the user: the error shows once the job gave up.
    error: job.status === 'failed' ? job.lastError : null,
    downloadUrl: fileIdOf(job) ? `/taches/${job.id}/fichier` : null,
    createdAt: job.createdAt.toISOString(),
    finishedAt: job.finishedAt?.toISOString() ?? null,
  };
}

/** The progress of a job the actor started (anyone else: not found). */
export async function myJobProgress(ctx: Ctx, id: string): Promise<JobProgress> {
  return progressView(await getOwnJob(ctx, id));
}

/** The file a finished job of the actor produced. */
export async function myJobFile(ctx: Ctx, id: string) {
  const job = await getOwnJob(ctx, id);
  const fileId = fileIdOf(job);
  if (!fileId) throw new NotFound('Cette tâche n’a pas produit de fichier.');
  return readFile(ctx, fileId);
}
