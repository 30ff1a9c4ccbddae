import { createWriteStream } from 'node:fs';
import { request, type IncomingMessage } from 'node:http';
import { pipeline } from 'node:stream/promises';
import type { StatusReply } from './server.ts';

function call(path: string, method: string, url: string, timeoutMs: number): Promise<IncomingMessage> {
  return new Promise((resolve, reject) => {
    const req = request({ socketPath: path, method, path: url, timeout: timeoutMs }, resolve);
    req.on('timeout', () => req.destroy(new Error('le serveur ne répond pas sur son socket de contrôle')));
    req.on('error', reject);
    req.end();
  });
}

async function failure(res: IncomingMessage): Promise<Error> {
  const chunks: Buffer[] = [];
  for await (const c of res) chunks.push(c as Buffer);
  let message = Buffer.concat(chunks).toString('utf8');
  try {
    message = (JSON.parse(message) as { error: string }).error;
  } catch {
    // plain text
  }
  return new Error(`le serveur a refusé (${res.statusCode}) : ${message}`);
}

export async function fetchStatus(socket: string): Promise<StatusReply> {
  const res = await call(socket, 'GET', '/status', 10_000);
  if (res.statusCode !== 200) throw await failure(res);
  const chunks: Buffer[] = [];
  for await (const c of res) chunks.push(c as Buffer);
  return JSON.parse(Buffer.concat(chunks).toString('utf8')) as StatusReply;
}

/** Asks the running server for a backup and writes the archive to `dest`. */
export async function downloadBackup(socket: string, dest: string): Promise<void> {
  // No timeout once the answer streams: a large instance takes a while to archive.
  const res = await call(socket, 'POST', '/backup', 0);
  if (res.statusCode !== 200) throw await failure(res);
  await pipeline(res, createWriteStream(dest, { flags: 'wx', mode: 0o600 }));
}
