// Exact k-nearest neighbours (Euclidean) for t-SNE's and UMAP's input graphs, by blocked brute force with
// block pruning: points are put in a k-d order and cut into blocks of BLOCK rows; each pair of blocks is either
// computed as a tile of ‖a‖² + ‖b‖² − 2a·b (4×4 register micro-tiles, every pair once, offered to both rows'
// bounded max-heaps) or skipped when the blocks' bounding balls prove no pair can enter any of their heaps.
// Still exact; O(n²·d) in the worst case (no cluster structure), so callers reduce d first (PCA to 50).
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

/** Rows per block (a multiple of 4, the micro-tile). */
const BLOCK = 64;
/** Each block is first paired with this many nearest blocks (by centre), so heaps are tight before pruning starts. */
const NEAR_BLOCKS = 3;

/** Exact kNN of the n rows of `x` ([n * d], row-major), k < n. */
export async function exactNeighbours(x: Float32Array, n: number, d: number, k: number, opts: KnnOptions = {}): Promise<Neighbours> {
  if (k >= n) throw new RangeError(`k (${k}) must be below the number of points (${n})`);
  const perm = kdOrder(x, n, d);
  const xs = new Float64Array(n * d); // rows in k-d order
  for (let r = 0; r < n; r++) for (let t = 0; t < d; t++) xs[r * d + t] = x[perm[r] * d + t];
  const norms = new Float64Array(n);
  for (let r = 0; r < n; r++) {
    let s = 0;
    for (let t = r * d; t < (r + 1) * d; t++) s += xs[t] * xs[t];
    norms[r] = s;
  }
  const nBlocks = Math.ceil(n / BLOCK);
  const { centres, radii } = blockBalls(xs, n, d, nBlocks);
  const ctx: Ctx = { xs, norms, d, n, k, heapD: new Float64Array(n * k).fill(Infinity), heapI: new Int32Array(n * k).fill(-1) };
  const blockTop = new Float64Array(nBlocks).fill(Infinity); // largest heap top among the block's rows
  const m = Math.min(NEAR_BLOCKS, nBlocks - 1);
  const nearOf = new Int32Array(nBlocks * m).fill(-1); // the blocks each block was paired with in step 1
  const visited = (bi: number, bj: number) => {
    for (let t = 0; t < m; t++) if (nearOf[bi * m + t] === bj || nearOf[bj * m + t] === bi) return true;
    return false;
  };
  const totalPairs = (nBlocks * (nBlocks + 1)) / 2;
  let pairsSeen = 0;
  let lastYield = Date.now();
  const pause = async () => {
    if (Date.now() - lastYield > 50) {
      await yieldToEventLoop();
      throwIfAborted(opts.signal);
      opts.onProgress?.(pairsSeen / totalPairs);
      lastYield = Date.now();
    }
  };
  const visit = (bi: number, bj: number) => {
    pairsSeen++;
    tile(ctx, bi * BLOCK, Math.min(n, (bi + 1) * BLOCK), bj * BLOCK, Math.min(n, (bj + 1) * BLOCK));
    blockTop[bi] = maxTop(ctx, bi);
    if (bj !== bi) blockTop[bj] = maxTop(ctx, bj);
  };
  const centreSq = (bi: number, bj: number) => {
    let s = 0;
    for (let t = 0; t < d; t++) {
      const u = centres[bi * d + t] - centres[bj * d + t];
      s += u * u;
    }
    return s;
  };
  // 1. every block with itself and its nearest few blocks
  const near = new Float64Array(nBlocks);
  const byNear = new Int32Array(nBlocks);
  for (let bi = 0; bi < nBlocks; bi++) {
    visit(bi, bi);
    for (let bj = 0; bj < nBlocks; bj++) {
      near[bj] = bj === bi ? Infinity : centreSq(bi, bj);
      byNear[bj] = bj;
    }
    partialSortByKey(byNear, near, m);
    for (let t = 0; t < m; t++) {
      const bj = byNear[t];
      if (!visited(bi, bj)) visit(bi, bj);
      nearOf[bi * m + t] = bj;
    }
    await pause();
  }
  // 2. every other pair, skipped when the closest two points the balls allow are no nearer than either block's worst kept neighbour
  for (let bi = 0; bi < nBlocks; bi++) {
    for (let bj = bi + 1; bj < nBlocks; bj++) {
      if (visited(bi, bj)) continue;
      const gap = Math.sqrt(centreSq(bi, bj)) - radii[bi] - radii[bj];
      if (gap > 0) {
        const bound = gap * gap * (1 - 1e-9);
        if (bound >= blockTop[bi] && bound >= blockTop[bj]) {
          pairsSeen++;
          continue;
        }
      }
      visit(bi, bj);
    }
    await pause();
  }
  opts.onProgress?.(1);
  return sortHeaps(ctx, perm);
}

