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
  return (name: string, done: number, total: number, unit?: string) => {
    if (options.quiet) return;
    const now = performance.now();
    if (name !== stage) {
      if (stage && tty) Deno.stderr.writeSync(encoder.encode("\n"));
      stage = name;
      started = now;
      last = 0;
    }
    const finished = done >= total;
    // A stage's first call (0 done) only starts its clock: nothing to show yet.
    if (!finished && (done === 0 || now - last < (tty ? 100 : 5000))) return;
    last = now;
    const text = progressLine(name, done, total, { seconds: (now - started) / 1000, unit });
    Deno.stderr.writeSync(encoder.encode(tty ? `\r${text}\x1b[K` : `${text}\n`));
    if (finished && tty) {
      Deno.stderr.writeSync(encoder.encode("\n"));
      stage = "";
    }
  };
}

/**
 * One progress line: bar, percent, `done/total unit`, the rate in units per second and
 * the ETA at that rate (the elapsed time once finished). The units are what the stage
 * counts: image rows (frames) while fusing, so a long template weighs what it costs.
 */
export function progressLine(
  name: string,
  done: number,
  total: number,
  options: { seconds: number; unit?: string },
): string {
  const { seconds } = options;
  const unit = options.unit ? ` ${options.unit}` : "";
  const rate = seconds > 0 ? done / seconds : 0;
  const eta = rate > 0 ? (total - done) / rate : 0;
  const fraction = total > 0 ? done / total : 1;
  return `${name.padEnd(18)} ${bar(fraction)} ${(100 * fraction).toFixed(0).padStart(3)}% ` +
    `${human(done)}/${human(total)}${unit}  ${human(rate)}${unit}/s  ${
      done >= total ? `${seconds.toFixed(1)}s` : `ETA ${eta.toFixed(0)}s`
    }`;
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
