// Exact k-nearest neighbours by blocked brute force (Euclidean), for t-SNE's and UMAP's input graphs.
// O(n²·d) work, so callers reduce d first (PCA to 50); no approximate index here.
import { throwIfAborted } from '../errors';
import { yieldToEventLoop } from './yieldToEventLoop';

/** For each of n points its k nearest other points, nearest first. */
export interface Neighbours {
  k: number;
  /** [n * k] point indices; row i never contains i. */
  indices: Int32Array;
  /** [n * k] squared Euclidean distances, ascending within a row. */
  sqDistances: Float32Array;
}

export interface KnnOptions {
  signal?: AbortSignal;
  /** Called with the fraction done in [0, 1]. */
  onProgress?: (fraction: number) => void;
}

const BLOCK = 4;

/**
 * Exact kNN of the n rows of `x` ([n * d], row-major), k < n.
 * Each pair is computed once (‖a‖² + ‖b‖² − 2a·b) and offered to both rows' max-heaps.
 */
export async function exactNeighbours(x: Float32Array, n: number, d: number, k: number, opts: KnnOptions = {}): Promise<Neighbours> {
  if (k >= n) throw new RangeError(`k (${k}) must be below the number of points (${n})`);
  const xs = Float64Array.from(x.subarray(0, n * d));
  const norms = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let t = i * d; t < (i + 1) * d; t++) s += xs[t] * xs[t];
    norms[i] = s;
  }
  const heapD = new Float64Array(n * k).fill(Infinity); // per-row max-heap of distances
  const heapI = new Int32Array(n * k).fill(-1);
  const pairsTotal = (n * (n - 1)) / 2;
  let pairsDone = 0;
  let lastYield = Date.now();
  for (let i0 = 0; i0 < n; i0 += BLOCK) {
    const iEnd = Math.min(n, i0 + BLOCK);
    // pairs inside the block
    for (let a = i0; a < iEnd; a++) {
      for (let b = a + 1; b < iEnd; b++) offerPair(a, b, dist(xs, norms, a, b, d), heapD, heapI, k);
    }
    if (iEnd - i0 === BLOCK) scanBlockOf4(xs, norms, d, n, i0, heapD, heapI, k);
    else {
      for (let a = i0; a < iEnd; a++) for (let j = iEnd; j < n; j++) offerPair(a, j, dist(xs, norms, a, j, d), heapD, heapI, k);
    }
    pairsDone += (iEnd - i0) * (n - iEnd) + ((iEnd - i0) * (iEnd - i0 - 1)) / 2;
    if (Date.now() - lastYield > 50) {
      await yieldToEventLoop();
      throwIfAborted(opts.signal);
      opts.onProgress?.(pairsDone / pairsTotal);
      lastYield = Date.now();
    }
  }
  return sortHeaps(heapD, heapI, n, k);
}

function dist(xs: Float64Array, norms: Float64Array, a: number, b: number, d: number): number {
  let s = 0;
  const ao = a * d;
  const bo = b * d;
  for (let t = 0; t < d; t++) s += xs[ao + t] * xs[bo + t];
  return Math.max(0, norms[a] + norms[b] - 2 * s);
}

/** Rows i0..i0+3 against every later row, two rows j at a time: a 4×2 register tile of dot products. */
function scanBlockOf4(
  xs: Float64Array, norms: Float64Array, d: number, n: number, i0: number,
  heapD: Float64Array, heapI: Int32Array, k: number,
): void {
  const o0 = i0 * d, o1 = o0 + d, o2 = o1 + d, o3 = o2 + d;
  const n0 = norms[i0], n1 = norms[i0 + 1], n2 = norms[i0 + 2], n3 = norms[i0 + 3];
  let j = i0 + BLOCK;
  for (; j + 1 < n; j += 2) {
    const oj = j * d, ok = oj + d;
    let s0 = 0, s1 = 0, s2 = 0, s3 = 0, r0 = 0, r1 = 0, r2 = 0, r3 = 0;
    for (let t = 0; t < d; t++) {
      const v = xs[oj + t], w = xs[ok + t];
      const a0 = xs[o0 + t], a1 = xs[o1 + t], a2 = xs[o2 + t], a3 = xs[o3 + t];
      s0 += a0 * v; s1 += a1 * v; s2 += a2 * v; s3 += a3 * v;
      r0 += a0 * w; r1 += a1 * w; r2 += a2 * w; r3 += a3 * w;
    }
    const nj = norms[j], nk = norms[j + 1];
    offerFour(i0, j, n0 + nj - 2 * s0, n1 + nj - 2 * s1, n2 + nj - 2 * s2, n3 + nj - 2 * s3, heapD, heapI, k);
    offerFour(i0, j + 1, n0 + nk - 2 * r0, n1 + nk - 2 * r1, n2 + nk - 2 * r2, n3 + nk - 2 * r3, heapD, heapI, k);
  }
  for (; j < n; j++) for (let a = i0; a < i0 + BLOCK; a++) offerPair(a, j, dist(xs, norms, a, j, d), heapD, heapI, k);
}

