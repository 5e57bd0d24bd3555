// Times the Embedding Projector's projections on seeded clustered data: PCA 100k×100, UMAP 20k×100, t-SNE 10k×100.
// Prints one JSON line per run: {name, ms, cpuMs}. `node --import tsx bench/projections.ts [pca|umap|tsne ...]`
import { project, type ProjectionMethod } from '../src/engine/analysis/project';
import { gaussian, makeRandom } from '../src/engine/analysis/random';

function clustered(n: number, d: number, clusters: number, seed: number): Float32Array {
  const random = makeRandom(seed);
  const centres = Array.from({ length: clusters }, () => Array.from({ length: d }, () => gaussian(random) * 2));
  const x = new Float32Array(n * d);
  for (let i = 0; i < n; i++) {
    const c = centres[Math.floor(random() * clusters)];
    for (let t = 0; t < d; t++) x[i * d + t] = c[t] + gaussian(random);
  }
  return x;
}

/** Nanoseconds per multiply-add of a plain loop, to compare machines. */
function calibrate(): number {
  const a = new Float64Array(1 << 20).map((_, i) => i % 7);
  let s = 0;
  const t0 = performance.now();
  for (let r = 0; r < 50; r++) for (let i = 0; i < a.length; i++) s += a[i] * a[i];
  return ((performance.now() - t0) * 1e6) / (50 * a.length) + (s < 0 ? 1 : 0);
}

async function main(): Promise<void> {
  const runs: [ProjectionMethod, number][] = [['pca', 100_000], ['umap', 20_000], ['tsne', 10_000]];
  const only = process.argv.slice(2);
  console.log(JSON.stringify({ name: 'calibration', nsPerMultiplyAdd: +calibrate().toFixed(2) }));
  for (const [method, n] of runs) {
    if (only.length > 0 && !only.includes(method)) continue;
    const d = 100;
    const x = clustered(n, d, 20, 1);
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    const r = await project(x, n, d, { method, dims: 2, seed: 1 });
    const ms = Math.round(performance.now() - t0);
    const c = process.cpuUsage(c0);
    console.log(JSON.stringify({ name: `${method} ${n}x${d} -> 2`, ms, cpuMs: Math.round((c.user + c.system) / 1000), points: r.coords.length / 2 }));
  }
}

void main();
