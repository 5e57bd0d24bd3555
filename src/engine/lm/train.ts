// Next-token training: cross-entropy, AdamW with warm-up + cosine decay, global-norm clipping, a train/validation split,
// periodic validation loss and samples, seeded batches, cancellation and NaN guards. Saving is the caller's (onCheckpoint).
import * as tf from '@tensorflow/tfjs-core';
import { adamWUpdate, globalNorm, learningRateAt, newAdamWState, type AdamWState } from './adamw';
import { CancelledError, UserError } from '../errors';
import { generate } from './generate';
import { yieldToEventLoop } from '../analysis/yieldToEventLoop';
import { forwardWith, oneHotF32, type Transformer } from './model';
import { decayedParams, type ParamMap } from './params';
import { Rng } from './rng';
import type { Tokenizer } from './tokenizers/types';

export interface TrainOptions {
  steps: number;
  batchSize: number;
  /** Peak learning rate (after warm-up). */
  learningRate: number;
  /** Learning rate at the end of the cosine decay. */
  minLearningRate: number;
  warmupSteps: number;
  weightDecay: number;
  beta1: number;
  beta2: number;
  eps: number;
  /** Clip the global gradient norm to this (0: no clipping). */
  gradClip: number;
  /** Fraction of the corpus (its end) held out for validation. */
  valFraction: number;
  /** Validation loss every N steps (and at the last step); 0: never. */
  evalEvery: number;
  evalBatches: number;
  /** A sample generation every N steps; 0: never. */
  sampleEvery: number;
  sampleLength: number;
  samplePrompt?: string;
  /** onCheckpoint every N steps (and at the end and on cancel); 0: only at the end. */
  checkpointEvery: number;
  seed: number;
}

export function defaultTrainOptions(): TrainOptions {
  return {
    steps: 1000,
    batchSize: 12,
    learningRate: 3e-3,
    minLearningRate: 3e-4,
    warmupSteps: 50,
    weightDecay: 0.1,
    beta1: 0.9,
    beta2: 0.99,
    eps: 1e-8,
    gradClip: 1,
    valFraction: 0.1,
    evalEvery: 100,
    evalBatches: 8,
    sampleEvery: 0,
    sampleLength: 60,
    checkpointEvery: 200,
    seed: 1,
  };
}

export interface LossPoint {
  step: number;
  loss: number;
  valLoss?: number;
  lr: number;
}

/** Everything needed to continue training exactly where it stopped. */
export interface TrainState {
  /** Steps completed. */
  step: number;
  /** Batch-sampling RNG state. */
  rngState: number;
  optimizer: AdamWState;
  history: LossPoint[];
  tokensSeen: number;
  trainSeconds: number;
  options: TrainOptions;
}

export interface StepInfo {
  /** 1-based step just completed. */
  step: number;
  totalSteps: number;
  loss: number;
  valLoss?: number;
  lr: number;
  gradNorm: number;
  tokensPerSec: number;
  sample?: string;
}

export interface TrainArgs {
  model: Transformer;
  tokenizer: Tokenizer;
  /** The whole corpus as token ids. */
  ids: ArrayLike<number>;
  options?: Partial<TrainOptions>;
  /** A state from a checkpoint to resume from (its options win over `options`, except `steps`). */
  state?: TrainState;
  onStep?: (s: StepInfo) => void | Promise<void>;
  onCheckpoint?: (s: TrainState) => Promise<void>;
  signal?: AbortSignal;
}

/** Corpus split: the first (1 − valFraction) for training, the rest for validation. */
export function splitCorpus(ids: ArrayLike<number>, valFraction: number): { train: Int32Array; val: Int32Array } {
  const all = Int32Array.from(ids as ArrayLike<number>);
  const cut = Math.floor(all.length * (1 - valFraction));
  return { train: all.subarray(0, cut), val: all.subarray(cut) };
}

/** B random windows: x = ids[o..o+T), y = ids[o+1..o+T+1). */
export function sampleBatch(data: Int32Array, B: number, T: number, rng: Rng): { x: Int32Array; y: Int32Array } {
  const x = new Int32Array(B * T);
  const y = new Int32Array(B * T);
  const span = data.length - T - 1;
  for (let b = 0; b < B; b++) {
    const o = span > 0 ? rng.int(span + 1) : 0;
    x.set(data.subarray(o, o + T), b * T);
    y.set(data.subarray(o + 1, o + T + 1), b * T);
  }
  return { x, y };
}

/** Mean next-token cross-entropy (nats) of logits for targets y. Call inside tidy. */
export function lossOf(p: ParamMap, model: Transformer, x: tf.Tensor2D, y: tf.Tensor1D, training: boolean, seed = 0): tf.Scalar {
  const V = model.config.vocabSize;
  const logits = forwardWith(p, model.config, x, { training, dropoutSeed: seed }); // [B, T, V]
  return tf.losses.softmaxCrossEntropy(oneHotF32(y, V), tf.reshape(logits, [-1, V]), undefined, 0, tf.Reduction.MEAN) as tf.Scalar;
}