/** Offers the distances from rows i0..i0+3 to row j to all five heaps (negative round-off clamps to 0). */
function offerFour(
  i0: number, j: number, d0: number, d1: number, d2: number, d3: number,
  heapD: Float64Array, heapI: Int32Array, k: number,
): void {
  if (d0 < 0) d0 = 0;
  if (d1 < 0) d1 = 0;
  if (d2 < 0) d2 = 0;
  if (d3 < 0) d3 = 0;
  if (d0 < heapD[i0 * k]) heapReplaceTop(heapD, heapI, i0 * k, k, d0, j);
  if (d1 < heapD[(i0 + 1) * k]) heapReplaceTop(heapD, heapI, (i0 + 1) * k, k, d1, j);
  if (d2 < heapD[(i0 + 2) * k]) heapReplaceTop(heapD, heapI, (i0 + 2) * k, k, d2, j);
  if (d3 < heapD[(i0 + 3) * k]) heapReplaceTop(heapD, heapI, (i0 + 3) * k, k, d3, j);
  const kj = j * k;
  if (Math.min(d0, d1, d2, d3) < heapD[kj]) {
    if (d0 < heapD[kj]) heapReplaceTop(heapD, heapI, kj, k, d0, i0);
    if (d1 < heapD[kj]) heapReplaceTop(heapD, heapI, kj, k, d1, i0 + 1);
    if (d2 < heapD[kj]) heapReplaceTop(heapD, heapI, kj, k, d2, i0 + 2);
    if (d3 < heapD[kj]) heapReplaceTop(heapD, heapI, kj, k, d3, i0 + 3);
  }
}

function offerPair(a: number, b: number, dd: number, heapD: Float64Array, heapI: Int32Array, k: number): void {
  if (dd < heapD[a * k]) heapReplaceTop(heapD, heapI, a * k, k, dd, b);
  if (dd < heapD[b * k]) heapReplaceTop(heapD, heapI, b * k, k, dd, a);
}

/** Replaces the largest entry of the max-heap at [off, off + k) and sifts down. */
function heapReplaceTop(heapD: Float64Array, heapI: Int32Array, off: number, k: number, dd: number, idx: number): void {
  let pos = 0;
  for (;;) {
    const l = 2 * pos + 1;
    if (l >= k) break;
    const r = l + 1;
    const c = r < k && heapD[off + r] > heapD[off + l] ? r : l;
    if (heapD[off + c] <= dd) break;
    heapD[off + pos] = heapD[off + c];
    heapI[off + pos] = heapI[off + c];
    pos = c;
  }
  heapD[off + pos] = dd;
  heapI[off + pos] = idx;
}

function sortHeaps(heapD: Float64Array, heapI: Int32Array, n: number, k: number): Neighbours {
  const indices = new Int32Array(n * k);
  const sqDistances = new Float32Array(n * k);
  const order = Array.from({ length: k }, (_, t) => t);
  for (let i = 0; i < n; i++) {
    const off = i * k;
    order.sort((a, b) => heapD[off + a] - heapD[off + b] || heapI[off + a] - heapI[off + b]);
    for (let t = 0; t < k; t++) {
      indices[off + t] = heapI[off + order[t]];
      sqDistances[off + t] = heapD[off + order[t]];
    }
  }
  return { k, indices, sqDistances };
}