interface Ctx {
  xs: Float64Array;
  norms: Float64Array;
  d: number;
  n: number;
  k: number;
  /** per (k-d ordered) row a max-heap of k squared distances and their (k-d ordered) row indices */
  heapD: Float64Array;
  heapI: Int32Array;
}

/**
 * Row order of a k-d tree with leaves of BLOCK rows: split at a block boundary near the median of the widest
 * coordinate, recursively, so consecutive runs of BLOCK rows are spatially compact.
 */
function kdOrder(x: Float32Array, n: number, d: number): Int32Array {
  const perm = Int32Array.from({ length: n }, (_, i) => i);
  const key = new Float64Array(n);
  const stack: [number, number][] = [[0, n]];
  while (stack.length > 0) {
    const [lo, hi] = stack.pop()!;
    if (hi - lo <= BLOCK) continue;
    let best = 0;
    let bestRange = -1;
    for (let t = 0; t < d; t++) {
      let mn = Infinity, mx = -Infinity;
      for (let r = lo; r < hi; r++) {
        const v = x[perm[r] * d + t];
        if (v < mn) mn = v;
        if (v > mx) mx = v;
      }
      if (mx - mn > bestRange) {
        bestRange = mx - mn;
        best = t;
      }
    }
    const mid = lo + BLOCK * Math.ceil(Math.ceil((hi - lo) / BLOCK) / 2);
    for (let r = lo; r < hi; r++) key[r] = x[perm[r] * d + best];
    select(perm, key, lo, hi - 1, mid);
    stack.push([lo, mid], [mid, hi]);
  }
  return perm;
}

/** Hoare quickselect on key[lo..hi] (perm moved along) so that key[target] is in sorted position. */
function select(perm: Int32Array, key: Float64Array, lo: number, hi: number, target: number): void {
  while (hi > lo) {
    const pivot = key[(lo + hi) >> 1];
    let i = lo, j = hi;
    while (i <= j) {
      while (key[i] < pivot) i++;
      while (key[j] > pivot) j--;
      if (i <= j) {
        const kv = key[i]; key[i] = key[j]; key[j] = kv;
        const pv = perm[i]; perm[i] = perm[j]; perm[j] = pv;
        i++;
        j--;
      }
    }
    if (target <= j) hi = j;
    else if (target >= i) lo = i;
    else return;
  }
}

/** Centre (mean) and radius (largest distance from it, slightly inflated against round-off) of each block. */
function blockBalls(xs: Float64Array, n: number, d: number, nBlocks: number) {
  const centres = new Float64Array(nBlocks * d);
  const radii = new Float64Array(nBlocks);
  for (let b = 0; b < nBlocks; b++) {
    const r0 = b * BLOCK, r1 = Math.min(n, r0 + BLOCK);
    for (let r = r0; r < r1; r++) for (let t = 0; t < d; t++) centres[b * d + t] += xs[r * d + t];
    for (let t = 0; t < d; t++) centres[b * d + t] /= r1 - r0;
    let maxSq = 0;
    for (let r = r0; r < r1; r++) {
      let s = 0;
      for (let t = 0; t < d; t++) {
        const u = xs[r * d + t] - centres[b * d + t];
        s += u * u;
      }
      if (s > maxSq) maxSq = s;
    }
    radii[b] = Math.sqrt(maxSq) * (1 + 1e-9) + 1e-12;
  }
  return { centres, radii };
}

/** Moves the m smallest keys' indices to the front of idx (unordered among themselves beyond m, m is small). */
function partialSortByKey(idx: Int32Array, key: Float64Array, m: number): void {
  for (let t = 0; t < m; t++) {
    let best = t;
    for (let u = t + 1; u < idx.length; u++) if (key[idx[u]] < key[idx[best]]) best = u;
    const v = idx[t]; idx[t] = idx[best]; idx[best] = v;
  }
}

function maxTop(ctx: Ctx, b: number): number {
  const { heapD, k, n } = ctx;
  let m = 0;
  for (let r = b * BLOCK; r < Math.min(n, (b + 1) * BLOCK); r++) if (heapD[r * k] > m) m = heapD[r * k];
  return m;
}

/** All pairs (i in [i0, i1), j in [j0, j1)), i < j when the ranges are the same block. */
function tile(ctx: Ctx, i0: number, i1: number, j0: number, j1: number): void {
  const same = i0 === j0;
  let i = i0;
  for (; i + 4 <= i1; i += 4) {
    let j = same ? i + 4 : j0;
    if (same) for (let a = i; a < i + 4; a++) for (let b = a + 1; b < i + 4; b++) offerPair(ctx, a, b, dist(ctx, a, b));
    for (; j + 4 <= j1; j += 4) micro4x4(ctx, i, j);
    for (; j < j1; j++) for (let a = i; a < i + 4; a++) offerPair(ctx, a, j, dist(ctx, a, j));
  }
  for (; i < i1; i++) for (let j = same ? i + 1 : j0; j < j1; j++) offerPair(ctx, i, j, dist(ctx, i, j));
}

