// UMAP (McInnes, Healy & Melville 2018) on typed arrays, following umap-learn's Euclidean path:
// exact kNN → per-point rho/sigma by binary search → fuzzy union of the directed memberships →
// SGD over the edges with negative sampling (optimize_layout_euclidean). PCA initial layout instead of
// the spectral one, fewer epochs as n grows. Seeded and cancellable; no transform of new points.
import { throwIfAborted } from '../errors';
import { exactNeighbours, type Neighbours } from './knn';
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

/**
 * umap-learn's schedule (500 epochs for small data, 200 above 10k) cut to 100 above 10k points to stay well under
 * 30 s at 20k (each epoch costs ~1.2M pow() calls there).
 */
export function defaultEpochs(n: number): number {
  if (n <= 2500) return 500;
  if (n <= 5000) return 400;
  if (n <= 10000) return 200;
  return Math.max(100, Math.round((200 * 10000) / n));
}

const SPREAD = 1;
const NEGATIVE_SAMPLE_RATE = 5;
const REPULSION_STRENGTH = 1; // gamma
const INITIAL_ALPHA = 1;
const CLIP = 4;
const SMOOTH_K_TOLERANCE = 1e-5;
const MIN_K_DIST_SCALE = 1e-3;
/** Progress (and a chance to cancel) at least this often, in epochs and in milliseconds. */
const PROGRESS_EPOCHS = 5;
const YIELD_MS = 50;

/** Embeds the n rows of x ([n * d]) in opts.dims dimensions; returns [n * dims]. Reduce d to ~50 first. */
export async function umap(x: Float32Array, n: number, d: number, opts: UmapOptions, work: LongWork<UmapProgress> = {}): Promise<Float32Array> {
  if (n < 3) throw new RangeError(`UMAP needs at least 3 points, got ${n}`);
  const nNeighbors = Math.max(2, Math.min(opts.nNeighbors ?? 15, n - 1));
  const nEpochs = Math.max(1, Math.round(opts.nEpochs ?? defaultEpochs(n)));
  const dims = opts.dims;
  const nb = await exactNeighbours(x, n, d, nNeighbors - 1, {
    signal: work.signal,
    onProgress: (f) => work.onProgress?.({ phase: 'neighbours', fraction: f }),
  });
  await yieldToEventLoop();
  throwIfAborted(work.signal);
  const graph = fuzzySimplicialSet(nb, n, nNeighbors);
  const edges = layoutEdges(graph, nEpochs);
  const { a, b } = findAB(SPREAD, opts.minDist ?? 0.1);
  const y = initialLayout(x, n, d, dims, opts.seed ?? 0);
  throwIfAborted(work.signal);
  await optimizeLayout(y, n, dims, edges, a, b, nEpochs, opts.seed ?? 0, work);
  return Float32Array.from(y);
}

/** Symmetric fuzzy graph in CSR form (both directions of every edge stored). */
export interface FuzzyGraph {
  rowStart: Int32Array;
  cols: Int32Array;
  vals: Float64Array;
}

/**
 * umap-learn's fuzzy_simplicial_set for local_connectivity 1 and set_op_mix_ratio 1: per point rho (distance
 * to the nearest other point) and sigma (binary search so that Σ_j exp(−max(0, d_j − rho) / sigma) = log2 k),
 * directed memberships, then the fuzzy union A + Aᵀ − A∘Aᵀ. nNeighbors counts the point itself.
 */
