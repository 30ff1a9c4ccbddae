import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { Conflict, DomainError, Forbidden, Invalid, isUniqueViolation, NotFound, TooManyRequests, Unauthenticated } from '../errors.ts';
import type { AppEnv } from './types.ts';
import { render } from '../ui/render.tsx';

function wantsJson(c: Context<AppEnv>): boolean {
  return c.req.path.startsWith('/api/') || c.req.path === '/api';
}

function errorPage(c: Context<AppEnv>, status: 401 | 403 | 404 | 409 | 422 | 429 | 500 | 503, title: string, message: string) {
  return render(
    c,
    { title, status },
    <>
      <h1>{title}</h1>
      <p>{message}</p>
      <p>
        <a href="/">Retour à l’accueil</a>
      </p>
      <p class="hint">Référence de la requête : {c.get('requestId')}</p>
    </>,
  );
}

const TITLES: Record<number, string> = {
  401: 'Connexion requise',
  403: 'Accès refusé',
  404: 'Page introuvable',
  409: 'Action impossible',
  422: 'Données invalides',
  429: 'Trop de tentatives',
  503: 'Service momentanément indisponible',
};

type DomainStatus = 401 | 403 | 404 | 409 | 422 | 429;

/** The HTTP status of each kind of domain error: the only place where the domain meets HTTP. */
export function httpStatusOf(err: DomainError): DomainStatus {
  if (err instanceof Invalid) return 422;
  if (err instanceof NotFound) return 404;
  if (err instanceof Forbidden) return 403;
  if (err instanceof Unauthenticated) return 401;
  if (err instanceof Conflict) return 409;
  if (err instanceof TooManyRequests) return 429;
  return 422;
}

/** The one place that maps errors to HTTP. */
export function handleError(raw: Error, c: Context<AppEnv>): Response | Promise<Response> {
  const requestId = c.get('requestId');
  // Two writers racing for the same unique value (a number, a slug): the loser is told, not given a 500.
  const err = isUniqueViolation(raw) ? new Conflict('Cet élément existe déjà ou vient d’être créé par quelqu’un d’autre. Rechargez et réessayez.', 'duplicate') : raw;
  if (err instanceof DomainError) {
    const status = httpStatusOf(err);
    if (wantsJson(c)) {
      const body: Record<string, unknown> = { code: err.code, message: err.message, requestId };
      if (Object.keys(err.fields).length > 0) body.fields = err.fields;
      return c.json(body, status);
    }
    if (status === 401) {
      const next = encodeURIComponent(c.req.path + (new URL(c.req.url).search || ''));
      return c.redirect(`/connexion?suivant=${next}`, 303);
    }
    return errorPage(c, status, TITLES[status] ?? 'Erreur', err.message);
  }
  if (err instanceof HTTPException && err.status < 500) {
    if (wantsJson(c)) return c.json({ code: 'http_' + err.status, message: err.message || 'Requête refusée.', requestId }, err.status);
    return errorPage(c, 422, 'Requête refusée', err.message || 'La requête n’a pas pu être traitée.');
  }
  c.get('log')?.error({ err }, 'unhandled error');
  if (wantsJson(c)) return c.json({ code: 'internal', message: 'Une erreur interne est survenue.', requestId }, 500);
  return errorPage(c, 500, 'Erreur interne', 'Une erreur interne est survenue. L’équipe technique peut la retrouver avec la référence ci-dessous.');
}

export function handleNotFound(c: Context<AppEnv>): Response | Promise<Response> {
  if (wantsJson(c)) return c.json({ code: 'not_found', message: 'Ressource introuvable.', requestId: c.get('requestId') }, 404);
  return errorPage(c, 404, 'Page introuvable', 'La page demandée n’existe pas ou a été déplacée.');
}

/** 413: the request body is over its route's limit (answered before the body is read). */
export async function payloadTooLarge(c: Context<AppEnv>, message: string): Promise<Response> {
  if (wantsJson(c)) return c.json({ code: 'payload_too_large', message, requestId: c.get('requestId') }, 413);
  const page = await errorPage(c, 422, 'Requête trop volumineuse', message);
  return new Response(page.body, { status: 413, headers: page.headers });
}
