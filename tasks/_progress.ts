/**
 * Progress for long steps: a redrawn bar with rate and ETA on a terminal, plain lines
 * every few seconds otherwise (logs, CI).
 */
export function progressPrinter(options: { quiet?: boolean } = {}) {
  const tty = Deno.stderr.isTerminal();
  const encoder = new TextEncoder();
  let stage = "";
  let started = 0;
  let last = 0;
  return (name: string, done: number, total: number) => {
    if (options.quiet) return;
    const now = performance.now();
    if (name !== stage) {
      if (stage && tty) Deno.stderr.writeSync(encoder.encode("\n"));
      stage = name;
      started = now;
      last = 0;
    }
    const finished = done >= total;
    if (!finished && now - last < (tty ? 100 : 5000)) return;
    last = now;
    const seconds = (now - started) / 1000;
    const rate = seconds > 0 ? done / seconds : 0;
    const eta = rate > 0 ? (total - done) / rate : 0;
    const fraction = total > 0 ? done / total : 1;
    const text =
      `${name.padEnd(18)} ${bar(fraction)} ${(100 * fraction).toFixed(0).padStart(3)}% ` +
      `${human(done)}/${human(total)}  ${human(rate)}/s  ${
        finished ? `${seconds.toFixed(1)}s` : `ETA ${eta.toFixed(0)}s`
      }`;
    Deno.stderr.writeSync(encoder.encode(tty ? `\r${text}\x1b[K` : `${text}\n`));
    if (finished && tty) {
      Deno.stderr.writeSync(encoder.encode("\n"));
      stage = "";
    }
  };
}

function bar(fraction: number, width = 24): string {
  const full = Math.round(Math.min(1, Math.max(0, fraction)) * width);
  return `[${"#".repeat(full)}${"-".repeat(width - full)}]`;
}

function human(n: number): string {
  if (n >= 1e6) return `${(n / 1e6).toFixed(1)}M`;
  if (n >= 1e4) return `${(n / 1e3).toFixed(0)}k`;
  return n.toFixed(0);
}