export function fuzzySimplicialSet(nb: Neighbours, n: number, nNeighbors: number): FuzzyGraph {
  const { k, indices, sqDistances } = nb;
  const dist = new Float64Array(n * k);
  let total = 0;
  for (let t = 0; t < n * k; t++) total += dist[t] = Math.sqrt(sqDistances[t]);
  // umap-learn's rows include the point itself at distance 0, so the mean is over k + 1 entries
  const meanAll = total / (n * (k + 1));
  const target = Math.log2(nNeighbors);
  const member = new Float64Array(n * k);
  for (let i = 0; i < n; i++) {
    const off = i * k;
    let rho = 0;
    let rowSum = 0;
    for (let t = off; t < off + k; t++) {
      rowSum += dist[t];
      if (rho === 0 && dist[t] > 0) rho = dist[t];
    }
    let lo = 0;
    let hi = Infinity;
    let mid = 1;
    for (let iter = 0; iter < 64; iter++) {
      let psum = 0;
      for (let t = off; t < off + k; t++) {
        const dd = dist[t] - rho;
        psum += dd > 0 ? Math.exp(-dd / mid) : 1;
      }
      if (Math.abs(psum - target) < SMOOTH_K_TOLERANCE) break;
      if (psum > target) {
        hi = mid;
        mid = (lo + hi) / 2;
      } else {
        lo = mid;
        mid = hi === Infinity ? mid * 2 : (lo + hi) / 2;
      }
    }
    const floor = MIN_K_DIST_SCALE * (rho > 0 ? rowSum / (k + 1) : meanAll);
    const sigma = Math.max(mid, floor);
    for (let t = off; t < off + k; t++) {
      const dd = dist[t] - rho;
      member[t] = dd <= 0 ? 1 : Math.exp(-dd / sigma);
    }
  }
  // fuzzy union: row i gets its own k entries, merged with every (j → i) that i did not list itself
  const rowLen = new Int32Array(n).fill(k);
  const reverseOnly = new Uint8Array(n * k); // (i → j) with i missing from j's own list
  for (let i = 0; i < n; i++) {
    for (let t = i * k; t < (i + 1) * k; t++) {
      const j = indices[t];
      if (findIn(indices, j * k, k, i) < 0) {
        reverseOnly[t] = 1;
        rowLen[j]++;
      }
    }
  }
  const rowStart = new Int32Array(n + 1);
  for (let i = 0; i < n; i++) rowStart[i + 1] = rowStart[i] + rowLen[i];
  const cols = new Int32Array(rowStart[n]);
  const vals = new Float64Array(rowStart[n]);
  const fill = rowStart.slice(0, n);
  for (let i = 0; i < n; i++) {
    for (let t = i * k; t < (i + 1) * k; t++) {
      const j = indices[t];
      const p = member[t];
      if (reverseOnly[t]) {
        cols[fill[i]] = j;
        vals[fill[i]++] = p;
        cols[fill[j]] = i;
        vals[fill[j]++] = p;
      } else {
        const q = member[findIn(indices, j * k, k, i)];
        cols[fill[i]] = j;
        vals[fill[i]++] = p + q - p * q;
      }
    }
  }
  return { rowStart, cols, vals };
}

function findIn(indices: Int32Array, off: number, k: number, value: number): number {
  for (let t = off; t < off + k; t++) if (indices[t] === value) return t;
  return -1;
}

/** The edges the optimiser samples: weights below max / nEpochs dropped, epochs_per_sample = max / w. */
interface LayoutEdges {
  head: Int32Array;
  tail: Int32Array;
  epochsPerSample: Float64Array;
}

function layoutEdges(g: FuzzyGraph, nEpochs: number): LayoutEdges {
  const n = g.rowStart.length - 1;
  let max = 0;
  for (let t = 0; t < g.vals.length; t++) if (g.vals[t] > max) max = g.vals[t];
  const cut = max / nEpochs;
  let m = 0;
  for (let t = 0; t < g.vals.length; t++) if (g.vals[t] >= cut && g.vals[t] > 0) m++;
  const head = new Int32Array(m);
  const tail = new Int32Array(m);
  const epochsPerSample = new Float64Array(m);
  let e = 0;
  for (let i = 0; i < n; i++) {
    for (let t = g.rowStart[i]; t < g.rowStart[i + 1]; t++) {
      const w = g.vals[t];
      if (w < cut || w <= 0) continue;
      head[e] = i;
      tail[e] = g.cols[t];
      epochsPerSample[e++] = max / w;
    }
  }
  return { head, tail, epochsPerSample };
}

