// One benchmark: runs inside a child process on one backend and returns raw samples.
export interface BenchOptions {
  quick: boolean;
  backend: string;
}
export interface BenchSamples {
  /** One value per measured run (after the warm-up). */
  values: number[];
  /** Anything else worth recording (accuracy, corpus size, config). */
  extra?: Record<string, unknown>;
}
export interface BenchTask {
  name: string;
  unit: string;
  /** true when bigger is better (throughput), false for latencies. */
  higherIsBetter: boolean;
  /** Target as shown in the README, e.g. "≤ 150 ms"; checked against the median. */
  target?: { op: '<=' | '>='; value: number; label?: string };
  /** Backends it runs on ('all' = every backend that loads; 'none' = backend-independent). */
  backends: 'all' | 'none';
  /** Part of `--quick`. */
  quick: boolean;
  /** What the backend column says for `backends: 'none'` tasks (default "JS (no tensors)"). */
  backendLabel?: string;
  run(o: BenchOptions): Promise<BenchSamples>;
}

/** Median of run times after one warm-up call. */
export async function timeRuns(n: number, f: () => Promise<unknown> | unknown, warmup = 1): Promise<number[]> {
  for (let i = 0; i < warmup; i++) await f();
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    await f();
    out.push(performance.now() - t0);
  }
  return out;
}
