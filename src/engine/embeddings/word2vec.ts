// word2vec trainers after the original C code (Mikolov et al. 2013, word2vec.c): skip-gram and CBOW
// with negative sampling (unigram^0.75 noise), CBOW with full softmax. Negative sampling runs in a
// WebAssembly SIMD kernel (kernels/word2vec.ts → assets/wasm/word2vec.wasm) where it loads, else in
// the plain Float32Array loops below; both draw the same random numbers in the same order.
import { UserError } from '../errors';
import { createRng } from './rng';
import { keepProbabilities, prepareCorpus, type TokenizerOptions } from './tokenize';
import { createWasmTrainer, word2vecModule, type WasmTrainer } from './word2vecWasm';
import { takeTensor, Yielder, type EmbeddingMethod, type LossPoint, type TrainCallbacks, type TrainResult, type TrainState } from './training';

export interface Word2VecConfig extends TokenizerOptions {
  /** Vector size. */
  dim: number;
  /** Max distance to a context word; each position draws its own window in [1, window] (word2vec's shrink). */
  window: number;
  /** Noise words per positive pair (negative sampling). */
  negative: number;
  epochs: number;
  /** Starting learning rate, decayed linearly to lr·1e-4. */
  lr: number;
  /** Subsampling threshold (word2vec `-sample`); 0 disables. */
  sample: number;
  minCount: number;
  /** 0 = no cap. */
  maxVocab: number;
  seed: number;
  /** CBOW only: full softmax output instead of negative sampling (small vocabularies). */
  softmax: boolean;
  /**
   * Negative-sampling inner loop: 'auto' (default) the WebAssembly SIMD kernel where it loads, else
   * JS; 'wasm' requires the kernel; 'js' the plain loops. Same model up to float rounding (f32 dot
   * products in wasm, f64 in JS). Full-softmax CBOW always runs in JS.
   */
  kernel?: 'auto' | 'wasm' | 'js';
}

/** Whether the WebAssembly SIMD word2vec kernel loads here. */
export function wasmKernelAvailable(): boolean {
  return word2vecModule() !== null;
}

/**
 * Corpus words per call into the wasm kernel, between progress reports and cancellation checks.
 * Calls start small and double: V8 first runs wasm unoptimised and swaps in optimised code only on a
 * later call, so a first 50k-word call would run entirely in the baseline tier.
 */
const WASM_CHUNK = 50_000;
const WASM_FIRST_CHUNK = 500;

export function defaultSkipGramConfig(): Word2VecConfig {
  return { dim: 100, window: 5, negative: 5, epochs: 5, lr: 0.025, sample: 1e-3, minCount: 5, maxVocab: 0, seed: 1, softmax: false, lowercase: true, keepPunctuation: false };
}

export function defaultCbowConfig(): Word2VecConfig {
  return { ...defaultSkipGramConfig(), lr: 0.05 };
}

const EXP_TABLE_SIZE = 1000;
const MAX_EXP = 6;
const SIGMOID_SCALE = EXP_TABLE_SIZE / MAX_EXP / 2;
/** σ(x) and log σ(x) on [−MAX_EXP, MAX_EXP], as word2vec.c precomputes them. */
const SIGMOID = new Float32Array(EXP_TABLE_SIZE);
const LOG_SIGMOID = new Float32Array(EXP_TABLE_SIZE);
for (let i = 0; i < EXP_TABLE_SIZE; i++) {
  const x = ((i / EXP_TABLE_SIZE) * 2 - 1) * MAX_EXP;
  SIGMOID[i] = 1 / (1 + Math.exp(-x));
  LOG_SIGMOID[i] = Math.log(SIGMOID[i]);
}

