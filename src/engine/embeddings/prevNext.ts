// The "previous/next token" embedding LM of CMU 10-315 (word embeddings lecture): V holds a vector per
// previous token, U per next token, p(next | prev) = softmax(U v). SGD on cross-entropy, plus sampling.
import { UserError } from '../errors';
import { createRng, type Rng } from './rng';
import { prepareCorpus, type TokenizerOptions } from './tokenize';
import { checkResume } from './word2vec';
import { takeTensor, Yielder, type LossPoint, type TrainCallbacks, type TrainResult } from './training';

export interface PrevNextConfig extends TokenizerOptions {
  /** 2 so the vectors can be drawn as they are. */
  dim: number;
  epochs: number;
  lr: number;
  minCount: number;
  /** Softmax is over the whole vocabulary: keep it small (default 2000). */
  maxVocab: number;
  seed: number;
}

export function defaultPrevNextConfig(): PrevNextConfig {
  return { dim: 2, epochs: 50, lr: 0.1, minCount: 1, maxVocab: 2000, seed: 1, lowercase: true, keepPunctuation: true };
}

/** The two matrices of the model: V [n, dim] (previous), U [n, dim] (next). */
export interface PrevNextModel {
  words: string[];
  dim: number;
  V: Float32Array;
  U: Float32Array;
}

/** Random model as the lecture starts from (N(0, 1) entries). */
export function initPrevNext(words: string[], dim: number, seed: number): PrevNextModel {
  const rng = createRng(seed);
  return { words, dim, V: Float32Array.from({ length: words.length * dim }, rng.normal), U: Float32Array.from({ length: words.length * dim }, rng.normal) };
}

/** p(next | prev) = softmax(U v_prev), into `out` [n]. */
export function nextTokenProbs(m: PrevNextModel, prev: number, out = new Float64Array(m.words.length)): Float64Array {
  const n = m.words.length;
  const o = prev * m.dim;
  let max = -Infinity;
  for (let j = 0; j < n; j++) {
    let s = 0;
    for (let k = 0; k < m.dim; k++) s += m.U[j * m.dim + k] * m.V[o + k];
    out[j] = s;
    if (s > max) max = s;
  }
  let z = 0;
  for (let j = 0; j < n; j++) z += out[j] = Math.exp(out[j] - max);
  for (let j = 0; j < n; j++) out[j] /= z;
  return out;
}

/** Generates `count` tokens after `start` by sampling the categorical p(next | prev) each step. */
export function samplePrevNext(m: PrevNextModel, start: string[], count: number, rng: Rng = createRng(1)): string[] {
  const index = new Map(m.words.map((w, i) => [w, i]));
  const out = [...start];
  let prev = index.get(start[start.length - 1] ?? '') ?? 0;
  const p = new Float64Array(m.words.length);
  for (let t = 0; t < count; t++) {
    nextTokenProbs(m, prev, p);
    let u = rng.next();
    let j = 0;
    while (j < p.length - 1 && (u -= p[j]) > 0) j++;
    out.push(m.words[j]);
    prev = j;
  }
  return out;
}

export interface PrevNextResult extends TrainResult {
  model: PrevNextModel;
}

export async function trainPrevNext(corpus: string | readonly string[], cfg: PrevNextConfig, cb: TrainCallbacks = {}): Promise<PrevNextResult> {
  if (!(Number.isInteger(cfg.dim) && cfg.dim > 0)) throw new UserError(`dim must be a positive integer, got ${cfg.dim}`);
  const t0 = performance.now();
  const { vocab, ids } = prepareCorpus(corpus, { ...cfg, window: 1 });
  if (cb.resume) checkResume(cb.resume, 'prevnext', vocab.words);
  const n = vocab.words.length;
  const dim = cfg.dim;
  const m = initPrevNext(vocab.words, dim, cfg.seed);
  m.V = takeTensor(cb.resume, 'V', n * dim) ?? m.V;
  m.U = takeTensor(cb.resume, 'U', n * dim) ?? m.U;
  const p = new Float64Array(n);
  const gv = new Float64Array(dim);
  const pairs = ids.length - 1;
  const total = cfg.epochs * pairs;
  const lossHistory: LossPoint[] = [...(cb.resume?.lossHistory ?? [])];
  const yielder = new Yielder(cb.signal);
  const runStart = performance.now();
  let done = 0;
  for (let epoch = cb.resume?.epochsDone ?? 0; epoch < cfg.epochs; epoch++) {
    const rng = createRng(cfg.seed * 7919 + epoch + 1);
    const order = Int32Array.from({ length: pairs }, (_, i) => i);
    for (let i = pairs - 1; i > 0; i--) {
      const j = rng.int(i + 1);
      [order[i], order[j]] = [order[j], order[i]];
    }
    let loss = 0;
    for (let t = 0; t < pairs; t++) {
      const prev = ids[order[t]];
      const next = ids[order[t] + 1];
      nextTokenProbs(m, prev, p);
      loss -= Math.log(Math.max(p[next], 1e-12));
      // ∂J/∂s = p − y; ∂J/∂v = Uᵀ(p − y); ∂J/∂U_j = (p_j − y_j) v
      gv.fill(0);
      const o = prev * dim;
      for (let j = 0; j < n; j++) {
        const g = p[j] - (j === next ? 1 : 0);
        for (let k = 0; k < dim; k++) {
          gv[k] += g * m.U[j * dim + k];
          m.U[j * dim + k] -= cfg.lr * g * m.V[o + k];
        }
      }
      for (let k = 0; k < dim; k++) m.V[o + k] -= cfg.lr * gv[k];
      done++;
      if ((t & 1023) === 1023) await yielder.maybe();
    }
    lossHistory.push({ epoch: epoch + 1, wordsDone: (epoch + 1) * pairs, loss: loss / pairs });
    cb.onProgress?.({
      method: 'prevnext', epoch: epoch + 1, epochs: cfg.epochs, wordsDone: (epoch + 1) * pairs, totalWords: total,
      loss: loss / pairs, wordsPerSec: (done * 1000) / Math.max(1, performance.now() - runStart), lr: cfg.lr,
    });
    await cb.onEpoch?.({ method: 'prevnext', epochsDone: epoch + 1, words: vocab.words, tensors: { V: m.V, U: m.U }, lossHistory });
  }
  return {
    model: m,
    vectors: { words: vocab.words, dim, vectors: m.V },
    state: { method: 'prevnext', epochsDone: cfg.epochs, words: vocab.words, tensors: { V: m.V, U: m.U }, lossHistory },
    lossHistory,
    vocabulary: vocab.report,
    wordsPerSec: (done * 1000) / Math.max(1, performance.now() - runStart),
    seconds: (performance.now() - t0) / 1000,
  };
}
