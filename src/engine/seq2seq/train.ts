// Training, greedy decoding and per-length accuracy of the encoder–decoders, and their checkpoint folders.
// Each training batch has one input length drawn uniformly from the task's range, so no padding or masks are needed.
import * as tf from '@tensorflow/tfjs-core';
import { CancelledError, UserError } from '../errors';
import { yieldToEventLoop } from '../analysis/yieldToEventLoop';
import { adamWUpdate, globalNorm, learningRateAt, newAdamWState } from '../lm/adamw';
import { Rng } from '../lm/rng';
import { openTensorFolder, saveTensorFolder } from '../rnn/tensorFolder';
import { forwardSeq2Seq, initSeq2SeqParams, seq2seqParamSpecs, validateSeq2SeqConfig, type Params, type Seq2SeqArch, type Seq2SeqConfig } from './model';
import { BOS, EOS, encodeWords, getTask, makeBatch, withMaxLength, type Seq2SeqTask } from './tasks';

export interface Seq2SeqTrainOptions {
  steps: number;
  batchSize: number;
  learningRate: number;
  /** Clip the global gradient norm to this (0: off). */
  gradClip: number;
  seed: number;
  /** Test examples per input length for the accuracy table. */
  evalPerLength: number;
}

export function defaultSeq2SeqTrainOptions(): Seq2SeqTrainOptions {
  return { steps: 600, batchSize: 32, learningRate: 1e-2, gradClip: 1, seed: 1, evalPerLength: 40 };
}

export interface LengthAccuracy {
  length: number;
  /** Fraction of test inputs of this length translated exactly (every token and the end marker). */
  accuracy: number;
  /** Fraction of output tokens right. */
  tokenAccuracy: number;
  n: number;
}

export interface Seq2SeqModel {
  task: Seq2SeqTask;
  config: Seq2SeqConfig;
  params: Params;
}

/** Mean cross-entropy of the teacher-forced decoder. Call inside tidy. */
function loss(p: Params, c: Seq2SeqConfig, b: ReturnType<typeof makeBatch>, B: number): tf.Scalar {
  const src = tf.tensor2d(b.src, [B, b.srcLen], 'int32');
  const tgtIn = tf.tensor2d(b.tgtIn, [B, b.tgtLen], 'int32');
  const { logits } = forwardSeq2Seq(p, c, src, tgtIn);
  const labels = tf.cast(tf.oneHot(tf.tensor1d(b.tgtOut, 'int32'), c.vocabSize), 'float32');
  return tf.losses.softmaxCrossEntropy(labels, tf.reshape(logits, [-1, c.vocabSize]), undefined, 0, tf.Reduction.MEAN) as tf.Scalar;
}

export interface Seq2SeqStep {
  step: number;
  totalSteps: number;
  loss: number;
}

export async function trainSeq2Seq(a: { taskName: string; maxLength?: number; arch: Seq2SeqArch; config?: Partial<Seq2SeqConfig>; options?: Partial<Seq2SeqTrainOptions>; onStep?: (s: Seq2SeqStep) => void; signal?: AbortSignal }): Promise<Seq2SeqModel & { history: number[] }> {
  const task = withMaxLength(getTask(a.taskName), a.maxLength);
  const o = { ...defaultSeq2SeqTrainOptions(), ...a.options };
  const config = validateSeq2SeqConfig({ ...a.config, arch: a.arch, vocabSize: task.vocab.length });
  const params = initSeq2SeqParams(config, o.seed);
  const opt = newAdamWState(params);
  const rng = new Rng(o.seed * 7919 + 1);
  const names = Object.keys(params);
  const history: number[] = [];
  const sched = { peak: o.learningRate, min: o.learningRate / 10, warmup: Math.min(20, o.steps), total: o.steps };
  try {
    for (let step = 0; step < o.steps; step++) {
      if (step % 10 === 0) await yieldToEventLoop();
      if (a.signal?.aborted) throw new CancelledError();
      const len = task.minLength + rng.int(task.maxLength - task.minLength + 1);
      const b = makeBatch(task, rng, o.batchSize, len);
      const out = tf.tidy(() => tf.valueAndGrads((...ts: tf.Tensor[]) => loss(Object.fromEntries(names.map((n, i) => [n, ts[i]])), config, b, o.batchSize))(names.map((n) => params[n])));
      const l = (await out.value.data())[0];
      const norm = await globalNorm(out.grads);
      if (!Number.isFinite(l) || !Number.isFinite(norm)) {
        tf.dispose([out.value, ...out.grads]);
        throw new UserError(`seq2seq training diverged at step ${step + 1}; try a lower learning rate`);
      }
      const grads = Object.fromEntries(names.map((n, i) => [n, out.grads[i]]));
      const scale = o.gradClip > 0 && norm > o.gradClip ? o.gradClip / norm : 1;
      adamWUpdate(params, grads, opt, learningRateAt(step, sched), { beta1: 0.9, beta2: 0.99, eps: 1e-8, weightDecay: 0 }, new Set(), scale);
      tf.dispose([out.value, ...out.grads]);
      history.push(l);
      a.onStep?.({ step: step + 1, totalSteps: o.steps, loss: l });
    }
  } finally {
    tf.dispose(Object.values(opt.moments));
  }
  return { task, config, params, history };
}

