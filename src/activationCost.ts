// What activating Model Lens costs the extension host, counted over the two spans that are Model Lens's own:
// evaluating the bundle (extension.ts imports this module first and calls `bundleLoaded()` after its imports)
// and running activate(). The gap between them is left out: VS Code activates other extensions there.
// Integration tests and the bench read the figure.
const first = process.memoryUsage();
const t0 = performance.now();
let loaded: { rss: number; heap: number; ms: number } | undefined;

export interface ActivationCost {
  /** Resident-set growth of the extension host over loading the bundle and activate(), MB. */
  rssMB: number;
  heapMB: number;
  ms: number;
}

/** Call once, at the top level of extension.ts after its imports: the bundle has been evaluated. */
export function bundleLoaded(): void {
  const m = process.memoryUsage();
  loaded = { rss: m.rss - first.rss, heap: m.heapUsed - first.heapUsed, ms: performance.now() - t0 };
}

/** Call at the start of activate(); the returned function, called at its end, gives the total cost. */
export function measureActivate(): () => ActivationCost {
  const a = process.memoryUsage();
  const ta = performance.now();
  return () => {
    const b = process.memoryUsage();
    const l = loaded ?? { rss: 0, heap: 0, ms: 0 };
    return { rssMB: (l.rss + b.rss - a.rss) / 2 ** 20, heapMB: (l.heap + b.heapUsed - a.heapUsed) / 2 ** 20, ms: l.ms + performance.now() - ta };
  };
}
