// GloVe (Pennington et al. 2014): distance-weighted co-occurrence counts X_ij, weighted least squares on
// log X_ij with f(x) = min(1, (x/xMax)^α), AdaGrad; the final vectors are w + w̃. Plain loops, after glove.c.
import { UserError } from '../errors';
import { createRng } from './rng';
import { prepareCorpus, type TokenizerOptions } from './tokenize';
import { checkResume } from './word2vec';
import { takeTensor, Yielder, type LossPoint, type TrainCallbacks, type TrainResult, type TrainState } from './training';

export interface GloveConfig extends TokenizerOptions {
  dim: number;
  /** Symmetric context window; a pair d apart adds 1/d to X_ij. */
  window: number;
  epochs: number;
  /** AdaGrad initial learning rate. */
  lr: number;
  xMax: number;
  alpha: number;
  minCount: number;
  /** 0 = no cap. */
  maxVocab: number;
  seed: number;
}

export function defaultGloveConfig(): GloveConfig {
  return { dim: 100, window: 10, epochs: 15, lr: 0.05, xMax: 100, alpha: 0.75, minCount: 5, maxVocab: 0, seed: 1, lowercase: true, keepPunctuation: false };
}

/** Sparse symmetric co-occurrence counts: parallel arrays of (row, col, X). */
export interface Cooccurrence {
  rows: Int32Array;
  cols: Int32Array;
  values: Float32Array;
}

/** X_ij = Σ 1/d over pairs (i, j) at distance d ≤ window, both directions (glove cooccur.c, symmetric). */
export function countCooccurrences(ids: Int32Array, vocabSize: number, window: number): Cooccurrence {
  const m = new Map<number, number>();
  for (let p = 0; p < ids.length; p++) {
    const i = ids[p];
    for (let d = 1; d <= window && p - d >= 0; d++) {
      const j = ids[p - d];
      const w = 1 / d;
      const k1 = i * vocabSize + j;
      const k2 = j * vocabSize + i;
      m.set(k1, (m.get(k1) ?? 0) + w);
      m.set(k2, (m.get(k2) ?? 0) + w);
    }
  }
  const rows = new Int32Array(m.size);
  const cols = new Int32Array(m.size);
  const values = new Float32Array(m.size);
  let n = 0;
  for (const [k, v] of m) {
    rows[n] = Math.floor(k / vocabSize);
    cols[n] = k % vocabSize;
    values[n++] = v;
  }
  return { rows, cols, values };
}

