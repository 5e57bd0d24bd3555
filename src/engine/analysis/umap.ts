// UMAP (McInnes, Healy & Melville 2018) through umap-js, made seeded, cancellable and fast enough for ~20k points:
// exact kNN computed here and handed over, PCA initial layout, and fewer epochs as n grows. No transform of new points.
import { UMAP } from 'umap-js';
import { SparseMatrix } from 'umap-js/dist/matrix';
import { throwIfAborted } from '../errors';
import { exactNeighbours } from './knn';
import { pca } from './pca';
import { makeRandom } from './random';
import type { LongWork } from './tsne';
import { yieldToEventLoop } from './yieldToEventLoop';

export interface UmapOptions {
  dims: 2 | 3;
  seed?: number;
  /** Neighbourhood size including the point itself, 2–100; clamped to n − 1. Default 15. */
  nNeighbors?: number;
  /** Default 0.1. */
  minDist?: number;
  /** Default from defaultEpochs(n). */
  nEpochs?: number;
}

export interface UmapProgress {
  /** 'neighbours' while the kNN graph is built, then 'layout' per epoch. */
  phase: 'neighbours' | 'layout';
  fraction: number;
  epoch?: number;
  nEpochs?: number;
}

/** umap-learn's schedule (500 epochs for small data, 200 above 10k) cut to 100 above 10k points to stay near 30 s at 20k. */
export function defaultEpochs(n: number): number {
  if (n <= 2500) return 500;
  if (n <= 5000) return 400;
  if (n <= 10000) return 200;
  return Math.max(100, Math.round((200 * 10000) / n));
}

/** Embeds the n rows of x ([n * d]) in opts.dims dimensions; returns [n * dims]. Reduce d to ~50 first. */
export async function umap(x: Float32Array, n: number, d: number, opts: UmapOptions, work: LongWork<UmapProgress> = {}): Promise<Float32Array> {
  const nNeighbors = Math.max(2, Math.min(opts.nNeighbors ?? 15, n - 1));
  if (n < 3) throw new RangeError(`UMAP needs at least 3 points, got ${n}`);
  const nEpochs = opts.nEpochs ?? defaultEpochs(n);
  const { knnIndices, knnDistances } = await neighbourLists(x, n, d, nNeighbors, work);
  const model = new UMAP({
    nComponents: opts.dims,
    nNeighbors,
    minDist: opts.minDist ?? 0.1,
    nEpochs,
    random: makeRandom(opts.seed ?? 0),
  });
  model.setPrecomputedKNN(knnIndices, knnDistances);
  replaceSlowSteps(model, n);
  const rows = Array.from({ length: n }, (_, i) => Array.from(x.subarray(i * d, (i + 1) * d)));
  model.initializeFit(rows);
  writeInitialLayout(model.getEmbedding(), x, n, d, opts.dims);
  throwIfAborted(work.signal);
  // fitAsync yields to the event loop between epochs, so a cancel request can arrive; returning false stops it
  const finished = await model.fitAsync(rows, (epoch) => {
    if (work.signal?.aborted) return false;
    if (epoch % 5 === 0 || epoch === nEpochs) work.onProgress?.({ phase: 'layout', fraction: epoch / nEpochs, epoch, nEpochs });
    return true;
  });
  throwIfAborted(work.signal);
  if (finished.length !== n) throw new Error('UMAP returned the wrong number of points');
  const out = new Float32Array(n * opts.dims);
  finished.forEach((row, i) => row.forEach((v, a) => (out[i * opts.dims + a] = v)));
  return out;
}

