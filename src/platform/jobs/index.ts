export { enqueue, getOwnJob, UUID, type EnqueueOptions } from './queue.ts';
export { registerJobs, nextRun, jobLabel, handlerNames, defaultBackoffMs, type Job, type JobRow, type JobHandler, type JobTools, type JobDefinition } from './registry.ts';
export { createWorker, type Worker, type WorkerOptions } from './worker.ts';
export { jobs, jobSchedules } from './schema.ts';
