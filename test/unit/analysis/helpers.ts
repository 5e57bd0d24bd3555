// Synthetic data for the projection tests: seeded Gaussian clusters and a label-agreement score.
import { gaussian, makeRandom } from '../../../src/engine/analysis/random';

/** n points in d dims around `clusters` centres spread `spread` apart (unit noise); labels are i % clusters. */
export function gaussianClusters(n: number, d: number, clusters: number, spread: number, seed = 1) {
  const random = makeRandom(seed);
  const centres = Array.from({ length: clusters }, () => Array.from({ length: d }, () => gaussian(random) * spread));
  const x = new Float32Array(n * d);
  const labels = Int32Array.from({ length: n }, (_, i) => i % clusters);
  for (let i = 0; i < n; i++) for (let t = 0; t < d; t++) x[i * d + t] = centres[labels[i]][t] + gaussian(random);
  return { x, labels };
}

/** Share of (point, neighbour) pairs among each point's k nearest in y ([n * dims]) that have the same label. */
export function knnLabelAgreement(y: Float32Array, dims: number, labels: Int32Array, k: number): number {
  const n = labels.length;
  let same = 0;
  for (let i = 0; i < n; i++) {
    const d = Array.from({ length: n }, (_, j) => {
      let s = 0;
      for (let a = 0; a < dims; a++) s += (y[i * dims + a] - y[j * dims + a]) ** 2;
      return [s, j] as const;
    }).filter(([, j]) => j !== i).sort((a, b) => a[0] - b[0]);
    for (let t = 0; t < k; t++) if (labels[d[t][1]] === labels[i]) same++;
  }
  return same / (n * k);
}