/** Noise distribution table: word i fills a share ∝ count^0.75 (word2vec.c InitUnigramTable). */
export function unigramTable(counts: Float64Array, size: number): Int32Array {
  const table = new Int32Array(size);
  let total = 0;
  for (const c of counts) total += Math.pow(c, 0.75);
  let i = 0;
  let acc = Math.pow(counts[0], 0.75) / total;
  for (let a = 0; a < size; a++) {
    table[a] = i;
    if (a / size > acc && i < counts.length - 1) {
      i++;
      acc += Math.pow(counts[i], 0.75) / total;
    }
  }
  return table;
}

export function trainSkipGram(corpus: string | readonly string[], cfg: Word2VecConfig, cb: TrainCallbacks = {}): Promise<TrainResult> {
  return trainWord2Vec('sgns', corpus, cfg, cb);
}

export function trainCbow(corpus: string | readonly string[], cfg: Word2VecConfig, cb: TrainCallbacks = {}): Promise<TrainResult> {
  return trainWord2Vec('cbow', corpus, cfg, cb);
}

function checkConfig(cfg: Word2VecConfig): void {
  const pos = (k: keyof Word2VecConfig) => {
    const v = cfg[k] as number;
    if (!(Number.isInteger(v) && v > 0)) throw new UserError(`${k} must be a positive integer, got ${v}`);
  };
  pos('dim');
  pos('window');
  pos('epochs');
  if (!(cfg.negative >= 0) || (cfg.negative === 0 && !cfg.softmax)) throw new UserError(`negative must be ≥ 1 (or use softmax), got ${cfg.negative}`);
  if (!(cfg.lr > 0)) throw new UserError(`lr must be > 0, got ${cfg.lr}`);
}

