// Barnes–Hut t-SNE (van der Maaten 2014, JMLR 15) on typed arrays: sparse perplexity-calibrated P over
// exact k = 3·perplexity neighbours, early exaggeration, momentum and gains. No FFT interpolation, no out-of-sample transform.
import { throwIfAborted } from '../errors';
import { exactNeighbours, type Neighbours } from './knn';
import { pca } from './pca';
import { gaussian, makeRandom } from './random';
import { SpaceTree } from './spaceTree';
import { yieldToEventLoop } from './yieldToEventLoop';

export interface TsneOptions {
  dims: 2 | 3;
  /** Effective number of neighbours, typically 5–50; clamped to (n − 1) / 3. Default 30. */
  perplexity?: number;
  seed?: number;
  /** Total gradient steps including exaggeration. Default 1000, fewer above 5k points (see defaultIterations). */
  nIterations?: number;
  /** Barnes–Hut accuracy: a cell is summarised when width / distance < theta. Default 0.5. */
  theta?: number;
  /** 'pca' (default; keeps global structure, Kobak & Linderman 2021) or seeded 'random'. */
  init?: 'pca' | 'random';
}

export interface TsneProgress {
  /** 'neighbours' while the kNN graph is built (iteration 0), then 'layout'. */
  phase: 'neighbours' | 'layout';
  /** Fraction of the phase done, in [0, 1]. */
  fraction: number;
  iteration: number;
  nIterations: number;
  /** KL(P‖Q) over the sparse P, computed at progress points only. */
  kl: number;
}

export interface LongWork<P> {
  onProgress?: (p: P) => void;
  signal?: AbortSignal;
}

const EARLY_EXAGGERATION = 12;
const EXAGGERATION_ITERS = 250;
const PROGRESS_EVERY = 25;

/**
 * Iteration budget that keeps 10k points under 30 s in Node: the usual 1000 up to 5k points, then down
 * to 500 (250 exaggerated + 250) from 10k; the learning rate n/12 converges fast enough for that.
 */
export function defaultIterations(n: number): number {
  if (n <= 5000) return 1000;
  return Math.max(500, Math.round(1000 - (n - 5000) / 10));
}

/**
 * Embeds the n rows of x ([n * d]) in opts.dims dimensions; returns [n * dims].
 * Callers should reduce d to about 50 first (project() does); n must be at least 4.
 */
export async function tsne(x: Float32Array, n: number, d: number, opts: TsneOptions, work: LongWork<TsneProgress> = {}): Promise<Float32Array> {
  if (n < 4) throw new RangeError(`t-SNE needs at least 4 points, got ${n}`);
  const dims = opts.dims;
  const perplexity = Math.max(1, Math.min(opts.perplexity ?? 30, (n - 1) / 3));
  const k = Math.min(n - 1, Math.floor(3 * perplexity));
  const nIter = opts.nIterations ?? defaultIterations(n);
  const theta = opts.theta ?? 0.5;
  const neighbours = await exactNeighbours(x, n, d, k, {
    signal: work.signal,
    onProgress: (fraction) => work.onProgress?.({ phase: 'neighbours', fraction, iteration: 0, nIterations: nIter, kl: NaN }),
  });
  const p = jointProbabilities(neighbours, n, perplexity);
  throwIfAborted(work.signal);
  const y = initialLayout(x, n, d, dims, opts.init ?? 'pca', opts.seed ?? 0);
  await gradientDescent(y, n, dims, p, nIter, theta, work);
  return Float32Array.from(y);
}

/** Symmetric joint probabilities in CSR form; values sum to 1. */
export interface SparseP {
  rowStart: Int32Array;
  cols: Int32Array;
  vals: Float64Array;
}