export async function trainGlove(corpus: string | readonly string[], cfg: GloveConfig, cb: TrainCallbacks = {}): Promise<TrainResult> {
  for (const k of ['dim', 'window', 'epochs'] as const) {
    if (!(Number.isInteger(cfg[k]) && cfg[k] > 0)) throw new UserError(`${k} must be a positive integer, got ${cfg[k]}`);
  }
  const t0 = performance.now();
  const { vocab, ids } = prepareCorpus(corpus, cfg);
  if (cb.resume) checkResume(cb.resume, 'glove', vocab.words);
  const V = vocab.words.length;
  const dim = cfg.dim;
  const X = countCooccurrences(ids, V, cfg.window);
  const nnz = X.values.length;
  const rng = createRng(cfg.seed);
  const init = () => Float32Array.from({ length: V * dim }, () => (rng.next() - 0.5) / dim);
  const W = takeTensor(cb.resume, 'W', V * dim) ?? init(); // [V, dim] word vectors
  const Wc = takeTensor(cb.resume, 'Wc', V * dim) ?? init(); // [V, dim] context vectors w̃
  const b = takeTensor(cb.resume, 'b', V) ?? new Float32Array(V);
  const bc = takeTensor(cb.resume, 'bc', V) ?? new Float32Array(V);
  // AdaGrad accumulators start at 1, as glove.c does.
  const gW = takeTensor(cb.resume, 'gW', V * dim) ?? new Float32Array(V * dim).fill(1);
  const gWc = takeTensor(cb.resume, 'gWc', V * dim) ?? new Float32Array(V * dim).fill(1);
  const gb = takeTensor(cb.resume, 'gb', V) ?? new Float32Array(V).fill(1);
  const gbc = takeTensor(cb.resume, 'gbc', V) ?? new Float32Array(V).fill(1);
  const logX = X.values.map(Math.log);
  const fX = X.values.map((x) => (x < cfg.xMax ? Math.pow(x / cfg.xMax, cfg.alpha) : 1));
  const order = new Int32Array(nnz).map((_, i) => i);
  const lossHistory: LossPoint[] = [...(cb.resume?.lossHistory ?? [])];
  const yielder = new Yielder(cb.signal);
  const startEpoch = cb.resume?.epochsDone ?? 0;
  const total = cfg.epochs * nnz;
  const runStart = performance.now();
  let done = 0;
  const tensors = () => ({ W, Wc, b, bc, gW, gWc, gb, gbc });
  for (let epoch = startEpoch; epoch < cfg.epochs; epoch++) {
    const er = createRng(cfg.seed * 7919 + epoch + 1);
    for (let i = nnz - 1; i > 0; i--) {
      const j = er.int(i + 1);
      const t = order[i];
      order[i] = order[j];
      order[j] = t;
    }
    let loss = 0;
    let lastReport = performance.now();
    for (let s = 0; s < nnz; s += 20000) {
      const end = Math.min(nnz, s + 20000);
      loss += gloveChunk(order, s, end, X, logX, fX, W, Wc, b, bc, gW, gWc, gb, gbc, dim, cfg.lr);
      done += end - s;
      const now = performance.now();
      if (now - lastReport > 250 || end === nnz) {
        cb.onProgress?.({
          method: 'glove', epoch: epoch + 1, epochs: cfg.epochs, wordsDone: epoch * nnz + end, totalWords: total,
          loss: loss / end, wordsPerSec: (done * 1000) / Math.max(1, now - runStart), lr: cfg.lr,
        });
        lastReport = now;
      }
      await yielder.maybe();
    }
    lossHistory.push({ epoch: epoch + 1, wordsDone: (epoch + 1) * nnz, loss: loss / nnz });
    await cb.onEpoch?.({ method: 'glove', epochsDone: epoch + 1, words: vocab.words, tensors: tensors(), lossHistory });
  }
  const vectors = new Float32Array(V * dim);
  for (let i = 0; i < V * dim; i++) vectors[i] = W[i] + Wc[i];
  const state: TrainState = { method: 'glove', epochsDone: cfg.epochs, words: vocab.words, tensors: tensors(), lossHistory };
  return {
    vectors: { words: vocab.words, dim, vectors },
    state,
    lossHistory,
    vocabulary: vocab.report,
    wordsPerSec: (done * 1000) / Math.max(1, performance.now() - runStart),
    seconds: (performance.now() - t0) / 1000,
  };
}

/** AdaGrad on J = ½ f(X_ij)(w_i·w̃_j + b_i + b̃_j − log X_ij)² over entries order[s..end). Returns Σ J. */
function gloveChunk(
  order: Int32Array, s: number, end: number, X: Cooccurrence, logX: Float32Array, fX: Float32Array,
  W: Float32Array, Wc: Float32Array, b: Float32Array, bc: Float32Array,
  gW: Float32Array, gWc: Float32Array, gb: Float32Array, gbc: Float32Array, dim: number, lr: number,
): number {
  let loss = 0;
  for (let t = s; t < end; t++) {
    const e = order[t];
    const i = X.rows[e];
    const j = X.cols[e];
    const l1 = i * dim;
    const l2 = j * dim;
    let diff = b[i] + bc[j] - logX[e];
    for (let k = 0; k < dim; k++) diff += W[l1 + k] * Wc[l2 + k];
    const fdiff = fX[e] * diff;
    loss += 0.5 * fdiff * diff;
    const step = fdiff * lr;
    for (let k = 0; k < dim; k++) {
      const g1 = fdiff * Wc[l2 + k];
      const g2 = fdiff * W[l1 + k];
      W[l1 + k] -= (lr * g1) / Math.sqrt(gW[l1 + k]);
      Wc[l2 + k] -= (lr * g2) / Math.sqrt(gWc[l2 + k]);
      gW[l1 + k] += g1 * g1;
      gWc[l2 + k] += g2 * g2;
    }
    b[i] -= step / Math.sqrt(gb[i]);
    bc[j] -= step / Math.sqrt(gbc[j]);
    gb[i] += fdiff * fdiff;
    gbc[j] += fdiff * fdiff;
  }
  return loss;
}
