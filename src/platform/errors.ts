/**
 * Domain errors: a stable code and a French message for the user. One place (platform/http/errors.ts)
 * maps them to HTTP: JSON `{code, message, requestId}` under /api, an error page elsewhere.
 */
export class DomainError extends Error {
  constructor(
    public readonly code: string,
    message: string,
    public readonly status: 400 | 401 | 403 | 404 | 409 | 422 | 429 | 503,
    /** Field name → French message, for forms and API clients. */
    public readonly fields: Record<string, string> = {},
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class Invalid extends DomainError {
  constructor(message = 'Les données envoyées ne sont pas valides.', fields: Record<string, string> = {}, code = 'invalid') {
    super(code, message, 422, fields);
  }
}

export class NotFound extends DomainError {
  constructor(message = 'Élément introuvable.', code = 'not_found') {
    super(code, message, 404);
  }
}

export class Forbidden extends DomainError {
  constructor(message = "Vous n'avez pas le droit d'effectuer cette action.", code = 'forbidden') {
    super(code, message, 403);
  }
}

export class Unauthenticated extends DomainError {
  constructor(message = 'Veuillez vous connecter.', code = 'unauthenticated') {
    super(code, message, 401);
  }
}

export class Conflict extends DomainError {
  constructor(message = 'Cette action entre en conflit avec l’état actuel des données.', code = 'conflict') {
    super(code, message, 409);
  }
}

export class TooManyRequests extends DomainError {
  constructor(message = 'Trop de tentatives. Réessayez plus tard.', code = 'too_many_requests') {
    super(code, message, 429);
  }
}
