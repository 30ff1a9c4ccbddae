import type { Ctx } from '../context.ts';
import { auditLog } from './schema.ts';

export interface AuditEntry {
  action: string;
  entity: string;
  entityId?: string | null;
  organisationId?: string | null;
  before?: unknown;
  after?: unknown;
}

/** Fields never copied into the audit trail. */
const SECRET_KEYS = /password|secret|token|hash|totp/i;

function redact(value: unknown): unknown {
  if (value === null || value === undefined || typeof value !== 'object') return value ?? null;
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map(redact);
  return Object.fromEntries(
    Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, SECRET_KEYS.test(k) ? '[masqué]' : redact(v)]),
  );
}

/** Call inside the use case's transaction so the trail and the change commit together. */
export async function audit(ctx: Pick<Ctx, 'db' | 'actor' | 'requestId' | 'clock'>, entry: AuditEntry): Promise<void> {
  await ctx.db.insert(auditLog).values({
    at: ctx.clock.now(),
    actorId: ctx.actor?.userId ?? null,
    actorEmail: ctx.actor?.email ?? null,
    organisationId: entry.organisationId ?? null,
    action: entry.action,
    entity: entry.entity,
    entityId: entry.entityId ?? null,
    before: redact(entry.before) as object | null,
    after: redact(entry.after) as object | null,
    requestId: ctx.requestId ?? null,
  });
}

export { auditLog };
