// Progress lines for the CLI: on a terminal one line rewritten in place; in a pipe or file only a few lines: one per 10 %
// of progress when the fraction is known (plus the last), else at most one per 5 seconds, so a log stays readable.
export interface ProgressSink {
  /** Reports progress; `fraction` in [0, 1] when known. */
  update(text: string, fraction?: number): void;
  /** Ends a rewritten terminal line before other output, so the next text starts on a fresh line. */
  settle(): void;
}

export interface ProgressOptions {
  write(text: string): void;
  isTTY: boolean;
  now?: () => number;
  /** Least time between two lines in a pipe, in ms. */
  everyMs?: number;
  /** Least progress between two lines in a pipe, as a fraction. */
  everyFraction?: number;
}

export function progressSink(o: ProgressOptions): ProgressSink {
  const now = o.now ?? Date.now;
  const everyMs = o.everyMs ?? 5000;
  const everyFraction = o.everyFraction ?? 0.1;
  let lineOpen = false;
  let lastAt = -Infinity;
  let lastFraction = -Infinity;
  return {
    update(text, fraction) {
      if (o.isTTY) {
        o.write(`\r${text}\x1b[K`);
        lineOpen = true;
        return;
      }
      const t = now();
      const done = fraction !== undefined && fraction >= 1;
      const due = fraction !== undefined ? fraction - lastFraction >= everyFraction : t - lastAt >= everyMs;
      if (!(due || (done && lastFraction < 1))) return;
      o.write(text + '\n');
      lastAt = t;
      if (fraction !== undefined) lastFraction = fraction;
    },
    settle() {
      if (lineOpen) o.write('\n');
      lineOpen = false;
    },
  };
}
