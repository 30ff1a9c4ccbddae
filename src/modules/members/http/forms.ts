import type { Context } from 'hono';
import type { AppEnv } from '../../../platform/http/types.ts';

/** A stored file, as an attachment. */
export function download(c: Context<AppEnv>, file: { name: string; mime: string; bytes: Uint8Array<ArrayBuffer> }): Response {
  return c.body(file.bytes, 200, { 'Content-Type': file.mime, 'Content-Disposition': `attachment; filename="${encodeURIComponent(file.name)}"` });
}

/** The PDF of the deliberation form, when one was chosen. */
export async function uploadedPdf(c: Context<AppEnv>): Promise<{ name: string; bytes: Uint8Array } | undefined> {
  const file = (await c.req.parseBody()).file;
  return file instanceof File && file.size > 0 ? { name: file.name, bytes: new Uint8Array(await file.arrayBuffer()) } : undefined;
}

/** The official-data forms: the département typed (90 by default) and the differences ticked. */
export async function officialForm(c: Context<AppEnv>): Promise<{ departement: string; accepted: string[] }> {
  const body = await c.req.parseBody({ all: true });
  const accepted = ([] as unknown[]).concat(body.accepted ?? []).filter((x): x is string => typeof x === 'string');
  return { departement: departementOf(body.departement), accepted };
}

export const departementOf = (v: unknown, fallback = '90') => (typeof v === 'string' && v.trim() ? v.trim().toUpperCase().slice(0, 3) : fallback);