/** p_j|i by binary search on the Gaussian precision to match log(perplexity), then (P + Pᵀ) / 2n. */
export function jointProbabilities(nb: Neighbours, n: number, perplexity: number): SparseP {
  const { k, indices, sqDistances } = nb;
  const cond = new Float64Array(n * k);
  const target = Math.log(perplexity);
  for (let i = 0; i < n; i++) calibrateRow(sqDistances, i * k, k, target, cond);
  // symmetrise: row i gets its own k entries plus every (j → i)
  const rowLen = new Int32Array(n).fill(k);
  for (let t = 0; t < n * k; t++) rowLen[indices[t]]++;
  const start = new Int32Array(n + 1);
  for (let i = 0; i < n; i++) start[i + 1] = start[i] + rowLen[i];
  const fill = start.slice(0, n);
  const cols = new Int32Array(start[n]);
  const vals = new Float64Array(start[n]);
  for (let i = 0; i < n; i++) {
    for (let t = i * k; t < (i + 1) * k; t++) {
      const j = indices[t];
      const v = cond[t] / (2 * n);
      cols[fill[i]] = j;
      vals[fill[i]++] = v;
      cols[fill[j]] = i;
      vals[fill[j]++] = v;
    }
  }
  return mergeDuplicates(start, cols, vals, n);
}

function calibrateRow(sqd: Float32Array, off: number, k: number, target: number, out: Float64Array): void {
  const dmin = sqd[off];
  let beta = 1;
  let lo = 0;
  let hi = Infinity;
  for (let iter = 0; iter < 200; iter++) {
    let sum = 0;
    let dot = 0;
    for (let t = 0; t < k; t++) {
      const dd = sqd[off + t] - dmin;
      const v = Math.exp(-beta * dd);
      out[off + t] = v;
      sum += v;
      dot += dd * v;
    }
    const entropy = Math.log(sum) + (beta * dot) / sum; // Shannon entropy in nats of the row
    const diff = entropy - target;
    if (Math.abs(diff) < 1e-5) break;
    if (diff > 0) {
      lo = beta;
      beta = hi === Infinity ? beta * 2 : (beta + hi) / 2;
    } else {
      hi = beta;
      beta = (beta + lo) / 2;
    }
  }
  let sum = 0;
  for (let t = 0; t < k; t++) sum += out[off + t];
  for (let t = 0; t < k; t++) out[off + t] /= sum;
}

function mergeDuplicates(start: Int32Array, cols: Int32Array, vals: Float64Array, n: number): SparseP {
  const rowStart = new Int32Array(n + 1);
  const outCols: number[] = [];
  const outVals: number[] = [];
  const seen = new Map<number, number>();
  for (let i = 0; i < n; i++) {
    seen.clear();
    for (let t = start[i]; t < start[i + 1]; t++) {
      const at = seen.get(cols[t]);
      if (at === undefined) {
        seen.set(cols[t], outCols.length);
        outCols.push(cols[t]);
        outVals.push(vals[t]);
      } else outVals[at] += vals[t];
    }
    rowStart[i + 1] = outCols.length;
  }
  return { rowStart, cols: Int32Array.from(outCols), vals: Float64Array.from(outVals) };
}

/** PCA coordinates scaled so the first axis has standard deviation 1e-4, or seeded N(0, 1e-4²). */
function initialLayout(x: Float32Array, n: number, d: number, dims: 2 | 3, init: 'pca' | 'random', seed: number): Float64Array {
  const y = new Float64Array(n * dims);
  if (init === 'pca' && d >= dims) {
    const c = pca(x, n, d, dims).coords;
    let ss = 0;
    for (let i = 0; i < n; i++) ss += c[i * dims] * c[i * dims];
    const sd = Math.sqrt(ss / n);
    if (sd > 0) {
      for (let t = 0; t < n * dims; t++) y[t] = (c[t] / sd) * 1e-4;
      return y;
    }
  }
  const random = makeRandom(seed);
  for (let t = 0; t < n * dims; t++) y[t] = gaussian(random) * 1e-4;
  return y;
}

/**
 * Gradient (without the constant 4, as in bhtsne): exag · Σ_j p_ij q_ij (y_i − y_j) − Σ_j q_ij² (y_i − y_j) / Z.
 * Learning rate max(n / 12, 200) (Belkina et al. 2019), momentum 0.5 then 0.8, gains as in Jacobs 1988.
 */
