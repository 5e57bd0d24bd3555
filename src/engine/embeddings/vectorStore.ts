// Queries over one set of word vectors: lookup, nearest neighbours (cosine, dot, Euclidean) and
// analogies (3CosAdd, 3CosMul). Brute force over Float32Array rows; evaluation lives in evaluate.ts.
import { UserError } from '../errors';
import { suggestSpellings } from './spelling';
import type { WordVectors } from './wordVectors';

export type Metric = 'cosine' | 'dot' | 'euclidean';
export type AnalogyMethod = '3cosadd' | '3cosmul';

/** One ranked answer. For 'euclidean' the score is the distance (smaller = closer). */
export interface ScoredWord {
  word: string;
  score: number;
}

export interface NeighborOptions {
  k?: number;
  metric?: Metric;
  /** Only the first topN rows (most frequent words) are candidates. */
  topN?: number;
  /** Words never returned (the query word is always excluded). */
  exclude?: readonly string[];
}

export interface AnalogyOptions {
  k?: number;
  method?: AnalogyMethod;
  topN?: number;
}

/** Keeps the k best (highest) scores seen, in order. */
class TopK {
  readonly idx: Int32Array;
  readonly val: Float64Array;
  size = 0;
  constructor(readonly k: number) {
    this.idx = new Int32Array(k);
    this.val = new Float64Array(k);
  }
  /** Smallest score still kept, or -Infinity while not full. */
  get floor(): number {
    return this.size < this.k ? -Infinity : this.val[this.k - 1];
  }
  push(i: number, v: number): void {
    if (this.size === this.k && v <= this.val[this.k - 1]) return;
    let p = this.size < this.k ? this.size++ : this.k - 1;
    while (p > 0 && this.val[p - 1] < v) {
      this.val[p] = this.val[p - 1];
      this.idx[p] = this.idx[p - 1];
      p--;
    }
    this.val[p] = v;
    this.idx[p] = i;
  }
}

export class VectorStore {
  readonly words: readonly string[];
  readonly dim: number;
  /** [n, dim] as given. */
  readonly vectors: Float32Array;
  /** [n, dim] unit rows (zero rows stay zero). */
  readonly unit: Float32Array;
  /** [n] l2 norms. */
  readonly norms: Float32Array;
  private readonly index = new Map<string, number>();
  private readonly lowerIndex = new Map<string, number>();

  constructor(wv: WordVectors) {
    const n = wv.words.length;
    if (wv.dim <= 0 || wv.vectors.length !== n * wv.dim) {
      throw new UserError(`vectors have ${wv.vectors.length} values, expected ${n} words × ${wv.dim} dimensions`);
    }
    this.words = wv.words;
    this.dim = wv.dim;
    this.vectors = wv.vectors;
    this.norms = new Float32Array(n);
    this.unit = new Float32Array(n * wv.dim);
    for (let i = 0; i < n; i++) {
      const w = wv.words[i];
      if (this.index.has(w)) throw new UserError(`duplicate word "${w}" at rows ${this.index.get(w)} and ${i}`);
      this.index.set(w, i);
      const lw = w.toLowerCase();
      if (!this.lowerIndex.has(lw)) this.lowerIndex.set(lw, i);
      const o = i * wv.dim;
      let s = 0;
      for (let d = 0; d < wv.dim; d++) s += wv.vectors[o + d] * wv.vectors[o + d];
      const norm = Math.sqrt(s);
      this.norms[i] = norm;
      const inv = norm > 0 ? 1 / norm : 0;
      for (let d = 0; d < wv.dim; d++) this.unit[o + d] = wv.vectors[o + d] * inv;
    }
  }

  get size(): number {
    return this.words.length;
  }

  /** Row of `word` (exact, then case-insensitive), or -1. */
  find(word: string): number {
    return this.index.get(word) ?? this.lowerIndex.get(word.toLowerCase()) ?? -1;
  }

  has(word: string): boolean {
    return this.find(word) >= 0;
  }

  /** Row of `word`, or a UserError naming it and suggesting close spellings. */
  indexOf(word: string): number {
    const i = this.find(word);
    if (i >= 0) return i;
    const s = suggestSpellings(word, this.words);
    throw new UserError(`"${word}" is not in the vocabulary${s.length ? ` (did you mean: ${s.join(', ')}?)` : ''}`);
  }

  /** A copy of the raw vector of `word`. */
  vector(word: string): Float32Array {
    const i = this.indexOf(word);
    return this.vectors.slice(i * this.dim, (i + 1) * this.dim);
  }

  /** Normalised copy of the vectors as a WordVectors. */
  normalized(): WordVectors {
    return { words: [...this.words], dim: this.dim, vectors: this.unit.slice() };
  }

  /** Similarity of two words: cosine, dot, or Euclidean distance. */
  similarity(a: string, b: string, metric: Metric = 'cosine'): number {
    return this.score(this.indexOf(a), this.rowOf(this.indexOf(b), metric), metric);
  }