function dist(ctx: Ctx, a: number, b: number): number {
  const { xs, norms, d } = ctx;
  let s = 0;
  const ao = a * d;
  const bo = b * d;
  for (let t = 0; t < d; t++) s += xs[ao + t] * xs[bo + t];
  return norms[a] + norms[b] - 2 * s;
}

/** Rows i..i+3 against rows j..j+3: sixteen dot products in registers, then offered to all eight heaps. */
function micro4x4(ctx: Ctx, i: number, j: number): void {
  const { xs, norms, d } = ctx;
  const o0 = i * d, o1 = o0 + d, o2 = o1 + d, o3 = o2 + d;
  const p0 = j * d, p1 = p0 + d, p2 = p1 + d, p3 = p2 + d;
  let s00 = 0, s01 = 0, s02 = 0, s03 = 0, s10 = 0, s11 = 0, s12 = 0, s13 = 0;
  let s20 = 0, s21 = 0, s22 = 0, s23 = 0, s30 = 0, s31 = 0, s32 = 0, s33 = 0;
  for (let t = 0; t < d; t++) {
    const a0 = xs[o0 + t], a1 = xs[o1 + t], a2 = xs[o2 + t], a3 = xs[o3 + t];
    let b = xs[p0 + t];
    s00 += a0 * b; s10 += a1 * b; s20 += a2 * b; s30 += a3 * b;
    b = xs[p1 + t];
    s01 += a0 * b; s11 += a1 * b; s21 += a2 * b; s31 += a3 * b;
    b = xs[p2 + t];
    s02 += a0 * b; s12 += a1 * b; s22 += a2 * b; s32 += a3 * b;
    b = xs[p3 + t];
    s03 += a0 * b; s13 += a1 * b; s23 += a2 * b; s33 += a3 * b;
  }
  const n0 = norms[i], n1 = norms[i + 1], n2 = norms[i + 2], n3 = norms[i + 3];
  const m0 = norms[j], m1 = norms[j + 1], m2 = norms[j + 2], m3 = norms[j + 3];
  offerPair(ctx, i, j, n0 + m0 - 2 * s00);
  offerPair(ctx, i, j + 1, n0 + m1 - 2 * s01);
  offerPair(ctx, i, j + 2, n0 + m2 - 2 * s02);
  offerPair(ctx, i, j + 3, n0 + m3 - 2 * s03);
  offerPair(ctx, i + 1, j, n1 + m0 - 2 * s10);
  offerPair(ctx, i + 1, j + 1, n1 + m1 - 2 * s11);
  offerPair(ctx, i + 1, j + 2, n1 + m2 - 2 * s12);
  offerPair(ctx, i + 1, j + 3, n1 + m3 - 2 * s13);
  offerPair(ctx, i + 2, j, n2 + m0 - 2 * s20);
  offerPair(ctx, i + 2, j + 1, n2 + m1 - 2 * s21);
  offerPair(ctx, i + 2, j + 2, n2 + m2 - 2 * s22);
  offerPair(ctx, i + 2, j + 3, n2 + m3 - 2 * s23);
  offerPair(ctx, i + 3, j, n3 + m0 - 2 * s30);
  offerPair(ctx, i + 3, j + 1, n3 + m1 - 2 * s31);
  offerPair(ctx, i + 3, j + 2, n3 + m2 - 2 * s32);
  offerPair(ctx, i + 3, j + 3, n3 + m3 - 2 * s33);
}

/** Offers squared distance dd between rows a and b to both rows' heaps (negative round-off clamps to 0). */
function offerPair(ctx: Ctx, a: number, b: number, dd: number): void {
  const { heapD, heapI, k } = ctx;
  if (dd < 0) dd = 0;
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

/** Heaps (k-d order) to sorted rows in the caller's order, ties broken by the smaller original index. */
function sortHeaps(ctx: Ctx, perm: Int32Array): Neighbours {
  const { heapD, heapI, n, k } = ctx;
  const indices = new Int32Array(n * k);
  const sqDistances = new Float32Array(n * k);
  const order = Array.from({ length: k }, (_, t) => t);
  const orig = new Int32Array(k);
  for (let r = 0; r < n; r++) {
    const off = r * k;
    for (let t = 0; t < k; t++) orig[t] = perm[heapI[off + t]];
    order.sort((a, b) => heapD[off + a] - heapD[off + b] || orig[a] - orig[b]);
    const out = perm[r] * k;
    for (let t = 0; t < k; t++) {
      indices[out + t] = orig[order[t]];
      sqDistances[out + t] = heapD[off + order[t]];
    }
  }
  return { k, indices, sqDistances };
}