/** Mean loss over fixed validation windows (their own seeded RNG, so evaluation never shifts the training batches). */
export async function evaluateLoss(model: Transformer, data: Int32Array, T: number, B: number, batches: number, seed = 12345): Promise<number> {
  const rng = new Rng(seed);
  const t = Math.min(T, data.length - 1);
  if (t < 1) return NaN;
  let sum = 0;
  for (let i = 0; i < batches; i++) {
    const { x, y } = sampleBatch(data, B, t, rng);
    const l = tf.tidy(() => lossOf(model.params, model, tf.tensor2d(x, [B, t], 'int32'), tf.tensor1d(y, 'int32'), false));
    sum += (await l.data())[0];
    l.dispose();
  }
  return sum / batches;
}

function divergedError(step: number, what: string, lr: number, lastGood: number): UserError {
  return new UserError(
    `Training diverged at step ${step}: the ${what} became NaN or infinite. ` +
      `The last good state (step ${lastGood}) is kept. Try a lower learning rate (now ${lr.toPrecision(3)}; e.g. ${(lr / 3).toPrecision(2)}).`,
  );
}

/** A fresh training state (step 0, zero Adam moments) for `model`. */
export function initialTrainState(model: Transformer, options: Partial<TrainOptions> = {}): TrainState {
  const opts = { ...defaultTrainOptions(), ...options };
  return { step: 0, rngState: new Rng(opts.seed).state, optimizer: newAdamWState(model.params), history: [], tokensSeen: 0, trainSeconds: 0, options: opts };
}

/** Train `model` in place. Resolves with the final state; rejects with CancelledError (after a checkpoint) or UserError. */
export async function trainLm(a: TrainArgs): Promise<TrainState> {
  const { model, tokenizer, signal } = a;
  const opts: TrainOptions = a.state ? { ...a.state.options, steps: a.options?.steps ?? a.state.options.steps } : { ...defaultTrainOptions(), ...a.options };
  const state: TrainState = a.state ?? initialTrainState(model, opts);
  state.options = opts;
  const { train, val } = splitCorpus(a.ids, opts.valFraction);
  const T = Math.min(model.config.contextLength, train.length - 1);
  if (T < 1) throw new UserError(`the corpus is too short to train on (${a.ids.length} tokens)`);
  const B = opts.batchSize;
  const decay = decayedParams(model.config);
  const names = Object.keys(model.params);
  const rng = Rng.fromState(state.rngState);
  const sched = { peak: opts.learningRate, min: opts.minLearningRate, warmup: opts.warmupSteps, total: opts.steps };
  const checkpoint = async () => {
    state.rngState = rng.state;
    if (a.onCheckpoint) await a.onCheckpoint(state);
  };
  let lastSaved = state.step;
  while (state.step < opts.steps) {
    // A macrotask per step: a cancel, a second request or a prediction arriving over IPC is handled during training.
    await yieldToEventLoop();
    if (signal?.aborted) {
      await checkpoint();
      throw new CancelledError();
    }
    const t0 = performance.now();
    const lr = learningRateAt(state.step, sched);
    const { x, y } = sampleBatch(train, B, T, rng);
    const seed = state.step + 1;
    const out = tf.tidy(() => {
      const xt = tf.tensor2d(x, [B, T], 'int32');
      const yt = tf.tensor1d(y, 'int32');
      const f = (...ts: tf.Tensor[]) => {
        const p: ParamMap = {};
        names.forEach((n, i) => (p[n] = ts[i]));
        return lossOf(p, model, xt, yt, true, seed);
      };
      const { value, grads } = tf.valueAndGrads(f)(names.map((n) => model.params[n]));
      return { value, grads };
    });
    const loss = (await out.value.data())[0];
    const norm = await globalNorm(out.grads);
    const step = state.step + 1;
    if (!Number.isFinite(loss) || !Number.isFinite(norm)) {
      out.value.dispose();
      tf.dispose(out.grads);
      throw divergedError(step, Number.isFinite(loss) ? 'gradient' : 'loss', lr, lastSaved);
    }
    const grads: Record<string, tf.Tensor> = {};
    names.forEach((n, i) => (grads[n] = out.grads[i]));
    const scale = opts.gradClip > 0 && norm > opts.gradClip ? opts.gradClip / norm : 1;
    adamWUpdate(model.params, grads, state.optimizer, lr, opts, decay, scale);
    out.value.dispose();
    tf.dispose(out.grads);
    const dt = (performance.now() - t0) / 1000;
    state.step = step;
    state.tokensSeen += B * T;
    state.trainSeconds += dt;
    const point: LossPoint = { step, loss, lr };
    const last = step === opts.steps;
    if (opts.evalEvery > 0 && (step % opts.evalEvery === 0 || last) && val.length > 1) {
      point.valLoss = await evaluateLoss(model, val, model.config.contextLength, B, opts.evalBatches);
    }
    let sample: string | undefined;
    if (opts.sampleEvery > 0 && (step % opts.sampleEvery === 0 || last)) {
      const prompt = opts.samplePrompt ?? tokenizer.decode(Array.from(train.subarray(0, Math.min(8, train.length))));
      sample = prompt + (await generate(model, tokenizer, prompt, { maxTokens: opts.sampleLength, seed: step, temperature: 0.8, topK: 40 })).text;
    }
    state.history.push(point);
    await a.onStep?.({ step, totalSteps: opts.steps, loss, valLoss: point.valLoss, lr, gradNorm: norm, tokensPerSec: (B * T) / dt, sample });
    if (last || (opts.checkpointEvery > 0 && step % opts.checkpointEvery === 0)) {
      await checkpoint();
      lastSaved = step;
    }
  }
  state.rngState = rng.state;
  return state;
}
