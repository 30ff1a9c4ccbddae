export { enqueue, getOwnJob, type EnqueueOptions } from './queue.ts';
export { registerHandler, schedule, nextRun, jobLabel, handlerNames, defaultBackoffMs, type Job, type JobRow, type JobHandler, type JobTools } from './registry.ts';
export { createWorker, type Worker, type WorkerOptions } from './worker.ts';
export { jobs, jobSchedules } from './schema.ts';
