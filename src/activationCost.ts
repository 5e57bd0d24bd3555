// What activating Model Lens costs the extension host: memory and time from the first module of the bundle
// being evaluated (extension.ts imports this first) to the end of activate(). Integration tests and the bench read it.
const rss0 = process.memoryUsage().rss;
const heap0 = process.memoryUsage().heapUsed;
const t0 = performance.now();

export interface ActivationCost {
  /** Resident-set growth of the extension host over loading the bundle and activate(), MB. */
  rssMB: number;
  heapMB: number;
  ms: number;
}

/** Call at the end of activate(). */
export function activationCost(): ActivationCost {
  const m = process.memoryUsage();
  return { rssMB: (m.rss - rss0) / 2 ** 20, heapMB: (m.heapUsed - heap0) / 2 ** 20, ms: performance.now() - t0 };
}
