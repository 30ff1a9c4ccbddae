import type { Readable } from 'node:stream';
import { DomainError } from '../platform/errors.ts';

/** What a command talks to; the real process streams, or buffers in tests. */
export interface CliIo {
  env: Record<string, string | undefined>;
  stdin: Readable;
  out(text: string): void;
  err(text: string): void;
}

/** Exit codes (sysexits.h where one fits). */
export const EXIT = { ok: 0, failure: 1, usage: 64, locked: 75, config: 78 } as const;

/** A failure to report in one French sentence, without a stack. */
export class CliError extends Error {
  constructor(
    message: string,
    public readonly exitCode: number = EXIT.failure,
  ) {
    super(message);
    this.name = 'CliError';
  }
}

/** A domain error's French message, with its field messages. */
export function describeError(err: unknown): string {
  if (err instanceof DomainError) {
    const fields = Object.entries(err.fields).map(([k, v]) => `  - ${k} : ${v}`);
    return [err.message, ...fields].join('\n');
  }
  return err instanceof Error ? err.message : String(err);
}

export async function readAllStdin(stdin: Readable): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stdin) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
  return Buffer.concat(chunks).toString('utf8');
}