/**
 * a, b of the low-dimensional similarity 1 / (1 + a·r^(2b)): least-squares fit (Levenberg–Marquardt) to
 * exp(−(r − minDist) / spread) beyond minDist and 1 below it, on 300 points in [0, 3·spread] (umap-learn's find_ab_params).
 */
export function findAB(spread: number, minDist: number): { a: number; b: number } {
  const xs: number[] = [];
  const ys: number[] = [];
  for (let t = 0; t < 300; t++) {
    const r = (3 * spread * t) / 299;
    if (r === 0) continue; // r^(2b) has no useful derivative in b at 0, and the curve is 1 there for any a, b
    xs.push(r);
    ys.push(r < minDist ? 1 : Math.exp(-(r - minDist) / spread));
  }
  let a = 1;
  let b = 1;
  let lambda = 1e-3;
  const sse = (a_: number, b_: number) => {
    let s = 0;
    for (let t = 0; t < xs.length; t++) {
      const e = 1 / (1 + a_ * xs[t] ** (2 * b_)) - ys[t];
      s += e * e;
    }
    return s;
  };
  let err = sse(a, b);
  for (let iter = 0; iter < 200; iter++) {
    // normal equations of the 2-parameter Gauss–Newton step, damped
    let jaa = 0, jab = 0, jbb = 0, ga = 0, gb = 0;
    for (let t = 0; t < xs.length; t++) {
      const p = xs[t] ** (2 * b);
      const f = 1 / (1 + a * p);
      const e = f - ys[t];
      const da = -p * f * f;
      const db = -a * p * 2 * Math.log(xs[t]) * f * f;
      jaa += da * da;
      jab += da * db;
      jbb += db * db;
      ga += da * e;
      gb += db * e;
    }
    let improved = false;
    for (let tries = 0; tries < 20 && !improved; tries++) {
      const m00 = jaa * (1 + lambda), m11 = jbb * (1 + lambda);
      const det = m00 * m11 - jab * jab;
      const stepA = -(m11 * ga - jab * gb) / det;
      const stepB = -(m00 * gb - jab * ga) / det;
      const na = a + stepA, nb = b + stepB;
      const ne = na > 0 && nb > 0 ? sse(na, nb) : Infinity;
      if (ne < err) {
        const small = Math.abs(stepA) < 1e-10 * (1 + a) && Math.abs(stepB) < 1e-10 * (1 + b);
        a = na;
        b = nb;
        err = ne;
        lambda = Math.max(lambda / 10, 1e-12);
        improved = true;
        if (small) return { a, b };
      } else lambda *= 10;
    }
    if (!improved) break;
  }
  return { a, b };
}

/**
 * PCA coordinates scaled into [−10, 10] (umap-learn starts from a spectral layout of that size), so a few hundred
 * epochs give a settled global arrangement; seeded uniform [−10, 10) when d < dims or the data has no spread.
 */
function initialLayout(x: Float32Array, n: number, d: number, dims: 2 | 3, seed: number): Float64Array {
  const y = new Float64Array(n * dims);
  if (d >= dims) {
    const c = pca(x, n, d, dims).coords;
    let maxAbs = 0;
    for (let t = 0; t < c.length; t++) maxAbs = Math.max(maxAbs, Math.abs(c[t]));
    if (maxAbs > 0) {
      for (let t = 0; t < n * dims; t++) y[t] = (c[t] / maxAbs) * 10;
      return y;
    }
  }
  const random = makeRandom(seed ^ 0x5eed);
  for (let t = 0; t < n * dims; t++) y[t] = random() * 20 - 10;
  return y;
}

/**
 * umap-learn's optimize_layout_euclidean (single-threaded, move_other): each epoch, every edge due a sample pulls its
 * two ends together with ∂/∂y of log(1 / (1 + a·d^(2b))), then pushes its head away from
 * (epoch − nextNegative) / epochsPerNegative random points; gradients clipped to ±4, learning rate decays linearly to 0.
 */