async function trainWord2Vec(
  method: 'sgns' | 'cbow',
  corpus: string | readonly string[],
  cfg: Word2VecConfig,
  cb: TrainCallbacks,
): Promise<TrainResult> {
  checkConfig(cfg);
  const t0 = performance.now();
  const { vocab, ids } = prepareCorpus(corpus, cfg);
  const V = vocab.words.length;
  const dim = cfg.dim;
  if (cb.resume) checkResume(cb.resume, method, vocab.words);
  const rng0 = createRng(cfg.seed);
  // syn0: input (word) vectors, uniform in ±0.5/dim; syn1: output (context) vectors, zero — as word2vec.c.
  const syn0 = takeTensor(cb.resume, 'syn0', V * dim) ?? Float32Array.from({ length: V * dim }, () => (rng0.next() - 0.5) / dim); // [V, dim]
  const syn1 = takeTensor(cb.resume, 'syn1', V * dim) ?? new Float32Array(V * dim); // [V, dim]
  const table = unigramTable(vocab.counts, Math.min(1e7, Math.max(1e6, V * 100)));
  const keep = keepProbabilities(vocab.counts, cfg.sample);
  const softmax = method === 'cbow' && cfg.softmax;
  const neu1 = new Float32Array(dim);
  const neu1e = new Float32Array(dim);
  const probs = softmax ? new Float64Array(V) : undefined;
  const N = ids.length;
  const total = cfg.epochs * N;
  const startEpoch = cb.resume?.epochsDone ?? 0;
  const lossHistory: LossPoint[] = [...(cb.resume?.lossHistory ?? [])];
  const yielder = new Yielder(cb.signal);
  const kernel = cfg.kernel ?? 'auto';
  let wasm: WasmTrainer | undefined;
  let chunk = WASM_FIRST_CHUNK;
  if (kernel !== 'js' && !softmax) {
    wasm = createWasmTrainer({ vocabSize: V, dim, window: cfg.window, negative: cfg.negative, cbow: method === 'cbow', syn0, syn1, table, keep, ids, sigmoid: SIGMOID, logSigmoid: LOG_SIGMOID });
  }
  // full softmax (CBOW, small vocabularies) always runs in JS
  if (kernel === 'wasm' && !wasm && !softmax) throw new Error('the WebAssembly SIMD word2vec kernel is not available here');
  const window = cfg.window;
  const negative = cfg.negative;
  const sen = new Int32Array(1000);
  const targets = new Int32Array(negative + 1);
  let trained = 0; // words processed in this run (for words/s)
  const runStart = performance.now();
  let lastReport = runStart;
  let lastReportWords = 0;

  for (let epoch = startEpoch; epoch < cfg.epochs; epoch++) {
    // A fresh, epoch-keyed seed makes a resumed run identical to an uninterrupted one.
    const acc: KernelAcc = { r: createRng(cfg.seed * 7919 + epoch + 1).int(0x7fffffff) | 1, lossSum: 0, lossCount: 0 };
    let pos = 0;
    if (wasm) {
      wasm.rng = acc.r;
      wasm.resetLoss();
      while (pos < N) {
        const start = pos;
        pos = wasm.run(pos, chunk, cfg.lr, epoch * N, total);
        chunk = Math.min(WASM_CHUNK, chunk * 2);
        trained += pos - start;
        const now = performance.now();
        if (now - lastReport > 250 || pos >= N) {
          const count = wasm.lossCount();
          const loss = count ? wasm.lossSum() / count : 0;
          const done = epoch * N + pos;
          lossHistory.push({ epoch: epoch + 1, wordsDone: done, loss });
          cb.onProgress?.({
            method,
            epoch: epoch + 1,
            epochs: cfg.epochs,
            wordsDone: done,
            totalWords: total,
            loss,
            wordsPerSec: ((trained - lastReportWords) * 1000) / Math.max(1, now - lastReport),
            lr: cfg.lr * Math.max(1e-4, 1 - done / (total + 1)),
          });
          lastReport = now;
          lastReportWords = trained;
          wasm.resetLoss();
        }
        await yielder.maybe();
      }
      // copies: the caller may keep or checkpoint them while training goes on
      await cb.onEpoch?.({ method, epochsDone: epoch + 1, words: vocab.words, tensors: { syn0: wasm.syn0.slice(), syn1: wasm.syn1.slice() }, lossHistory });
      continue;
    }
    while (pos < N) {
      const wordsDone = epoch * N + pos;
      const alpha = cfg.lr * Math.max(1e-4, 1 - wordsDone / (total + 1));
      // One "sentence": up to 1000 kept words after subsampling, as word2vec.c reads them.
      let len = 0;
      const start = pos;
      while (pos < N && len < 1000 && pos - start < 10000) {
        const w = ids[pos++];
        if (keep[w] < 1) {
          let r = acc.r;
          r ^= r << 13;
          r ^= r >>> 17;
          r ^= r << 5;
          acc.r = r;
          if (keep[w] < (r >>> 0) / 4294967296) continue;
        }
        sen[len++] = w;
      }
      if (method === 'sgns') sgnsSentence(sen, len, syn0, syn1, neu1e, targets, table, window, negative, dim, alpha, acc);
      else cbowSentence(sen, len, syn0, syn1, neu1, neu1e, targets, table, window, negative, dim, alpha, acc, probs, V);
      trained += pos - start;
      const now = performance.now();
      if (now - lastReport > 250 || pos >= N) {
        const loss = acc.lossCount ? acc.lossSum / acc.lossCount : 0;
        const done = epoch * N + pos;
        lossHistory.push({ epoch: epoch + 1, wordsDone: done, loss });
        cb.onProgress?.({
          method,
          epoch: epoch + 1,
          epochs: cfg.epochs,
          wordsDone: done,
          totalWords: total,
          loss,
          wordsPerSec: ((trained - lastReportWords) * 1000) / Math.max(1, now - lastReport),
          lr: alpha,
        });
        lastReport = now;
        lastReportWords = trained;
        acc.lossSum = 0;
        acc.lossCount = 0;
      }
      await yielder.maybe();
    }
    const state: TrainState = { method, epochsDone: epoch + 1, words: vocab.words, tensors: { syn0, syn1 }, lossHistory };
    await cb.onEpoch?.(state);
  }
  if (wasm) {
    syn0.set(wasm.syn0);
    syn1.set(wasm.syn1);
  }
  const seconds = (performance.now() - t0) / 1000;
  return {
    vectors: { words: vocab.words, dim, vectors: syn0 },
    state: { method, epochsDone: cfg.epochs, words: vocab.words, tensors: { syn0, syn1 }, lossHistory },
    lossHistory,
    vocabulary: vocab.report,
    wordsPerSec: (trained * 1000) / Math.max(1, performance.now() - runStart),
    seconds,
  };
}

