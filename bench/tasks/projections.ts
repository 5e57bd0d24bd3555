// Embedding Projector projections on seeded clustered 100-d data (20 Gaussian clusters): PCA 100k×100,
// UMAP 20k and t-SNE 10k (both after PCA to 50 dims, as project() does). Values are wall ms per run;
// extra records CPU seconds per run, since wall time on a shared machine says little on its own.
import { project, type ProjectionMethod } from '../../src/engine/analysis/project';
import { gaussian, makeRandom } from '../../src/engine/analysis/random';
import type { BenchSamples, BenchTask } from './types';

const D = 100;

/** n points around `clusters` centres drawn N(0, 2²) per coordinate, unit Gaussian noise; seeded. */
export function clusteredVectors(n: number, d: number, clusters: number, seed: number): Float32Array {
  const random = makeRandom(seed);
  const centres = Array.from({ length: clusters }, () => Array.from({ length: d }, () => gaussian(random) * 2));
  const x = new Float32Array(n * d);
  for (let i = 0; i < n; i++) {
    const c = centres[Math.floor(random() * clusters)];
    for (let t = 0; t < d; t++) x[i * d + t] = c[t] + gaussian(random);
  }
  return x;
}

/** Projects the same data `runs` times (after `warmup` untimed runs): wall ms per run, CPU seconds per run. */
async function timeProjection(method: ProjectionMethod, n: number, runs: number, warmup: number): Promise<BenchSamples> {
  const x = clusteredVectors(n, D, 20, 1);
  for (let r = 0; r < warmup; r++) await project(x, n, D, { method, dims: 2, seed: 1 });
  const values: number[] = [];
  const cpuSeconds: number[] = [];
  for (let r = 0; r < runs; r++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    await project(x, n, D, { method, dims: 2, seed: 1 });
    values.push(performance.now() - t0);
    const c = process.cpuUsage(c0);
    cpuSeconds.push(+((c.user + c.system) / 1e6).toFixed(2));
  }
  return { values, extra: { points: n, dims: D, clusters: 20, cpuSeconds } };
}

export const pcaProjection: BenchTask = {
  name: 'PCA 100k×100',
  unit: 'ms',
  higherIsBetter: false,
  target: { op: '<=', value: 2000 },
  backends: 'none',
  quick: true,
  run: () => timeProjection('pca', 100_000, 3, 1),
};

export const umapProjection: BenchTask = {
  name: 'UMAP 20k',
  unit: 'ms',
  higherIsBetter: false,
  target: { op: '<=', value: 30000 },
  backends: 'none',
  quick: false,
  run: () => timeProjection('umap', 20_000, 1, 0),
};

export const tsneProjection: BenchTask = {
  name: 't-SNE 10k',
  unit: 'ms',
  higherIsBetter: false,
  target: { op: '<=', value: 30000 },
  backends: 'none',
  quick: false,
  run: () => timeProjection('tsne', 10_000, 1, 0),
};