async function optimizeLayout(
  y: Float64Array, n: number, dims: 2 | 3, edges: LayoutEdges, a: number, b: number, nEpochs: number, seed: number,
  work: LongWork<UmapProgress>,
): Promise<void> {
  const { head, tail, epochsPerSample } = edges;
  const m = head.length;
  const nextSample = Float64Array.from(epochsPerSample);
  const epochsPerNegative = new Float64Array(m);
  for (let e = 0; e < m; e++) epochsPerNegative[e] = epochsPerSample[e] / NEGATIVE_SAMPLE_RATE;
  const nextNegative = Float64Array.from(epochsPerNegative);
  // xorshift32 state for the negative samples, seeded from mulberry32 so nearby seeds differ
  let state = (Math.floor(makeRandom(seed)() * 4294967296) | 0) || 0x2545f491;
  const twoAB = 2 * a * b;
  const bm1 = b - 1;
  const twoGammaB = 2 * REPULSION_STRENGTH * b;
  let lastYield = Date.now();
  for (let epoch = 0; epoch < nEpochs; epoch++) {
    const alpha = INITIAL_ALPHA * (1 - epoch / nEpochs);
    for (let e = 0; e < m; e++) {
      if (nextSample[e] > epoch) continue;
      const j = head[e];
      const oj = j * dims;
      const ok = tail[e] * dims;
      // attraction
      const u0 = y[oj] - y[ok], u1 = y[oj + 1] - y[ok + 1], u2 = dims === 3 ? y[oj + 2] - y[ok + 2] : 0;
      const dsq = u0 * u0 + u1 * u1 + u2 * u2;
      if (dsq > 0) {
        const pb = Math.pow(dsq, bm1);
        const coeff = (-twoAB * pb) / (a * pb * dsq + 1);
        const g0 = clip(coeff * u0) * alpha, g1 = clip(coeff * u1) * alpha;
        y[oj] += g0;
        y[oj + 1] += g1;
        y[ok] -= g0;
        y[ok + 1] -= g1;
        if (dims === 3) {
          const g2 = clip(coeff * u2) * alpha;
          y[oj + 2] += g2;
          y[ok + 2] -= g2;
        }
      }
      nextSample[e] += epochsPerSample[e];
      // repulsion from random points
      const nNeg = Math.floor((epoch - nextNegative[e]) / epochsPerNegative[e]);
      for (let p = 0; p < nNeg; p++) {
        state ^= state << 13;
        state ^= state >>> 17;
        state ^= state << 5;
        const kk = (state >>> 0) % n;
        const oq = kk * dims;
        const v0 = y[oj] - y[oq], v1 = y[oj + 1] - y[oq + 1], v2 = dims === 3 ? y[oj + 2] - y[oq + 2] : 0;
        const qsq = v0 * v0 + v1 * v1 + v2 * v2;
        if (qsq > 0) {
          const coeff = twoGammaB / ((0.001 + qsq) * (a * Math.pow(qsq, b) + 1));
          y[oj] += clip(coeff * v0) * alpha;
          y[oj + 1] += clip(coeff * v1) * alpha;
          if (dims === 3) y[oj + 2] += clip(coeff * v2) * alpha;
        } else if (kk !== j) {
          // a distinct point at the same place: umap-learn pushes by the clip value on every axis
          y[oj] += CLIP * alpha;
          y[oj + 1] += CLIP * alpha;
          if (dims === 3) y[oj + 2] += CLIP * alpha;
        }
      }
      if (nNeg > 0) nextNegative[e] += nNeg * epochsPerNegative[e];
    }
    const done = epoch + 1;
    const now = Date.now();
    if (done % PROGRESS_EPOCHS === 0 || done === nEpochs || now - lastYield > YIELD_MS) {
      work.onProgress?.({ phase: 'layout', fraction: done / nEpochs, epoch: done, nEpochs });
      if (now - lastYield > YIELD_MS) {
        await yieldToEventLoop();
        lastYield = Date.now();
      }
      throwIfAborted(work.signal);
    }
  }
  throwIfAborted(work.signal);
}

function clip(v: number): number {
  return v > CLIP ? CLIP : v < -CLIP ? -CLIP : v;
}
