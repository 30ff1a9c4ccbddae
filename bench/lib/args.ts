/** `--name value` and `--flag` options of the bench commands. */
export function parseArgs(argv: readonly string[], known: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const m = /^--([a-z-]+)(?:=(.*))?$/.exec(arg);
    if (!m || !known.includes(m[1]!)) throw new Error(`Option inconnue : ${arg} (attendu : ${known.map((k) => `--${k}`).join(', ')})`);
    if (m[2] !== undefined) out[m[1]!] = m[2];
    else if (argv[i + 1] !== undefined && !argv[i + 1]!.startsWith('--')) out[m[1]!] = argv[++i]!;
    else out[m[1]!] = 'true';
  }
  return out;
}

export function scaleOf(args: Record<string, string>): number {
  const scale = Number(args.scale ?? 1);
  if (!Number.isInteger(scale) || scale < 1) throw new Error('--scale : un entier positif est attendu.');
  return scale;
}