/** Mutable scalars the kernels share with the epoch loop: RNG state and loss sums. */
interface KernelAcc {
  r: number;
  lossSum: number;
  lossCount: number;
}

/**
 * word2vec.c's negative-sampling step for input h[hOff, hOff + dim): the positive `word` and
 * `negative` noise words (drawn first, in word2vec.c's order; a draw equal to `word` is skipped).
 * Gradient into neu1e, and into h itself when `intoH` (skip-gram: h is the context's syn0 row).
 * The dot product for the next target is taken in the same pass as the previous target's update,
 * element by element after it, so the result is exactly that of separate loops.
 */
function negativeStep(
  word: number, h: Float32Array, hOff: number, syn1: Float32Array, neu1e: Float32Array, targets: Int32Array,
  table: Int32Array, negative: number, dim: number, alpha: number, acc: KernelAcc, intoH: boolean,
): void {
  let r = acc.r;
  const tableSize = table.length;
  targets[0] = word;
  let m = 1;
  for (let d = 0; d < negative; d++) {
    r ^= r << 13;
    r ^= r >>> 17;
    r ^= r << 5;
    const t = table[(r >>> 0) % tableSize];
    if (t !== word) targets[m++] = t;
  }
  acc.r = r;
  let l2 = word * dim;
  let f = 0;
  for (let k = 0; k < dim; k++) f += h[hOff + k] * syn1[l2 + k];
  let lossSum = 0;
  for (let i = 0; i < m; i++) {
    let g: number;
    if (f > MAX_EXP) {
      g = i === 0 ? 0 : -alpha;
      if (i !== 0) lossSum += f;
    } else if (f < -MAX_EXP) {
      g = i === 0 ? alpha : 0;
      if (i === 0) lossSum -= f;
    } else {
      const ti = ((f + MAX_EXP) * SIGMOID_SCALE) | 0;
      g = ((i === 0 ? 1 : 0) - SIGMOID[ti]) * alpha;
      // −log σ(f) for the positive, −log σ(−f) for a noise word
      lossSum -= i === 0 ? LOG_SIGMOID[ti] : LOG_SIGMOID[EXP_TABLE_SIZE - 1 - ti];
    }
    if (i + 1 < m) {
      const next = targets[i + 1] * dim;
      f = 0;
      for (let k = 0; k < dim; k++) {
        const hk = h[hOff + k];
        const o = syn1[l2 + k];
        neu1e[k] += g * o;
        syn1[l2 + k] = o + g * hk;
        f += hk * syn1[next + k];
      }
      l2 = next;
    } else if (intoH) {
      for (let k = 0; k < dim; k++) {
        const hk = h[hOff + k];
        const o = syn1[l2 + k];
        neu1e[k] += g * o;
        syn1[l2 + k] = o + g * hk;
        h[hOff + k] = hk + neu1e[k];
      }
    } else {
      for (let k = 0; k < dim; k++) {
        const o = syn1[l2 + k];
        neu1e[k] += g * o;
        syn1[l2 + k] = o + g * h[hOff + k];
      }
    }
  }
  acc.lossSum += lossSum;
  acc.lossCount += m;
}