/** Greedy decoding of a batch of equal-length inputs for `steps` steps. src: [B][S] ids → [B][steps] ids. */
export async function greedyDecode(m: Seq2SeqModel, src: number[][], steps: number): Promise<number[][]> {
  const B = src.length;
  const out = src.map(() => [BOS]);
  const srcT = tf.tensor2d(src, [B, src[0].length], 'int32');
  try {
    for (let t = 0; t < steps; t++) {
      const next = tf.tidy(() => {
        const { logits } = forwardSeq2Seq(m.params, m.config, srcT, tf.tensor2d(out, [B, t + 1], 'int32'));
        return tf.argMax(tf.reshape(tf.slice(logits, [0, t, 0], [-1, 1, -1]), [B, -1]), -1);
      });
      const ids = await next.data(); // async: WebGPU cannot read synchronously in Node
      next.dispose();
      out.forEach((row, b) => row.push(ids[b]));
    }
  } finally {
    srcT.dispose();
  }
  return out.map((r) => r.slice(1));
}

/** Accuracy against input length on a seeded test set (the lecture's bottleneck figure, measured). */
export async function accuracyByLength(m: Seq2SeqModel, perLength = 40, seed = 424242): Promise<LengthAccuracy[]> {
  const rows: LengthAccuracy[] = [];
  for (let L = m.task.minLength; L <= m.task.maxLength; L++) {
    const b = makeBatch(m.task, new Rng(seed + L), perLength, L);
    const src = Array.from({ length: perLength }, (_, i) => Array.from(b.src.subarray(i * L, (i + 1) * L)));
    const pred = await greedyDecode(m, src, b.tgtLen);
    let exact = 0;
    let right = 0;
    pred.forEach((row, i) => {
      const want = b.tgtOut.subarray(i * b.tgtLen, (i + 1) * b.tgtLen);
      let all = true;
      row.forEach((id, t) => (id === want[t] ? right++ : (all = false)));
      if (all) exact++;
    });
    rows.push({ length: L, accuracy: exact / perLength, tokenAccuracy: right / (perLength * b.tgtLen), n: perLength });
  }
  return rows;
}

export interface Translation {
  input: string[];
  output: string;
  tokens: string[];
  /** [output token][input token]; rows sum to 1 for the attention variants; null for the fixed-context RNN. */
  alignment: number[][] | null;
  /**
   * Transformer only: every attention pattern as [head][query][key] — 'encoder.self' (input × input),
   * 'decoder.self' (output × output, masked: no query sees a later key), 'decoder.cross' (output × input).
   */
  patterns?: Record<string, number[][][]>;
}

/** Greedy translation of whitespace-separated words, with the decoder's alignment over the input. */
export async function translate(m: Seq2SeqModel, text: string): Promise<Translation> {
  const src = encodeWords(m.task, text);
  const maxSteps = 2 * src.length + 2;
  const ids = (await greedyDecode(m, [src], maxSteps))[0];
  const end = ids.indexOf(EOS);
  const outIds = end >= 0 ? ids.slice(0, end) : ids;
  let alignment: number[][] | null = m.config.arch === 'rnn' ? null : [];
  let patterns: Translation['patterns'];
  if (alignment && outIds.length > 0) {
    const f = tf.tidy(() => {
      const r = forwardSeq2Seq(m.params, m.config, tf.tensor2d([src], [1, src.length], 'int32'), tf.tensor2d([[BOS, ...outIds.slice(0, -1)]], [1, outIds.length], 'int32'));
      return { alignment: r.alignment!, patterns: r.patterns };
    });
    // async reads: WebGPU cannot read synchronously in Node
    alignment = ((await f.alignment.array()) as number[][][])[0];
    if (f.patterns) {
      const entries = await Promise.all(Object.entries(f.patterns).map(async ([k, t]) => [k, ((await t.array()) as number[][][][])[0]] as const));
      patterns = Object.fromEntries(entries);
    }
    tf.dispose([f.alignment, ...Object.values(f.patterns ?? {})]);
  }
  const tokens = outIds.map((i) => m.task.vocab[i]);
  return { input: src.map((i) => m.task.vocab[i]), output: tokens.join(m.task.joiner), tokens, alignment, patterns };
}

export const SEQ2SEQ_KIND = 'model-lens-seq2seq';

export async function saveSeq2Seq(dir: string, m: Seq2SeqModel, extra: { history: number[]; accuracy: LengthAccuracy[]; options: Seq2SeqTrainOptions; trainSeconds: number }): Promise<void> {
  await saveTensorFolder(dir, SEQ2SEQ_KIND, extra.options.steps, { config: { config: m.config, task: m.task.name, maxLength: m.task.maxLength }, training: extra }, { weights: m.params });
}

export function loadSeq2Seq(dir: string): Seq2SeqModel & { accuracy: LengthAccuracy[]; history: number[] } {
  const f = openTensorFolder(dir, SEQ2SEQ_KIND, 'sequence-to-sequence');
  const cj = f.json('config') as { config: Seq2SeqConfig; task: string; maxLength?: number };
  const task = withMaxLength(getTask(cj?.task), cj.maxLength);
  const config = validateSeq2SeqConfig(cj.config);
  if (config.vocabSize !== task.vocab.length) throw new UserError(`the checkpoint in ${dir} does not match the ${task.name} task's vocabulary`);
  const params = f.tensors('weights', new Map(seq2seqParamSpecs(config).map((s) => [s.name, s.shape])));
  if (!params) throw new UserError(`the checkpoint in ${dir} has no weights`);
  const tr = f.json('training') as { accuracy: LengthAccuracy[]; history: number[] };
  return { task, config, params, accuracy: tr?.accuracy ?? [], history: tr?.history ?? [] };
}
