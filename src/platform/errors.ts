/**
 * Domain errors: a stable code and a French message for the user; no HTTP here. One place
 * (platform/http/errors.tsx, `httpStatusOf`) maps each kind to HTTP: JSON `{code, message, requestId}` under
 * /api, an error page elsewhere.
 */
export abstract class DomainError extends Error {
  constructor(
    public readonly code: string,
    message: string,
    /** Field name → French message, for forms and API clients. */
    public readonly fields: Record<string, string> = {},
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** The input breaks a rule; `fields` says which and why. */
export class Invalid extends DomainError {
  constructor(message = 'Les données envoyées ne sont pas valides.', fields: Record<string, string> = {}, code = 'invalid') {
    super(code, message, fields);
  }
}

export class NotFound extends DomainError {
  constructor(message = 'Élément introuvable.', code = 'not_found') {
    super(code, message);
  }
}

export class Forbidden extends DomainError {
  constructor(message = "Vous n'avez pas le droit d'effectuer cette action.", code = 'forbidden') {
    super(code, message);
  }
}

export class Unauthenticated extends DomainError {
  constructor(message = 'Veuillez vous connecter.', code = 'unauthenticated') {
    super(code, message);
  }
}

export class Conflict extends DomainError {
  constructor(message = 'Cette action entre en conflit avec l’état actuel des données.', code = 'conflict') {
    super(code, message);
  }
}

export class TooManyRequests extends DomainError {
  constructor(message = 'Trop de tentatives. Réessayez plus tard.', code = 'too_many_requests') {
    super(code, message);
  }
}

/** A PostgreSQL unique violation (SQLSTATE 23505), whichever the driver and however Drizzle wrapped it. */
export function isUniqueViolation(err: unknown): boolean {
  for (let e = err as { code?: unknown; cause?: unknown } | undefined, depth = 0; e && depth < 4; e = e.cause as typeof e, depth++) {
    if (e.code === '23505') return true;
  }
  return false;
}