/** Skip-gram over one sentence: each context word predicts the centre word against `negative` noise words. */
function sgnsSentence(
  sen: Int32Array, len: number, syn0: Float32Array, syn1: Float32Array, neu1e: Float32Array, targets: Int32Array,
  table: Int32Array, window: number, negative: number, dim: number, alpha: number, acc: KernelAcc,
): void {
  for (let p = 0; p < len; p++) {
    const word = sen[p];
    let r = acc.r;
    r ^= r << 13;
    r ^= r >>> 17;
    r ^= r << 5;
    acc.r = r;
    const b = (r >>> 0) % window;
    const lo = Math.max(0, p - window + b);
    const hi = Math.min(len - 1, p + window - b);
    for (let c = lo; c <= hi; c++) {
      if (c === p) continue;
      neu1e.fill(0);
      negativeStep(word, syn0, sen[c] * dim, syn1, neu1e, targets, table, negative, dim, alpha, acc, true);
    }
  }
}

/** CBOW over one sentence: the mean of the context vectors predicts the centre word. */
function cbowSentence(
  sen: Int32Array, len: number, syn0: Float32Array, syn1: Float32Array, neu1: Float32Array, neu1e: Float32Array, targets: Int32Array,
  table: Int32Array, window: number, negative: number, dim: number, alpha: number, acc: KernelAcc,
  probs: Float64Array | undefined, V: number,
): void {
  for (let p = 0; p < len; p++) {
    const word = sen[p];
    let r = acc.r;
    r ^= r << 13;
    r ^= r >>> 17;
    r ^= r << 5;
    acc.r = r;
    const b = (r >>> 0) % window;
    const lo = Math.max(0, p - window + b);
    const hi = Math.min(len - 1, p + window - b);
    if (hi - lo < 1) continue;
    neu1.fill(0);
    neu1e.fill(0);
    for (let c = lo; c <= hi; c++) {
      if (c === p) continue;
      const l1 = sen[c] * dim;
      for (let k = 0; k < dim; k++) neu1[k] += syn0[l1 + k];
    }
    const inv = 1 / (hi - lo);
    for (let k = 0; k < dim; k++) neu1[k] *= inv;
    if (probs) {
      acc.lossSum += softmaxStep(word, neu1, neu1e, syn1, probs, V, dim, alpha);
      acc.lossCount++;
    } else {
      negativeStep(word, neu1, 0, syn1, neu1e, targets, table, negative, dim, alpha, acc, false);
    }
    for (let c = lo; c <= hi; c++) {
      if (c === p) continue;
      const l1 = sen[c] * dim;
      for (let k = 0; k < dim; k++) syn0[l1 + k] += neu1e[k];
    }
  }
}

/** One full-softmax step: p = softmax(syn1 · h); gradient (y − p)·α into neu1e and syn1. Returns −log p[word]. */
function softmaxStep(word: number, h: Float32Array, neu1e: Float32Array, syn1: Float32Array, probs: Float64Array, V: number, dim: number, alpha: number): number {
  let max = -Infinity;
  for (let j = 0; j < V; j++) {
    let s = 0;
    const o = j * dim;
    for (let k = 0; k < dim; k++) s += h[k] * syn1[o + k];
    probs[j] = s;
    if (s > max) max = s;
  }
  let z = 0;
  for (let j = 0; j < V; j++) z += probs[j] = Math.exp(probs[j] - max);
  const loss = -Math.log(probs[word] / z);
  for (let j = 0; j < V; j++) {
    const g = ((j === word ? 1 : 0) - probs[j] / z) * alpha;
    const o = j * dim;
    for (let k = 0; k < dim; k++) {
      neu1e[k] += g * syn1[o + k];
      syn1[o + k] += g * h[k];
    }
  }
  return loss;
}

/** A checkpoint continues only the same method on the same vocabulary. */
export function checkResume(state: TrainState, method: EmbeddingMethod, words: readonly string[]): void {
  if (state.method !== method) throw new UserError(`cannot resume: the checkpoint was trained with ${state.method}, not ${method}`);
  if (state.words.length !== words.length || state.words.some((w, i) => w !== words[i])) {
    throw new UserError('cannot resume: the corpus or tokenizer settings give a different vocabulary than the checkpoint');
  }
}