  /** Nearest words to a word or to a raw query vector [dim]. */
  nearest(query: string | Float32Array, opts: NeighborOptions = {}): ScoredWord[] {
    const metric = opts.metric ?? 'cosine';
    const skip = new Set<number>();
    let q: Float32Array;
    if (typeof query === 'string') {
      const i = this.indexOf(query);
      skip.add(i);
      q = this.rowOf(i, metric);
    } else {
      if (query.length !== this.dim) throw new UserError(`query vector has ${query.length} dimensions, the model has ${this.dim}`);
      q = metric === 'cosine' ? unitCopy(query) : query;
    }
    for (const w of opts.exclude ?? []) {
      const i = this.find(w);
      if (i >= 0) skip.add(i);
    }
    const top = this.scan(q, metric, opts.k ?? 10, opts.topN, skip);
    return top;
  }

  /**
   * a − b + c (king − man + woman ≈ queen), input words excluded.
   * 3CosAdd: argmax cos(x,a) − cos(x,b) + cos(x,c); 3CosMul: argmax cos'(x,a)·cos'(x,c) / (cos'(x,b) + ε),
   * cos' = (cos + 1) / 2, ε = 0.001 (Levy & Goldberg 2014, "Linguistic Regularities in Sparse and Explicit Word Representations").
   */
  analogy(a: string, b: string, c: string, opts: AnalogyOptions = {}): ScoredWord[] {
    const ia = this.indexOf(a);
    const ib = this.indexOf(b);
    const ic = this.indexOf(c);
    return this.analogyRows(ia, ib, ic, opts);
  }

  /** Same as analogy() on row indices. */
  analogyRows(ia: number, ib: number, ic: number, opts: AnalogyOptions = {}): ScoredWord[] {
    const k = opts.k ?? 10;
    const n = Math.min(this.size, opts.topN ?? this.size);
    const skip = new Set([ia, ib, ic]);
    const dim = this.dim;
    const U = this.unit;
    if ((opts.method ?? '3cosadd') === '3cosadd') {
      const q = new Float32Array(dim);
      for (let d = 0; d < dim; d++) q[d] = U[ia * dim + d] - U[ib * dim + d] + U[ic * dim + d];
      return this.scan(q, 'dot', k, n, skip, U);
    }
    const top = new TopK(k + skip.size);
    const oa = ia * dim;
    const ob = ib * dim;
    const oc = ic * dim;
    for (let i = 0; i < n; i++) {
      const o = i * dim;
      let sa = 0;
      let sb = 0;
      let sc = 0;
      for (let d = 0; d < dim; d++) {
        const x = U[o + d];
        sa += x * U[oa + d];
        sb += x * U[ob + d];
        sc += x * U[oc + d];
      }
      top.push(i, cosMul(sa, sb, sc));
    }
    return this.collect(top, k, skip, 1);
  }

  /** Query row for a metric: unit row for cosine, raw row otherwise. */
  private rowOf(i: number, metric: Metric): Float32Array {
    const src = metric === 'cosine' ? this.unit : this.vectors;
    return src.subarray(i * this.dim, (i + 1) * this.dim);
  }

  private score(i: number, q: Float32Array, metric: Metric): number {
    const src = metric === 'cosine' ? this.unit : this.vectors;
    const o = i * this.dim;
    let s = 0;
    if (metric === 'euclidean') {
      for (let d = 0; d < this.dim; d++) {
        const t = src[o + d] - q[d];
        s += t * t;
      }
      return Math.sqrt(s);
    }
    for (let d = 0; d < this.dim; d++) s += src[o + d] * q[d];
    return s;
  }

  /** Brute-force top-k over the first topN rows; euclidean ranks by −distance. */
  private scan(
    q: Float32Array,
    metric: Metric,
    k: number,
    topN: number | undefined,
    skip: Set<number>,
    src: Float32Array = metric === 'cosine' ? this.unit : this.vectors,
  ): ScoredWord[] {
    const n = Math.min(this.size, topN ?? this.size);
    const dim = this.dim;
    const top = new TopK(k + skip.size);
    if (metric === 'euclidean') {
      for (let i = 0; i < n; i++) {
        const o = i * dim;
        let s = 0;
        for (let d = 0; d < dim; d++) {
          const t = src[o + d] - q[d];
          s += t * t;
        }
        top.push(i, -s);
      }
      return this.collect(top, k, skip, -1).map((r) => ({ word: r.word, score: Math.sqrt(r.score) }));
    }
    for (let i = 0; i < n; i++) {
      const o = i * dim;
      let s = 0;
      for (let d = 0; d < dim; d++) s += src[o + d] * q[d];
      top.push(i, s);
    }
    return this.collect(top, k, skip, 1);
  }

  private collect(top: TopK, k: number, skip: Set<number>, sign: number): ScoredWord[] {
    const out: ScoredWord[] = [];
    for (let j = 0; j < top.size && out.length < k; j++) {
      if (skip.has(top.idx[j])) continue;
      out.push({ word: this.words[top.idx[j]], score: sign * top.val[j] });
    }
    return out;
  }
}

/** 3CosMul score from the three cosines (Levy & Goldberg 2014, shifted to [0, 1], ε = 0.001). */
export function cosMul(cosA: number, cosB: number, cosC: number): number {
  return (((cosA + 1) / 2) * ((cosC + 1) / 2)) / ((cosB + 1) / 2 + 0.001);
}

function unitCopy(v: Float32Array): Float32Array {
  let s = 0;
  for (let d = 0; d < v.length; d++) s += v[d] * v[d];
  const inv = s > 0 ? 1 / Math.sqrt(s) : 0;
  return v.map((x) => x * inv);
}
