import { Invalid } from '../../platform/errors.ts';
import { MAX_UPLOAD_BYTES, type Upload } from './uploads.ts';

/** A text field of a parsed form body (files and repeated fields are not text). */
export const formString = (v: unknown): string => (typeof v === 'string' ? v : '');

export async function uploadOf(v: unknown): Promise<Upload> {
  if (!(v instanceof File) || v.size === 0) throw new Invalid('Aucun fichier reçu.', { file: 'Choisissez un fichier.' });
  if (v.size > MAX_UPLOAD_BYTES) throw new Invalid('Fichier trop volumineux.', { file: 'Le fichier dépasse 10 Mo.' });
  return { name: v.name, bytes: Buffer.from(await v.arrayBuffer()) };
}

const parts = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Paris', hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' });

function parisWallClockMs(d: Date): number {
  const p = Object.fromEntries(parts.formatToParts(d).map((x) => [x.type, x.value]));
  return Date.UTC(+p.year!, +p.month! - 1, +p.day!, +p.hour!, +p.minute!, +p.second!);
}

/** `2026-03-05T10:00` read as Paris wall-clock time (what a datetime-local field holds). */
export function parisLocalToDate(local: string): Date | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(local.trim());
  if (!m) return null;
  const wall = Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!);
  // Two passes settle the offset around daylight-saving changes.
  let utc = wall - (parisWallClockMs(new Date(wall)) - wall);
  utc = wall - (parisWallClockMs(new Date(utc)) - utc);
  const d = new Date(utc);
  return Number.isNaN(d.getTime()) ? null : d;
}

export function toParisLocal(d: Date): string {
  return new Date(parisWallClockMs(d)).toISOString().slice(0, 16);
}