/** umap-learn's kNN convention: each list starts with the point itself at distance 0; Euclidean distances. */
async function neighbourLists(x: Float32Array, n: number, d: number, nNeighbors: number, work: LongWork<UmapProgress>) {
  const k = nNeighbors - 1;
  const nb = await exactNeighbours(x, n, d, k, {
    signal: work.signal,
    onProgress: (f) => work.onProgress?.({ phase: 'neighbours', fraction: f }),
  });
  const knnIndices: number[][] = [];
  const knnDistances: number[][] = [];
  for (let i = 0; i < n; i++) {
    const idx = [i];
    const dist = [0];
    for (let t = i * k; t < (i + 1) * k; t++) {
      idx.push(nb.indices[t]);
      dist.push(Math.sqrt(nb.sqDistances[t]));
    }
    knnIndices.push(idx);
    knnDistances.push(dist);
  }
  await yieldToEventLoop();
  throwIfAborted(work.signal);
  return { knnIndices, knnDistances };
}

/** The umap-js internals replaceSlowSteps touches (umap-js 1.4.0; its last release). */
interface UmapInternals {
  knnIndices: number[][];
  knnDistances: number[][];
  nNeighbors: number;
  localConnectivity: number;
  smoothKNNDistance(d: number[][], k: number, localConnectivity: number): { sigmas: number[]; rhos: number[] };
  computeMembershipStrengths(i: number[][], d: number[][], sigmas: number[], rhos: number[]): { rows: number[]; cols: number[]; vals: number[] };
  fuzzySimplicialSet(): SparseMatrix;
  makeSearchGraph(): SparseMatrix;
}

/**
 * Two steps of umap-js's initializeFit cost most of its time at 20k points (about 9 s and 2 s here),
 * because its sparse matrices are Maps keyed by strings:
 * - the fuzzy union A + Aᵀ − A∘Aᵀ (setOpMixRatio 1) goes through transpose/multiply/add/subtract;
 *   the same sum is done here with one numeric-keyed Map, reusing umap-js's own sigma/rho calibration;
 * - the search graph is read only by transform() of new points, which we never call, so it is left empty.
 */
function replaceSlowSteps(model: UMAP, n: number): void {
  const m = model as unknown as UmapInternals;
  m.fuzzySimplicialSet = () => {
    const { sigmas, rhos } = m.smoothKNNDistance(m.knnDistances, m.nNeighbors, m.localConnectivity);
    const { rows, cols, vals } = m.computeMembershipStrengths(m.knnIndices, m.knnDistances, sigmas, rhos);
    const directed = new Map<number, number>();
    for (let t = 0; t < vals.length; t++) if (vals[t] > 0) directed.set(rows[t] * n + cols[t], vals[t]);
    const outRows: number[] = [];
    const outCols: number[] = [];
    const outVals: number[] = [];
    for (const [key, a] of directed) {
      const i = Math.floor(key / n);
      const j = key - i * n;
      const b = directed.get(j * n + i) ?? 0;
      const v = a + b - a * b;
      outRows.push(i);
      outCols.push(j);
      outVals.push(v);
      if (b === 0) {
        outRows.push(j);
        outCols.push(i);
        outVals.push(v);
      }
    }
    return new SparseMatrix(outRows, outCols, outVals, [n, n]);
  };
  m.makeSearchGraph = () => new SparseMatrix([], [], [], [n, n]);
}

/**
 * Replaces umap-js's uniform random start with PCA coordinates scaled into [−10, 10] (umap-learn
 * starts from a spectral layout of that size), so few epochs still give a settled global arrangement.
 * The embedding rows are the ones the optimiser moves, so they are written in place.
 */
function writeInitialLayout(embedding: number[][], x: Float32Array, n: number, d: number, dims: 2 | 3): void {
  if (d < dims) return;
  const c = pca(x, n, d, dims).coords;
  let maxAbs = 0;
  for (let t = 0; t < c.length; t++) maxAbs = Math.max(maxAbs, Math.abs(c[t]));
  if (maxAbs === 0) return;
  for (let i = 0; i < n; i++) for (let a = 0; a < dims; a++) embedding[i][a] = (c[i * dims + a] / maxAbs) * 10;
}