async function gradientDescent(
  y: Float64Array, n: number, dims: 2 | 3, p: SparseP, nIter: number, theta: number, work: LongWork<TsneProgress>,
): Promise<void> {
  const len = n * dims;
  const grad = new Float64Array(len);
  const update = new Float64Array(len);
  const gains = new Float64Array(len).fill(1);
  const rep = new Float64Array(len);
  const tree = new SpaceTree(dims, n);
  const eta = Math.max(n / EARLY_EXAGGERATION, 200);
  let lastYield = Date.now();
  for (let iter = 0; iter < nIter; iter++) {
    throwIfAborted(work.signal);
    const exaggerating = iter < EXAGGERATION_ITERS;
    const exag = exaggerating ? EARLY_EXAGGERATION : 1;
    const momentum = exaggerating ? 0.5 : 0.8;
    const z = computeGradient(y, n, dims, p, exag, theta, tree, rep, grad);
    for (let t = 0; t < len; t++) {
      const g = grad[t];
      gains[t] = Math.sign(g) !== Math.sign(update[t]) ? gains[t] + 0.2 : Math.max(0.01, gains[t] * 0.8);
      update[t] = momentum * update[t] - eta * gains[t] * g;
      y[t] += update[t];
    }
    recentre(y, n, dims);
    const done = iter + 1;
    if (work.onProgress && (done % PROGRESS_EVERY === 0 || done === nIter)) {
      work.onProgress({ phase: 'layout', fraction: done / nIter, iteration: done, nIterations: nIter, kl: klDivergence(y, dims, p, n, z) });
    }
    if (Date.now() - lastYield > 50) {
      await yieldToEventLoop();
      throwIfAborted(work.signal);
      lastYield = Date.now();
    }
  }
  throwIfAborted(work.signal);
}

/** Fills grad and returns Z = Σ_{i≠j} q_ij (Barnes–Hut estimate). */
function computeGradient(
  y: Float64Array, n: number, dims: number, p: SparseP, exag: number, theta: number,
  tree: SpaceTree, rep: Float64Array, grad: Float64Array,
): number {
  tree.build(y, n);
  rep.fill(0);
  let z = 0;
  const order = tree.spatialOrder();
  for (let t = 0; t < n; t++) z += tree.repulsion(y, order[t] * dims, theta, rep);
  const { rowStart, cols, vals } = p;
  for (let i = 0; i < n; i++) {
    const oi = i * dims;
    let a0 = 0, a1 = 0, a2 = 0;
    for (let t = rowStart[i]; t < rowStart[i + 1]; t++) {
      const oj = cols[t] * dims;
      const d0 = y[oi] - y[oj];
      const d1 = y[oi + 1] - y[oj + 1];
      const d2 = dims === 3 ? y[oi + 2] - y[oj + 2] : 0;
      const w = vals[t] / (1 + d0 * d0 + d1 * d1 + d2 * d2);
      a0 += w * d0;
      a1 += w * d1;
      a2 += w * d2;
    }
    grad[oi] = exag * a0 - rep[oi] / z;
    grad[oi + 1] = exag * a1 - rep[oi + 1] / z;
    if (dims === 3) grad[oi + 2] = exag * a2 - rep[oi + 2] / z;
  }
  return z;
}

function recentre(y: Float64Array, n: number, dims: number): void {
  for (let a = 0; a < dims; a++) {
    let m = 0;
    for (let i = 0; i < n; i++) m += y[i * dims + a];
    m /= n;
    for (let i = 0; i < n; i++) y[i * dims + a] -= m;
  }
}

/** KL(P‖Q) = Σ p_ij log(p_ij / q_ij) over P's support, with q_ij = (1 + ‖y_i − y_j‖²)⁻¹ / Z. */
function klDivergence(y: Float64Array, dims: number, p: SparseP, n: number, z: number): number {
  let kl = 0;
  for (let i = 0; i < n; i++) {
    for (let t = p.rowStart[i]; t < p.rowStart[i + 1]; t++) {
      const j = p.cols[t];
      let d2 = 0;
      for (let a = 0; a < dims; a++) {
        const diff = y[i * dims + a] - y[j * dims + a];
        d2 += diff * diff;
      }
      const q = 1 / (1 + d2) / z;
      if (p.vals[t] > 0) kl += p.vals[t] * Math.log(p.vals[t] / Math.max(q, 1e-300));
    }
  }
  return kl;
}
