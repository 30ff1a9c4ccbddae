/** A progress bar on stderr: rows written, rows per second, estimated time left. */
export interface Progress {
  add(rows: number): void;
  label(text: string): void;
  done(): { rows: number; seconds: number };
}

export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return '?';
  const s = Math.max(0, Math.round(seconds));
  const m = Math.floor(s / 60);
  return m > 0 ? `${m} min ${String(s % 60).padStart(2, '0')} s` : `${s} s`;
}

export function createProgress(total: number, out: NodeJS.WriteStream = process.stderr): Progress {
  const start = performance.now();
  let rows = 0;
  let current = '';
  let last = 0;
  const tty = Boolean(out.isTTY);
  const render = (force = false) => {
    const now = performance.now();
    // A terminal is redrawn five times a second; a log file gets one line every ten seconds.
    if (!force && now - last < (tty ? 200 : 10_000)) return;
    last = now;
    const seconds = (now - start) / 1000;
    const rate = rows / Math.max(seconds, 0.001);
    const share = Math.min(1, rows / total);
    const width = 30;
    const bar = '█'.repeat(Math.round(share * width)).padEnd(width, '░');
    const line = `${bar} ${(share * 100).toFixed(1).padStart(5)} % ${rows.toLocaleString('fr-FR')} lignes, ${Math.round(rate).toLocaleString('fr-FR')} lignes/s, reste ${formatDuration((total - rows) / rate)} — ${current}`;
    out.write(tty ? `\r${line.slice(0, (out.columns || 120) - 1)}\x1b[K` : `${line}\n`);
  };
  return {
    add(n) {
      rows += n;
      render();
    },
    label(text) {
      current = text;
      render();
    },
    done() {
      render(true);
      if (tty) out.write('\n');
      return { rows, seconds: (performance.now() - start) / 1000 };
    },
  };
}
