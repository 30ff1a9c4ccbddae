import { CronExpressionParser } from 'cron-parser';
import type { Config } from '../../config.ts';
import type { Ctx } from '../context.ts';
import type { jobs } from './schema.ts';

export type JobRow = typeof jobs.$inferSelect;
export interface Job<P = unknown> extends Omit<JobRow, 'payload'> {
  payload: P;
}

export interface JobTools {
  /** Reports how far the job is (0–100) and what it does now; shown to the user who started it. */
  progress(percent: number, message?: string): Promise<void>;
  /** A system context (no actor) on the worker's database connection. */
  ctx: Ctx;
}

/** Returns the job's result (stored as JSON, e.g. the id of a produced file). Throwing schedules a retry. */
export type JobHandler<P = unknown> = (job: Job<P>, tools: JobTools) => Promise<unknown>;

export interface HandlerOptions {
  /** What the job does, in French, for the jobs pages (default: its name). */
  label?: string;
  /** Delay before the next attempt after `attempt` failures. Default: 10 s doubling, at most 1 h. */
  backoffMs?: (attempt: number) => number;
}

interface Registered {
  fn: JobHandler;
  label: string;
  backoffMs: (attempt: number) => number;
}

export const defaultBackoffMs = (attempt: number) => Math.min(3_600_000, 10_000 * 2 ** Math.max(0, attempt - 1));

const handlers = new Map<string, Registered>();
const schedules = new Map<string, string>();

/** A job a module (or the platform) declares in its manifest: what it does, and when it runs by itself. */
export interface JobDefinition<P = unknown> extends HandlerOptions {
  name: string;
  handler: JobHandler<P>;
  /** Cron expression (5 or 6 fields, Europe/Paris) for a job that runs on a schedule. */
  cron?: string;
  /** Whether the schedule applies with this configuration (default: always), e.g. only where a mailbox is set. */
  scheduledWhen?: (config: Config) => boolean;
}

/** Registers the declared jobs and their schedules; called once per app, before the worker starts. */
export function registerJobs(definitions: readonly JobDefinition[], config: Config): void {
  for (const d of definitions) {
    registerHandler(d.name, d.handler, d);
    if (d.cron && (d.scheduledWhen?.(config) ?? true)) schedule(d.name, d.cron);
  }
}

/** Declares what a job name does. */
function registerHandler<P>(name: string, fn: JobHandler<P>, opts: HandlerOptions = {}): void {
  handlers.set(name, { fn: fn as JobHandler, label: opts.label ?? name, backoffMs: opts.backoffMs ?? defaultBackoffMs });
}

export function handlerFor(name: string): Registered | undefined {
  return handlers.get(name);
}

export function jobLabel(name: string): string {
  return handlers.get(name)?.label ?? name;
}

export function handlerNames(): string[] {
  return [...handlers.keys()];
}

/** Cron expressions are read in the syndicate's time zone (a 3 a.m. job stays at 3 a.m. across DST). */
export const SCHEDULE_TZ = 'Europe/Paris';

export function nextRun(cron: string, after: Date): Date {
  return CronExpressionParser.parse(cron, { currentDate: after, tz: SCHEDULE_TZ }).next().toDate();
}

/** Runs job `name` (payload `{}`) on a cron schedule (5 or 6 fields). The worker stores it in the database. */
function schedule(name: string, cron: string): void {
  nextRun(cron, new Date()); // throws now on a malformed expression rather than at the first firing
  schedules.set(name, cron);
}

export function registeredSchedules(): { name: string; cron: string }[] {
  return [...schedules].map(([name, cron]) => ({ name, cron }));
}
