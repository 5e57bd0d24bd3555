// Classifier training loop: shuffled mini-batches, class-weighted cross-entropy, AdamW with warm-up + cosine decay and
// global-norm clipping (the LM's optimizer), validation metrics each epoch, cancellation. Saving is the caller's (onEpoch).
import * as tf from '@tensorflow/tfjs-core';
import type { EpochMetrics } from '../../protocol/classify';
import { CancelledError, UserError } from '../errors';
import { adamWUpdate, globalNorm, learningRateAt, newAdamWState } from '../lm/adamw';
import { oneHotF32 } from '../lm/model';
import type { ParamMap } from '../lm/params';
import { Rng } from '../lm/rng';
import { classifierDecay, classifierForward, padBatch, weightedCrossEntropy, type ClassifierConfig } from './encoder';
import { classWeights, confusionMatrix, metricsFromConfusion, shuffleInPlace } from './metrics';

export interface ClassifierTrainOptions {
  epochs: number;
  batchSize: number;
  learningRate: number;
  minLearningRate: number;
  /** Fraction of all steps spent warming up. */
  warmupFraction: number;
  weightDecay: number;
  beta1: number;
  beta2: number;
  eps: number;
  gradClip: number;
  seed: number;
}

export function defaultClassifierTrainOptions(): ClassifierTrainOptions {
  return {
    epochs: 8,
    batchSize: 32,
    learningRate: 2e-3,
    minLearningRate: 2e-4,
    warmupFraction: 0.05,
    weightDecay: 0.01,
    beta1: 0.9,
    beta2: 0.99,
    eps: 1e-8,
    gradClip: 1,
    seed: 1,
  };
}

/** Encoded examples: token ids (unpadded) and class ids. */
export interface EncodedSet {
  ids: number[][];
  y: number[];
}

export interface StepReport {
  epoch: number;
  /** 1-based step over the whole run. */
  step: number;
  totalSteps: number;
  loss: number;
  lr: number;
}

export interface ClassifierTrainArgs {
  params: ParamMap;
  config: ClassifierConfig;
  labels: string[];
  train: EncodedSet;
  val: EncodedSet;
  options?: Partial<ClassifierTrainOptions>;
  onStep?: (s: StepReport) => void | Promise<void>;
  /** After each epoch's validation (save a checkpoint here). */
  onEpoch?: (m: EpochMetrics, step: number) => void | Promise<void>;
  signal?: AbortSignal;
}

export interface Prediction {
  /** [N * C] row-major softmax probabilities. */
  probs: Float32Array;
  predicted: number[];
  /** Unweighted mean cross-entropy against `y` (NaN without labels). */
  loss: number;
}

/** Probabilities for encoded texts, in batches (no dropout). */
export async function predictBatches(params: ParamMap, c: ClassifierConfig, ids: number[][], y?: number[], batchSize = 64): Promise<Prediction> {
  const C = c.nClasses;
  const probs = new Float32Array(ids.length * C);
  let nll = 0;
  for (let s = 0; s < ids.length; s += batchSize) {
    const rows = ids.slice(s, s + batchSize);
    const { ids: flat, mask, T } = padBatch(rows, c);
    const p = tf.tidy(() => {
      const logits = classifierForward(params, c, tf.tensor2d(flat, [rows.length, T], 'int32'), tf.tensor2d(mask, [rows.length, T]));
      return tf.softmax(logits);
    });
    const data = (await p.data()) as Float32Array;
    p.dispose();
    probs.set(data, s * C);
    if (y) for (let i = 0; i < rows.length; i++) nll -= Math.log(Math.max(1e-12, data[i * C + y[s + i]]));
  }
  const predicted: number[] = [];
  for (let i = 0; i < ids.length; i++) {
    let best = 0;
    for (let k = 1; k < C; k++) if (probs[i * C + k] > probs[i * C + best]) best = k;
    predicted.push(best);
  }
  return { probs, predicted, loss: y && ids.length ? nll / ids.length : NaN };
}

/** Train in place; resolves with one EpochMetrics per epoch. Rejects with CancelledError or UserError (divergence). */
export async function trainClassifierLoop(a: ClassifierTrainArgs): Promise<EpochMetrics[]> {
  const o = { ...defaultClassifierTrainOptions(), ...a.options };
  const { params, config: c, train, val } = a;
  const C = c.nClasses;
  const B = Math.max(1, Math.min(o.batchSize, train.ids.length));
  const stepsPerEpoch = Math.ceil(train.ids.length / B);
  const totalSteps = stepsPerEpoch * o.epochs;
  const sched = { peak: o.learningRate, min: o.minLearningRate, warmup: Math.max(1, Math.round(totalSteps * o.warmupFraction)), total: totalSteps };
  const weights = classWeights(train.y, C);
  const decay = classifierDecay(c);
  const names = Object.keys(params);
  const opt = newAdamWState(params);
  const rng = new Rng(o.seed);
  const history: EpochMetrics[] = [];
  let step = 0;
  try {
    for (let epoch = 1; epoch <= o.epochs; epoch++) {
      const order = shuffleInPlace(Array.from({ length: train.ids.length }, (_, i) => i), rng);
      let lossSum = 0;
      for (let s = 0; s < order.length; s += B) {
        if (a.signal?.aborted) throw new CancelledError();
        const idx = order.slice(s, s + B);
        const { ids, mask, T } = padBatch(idx.map((i) => train.ids[i]), c);
        const yb = Int32Array.from(idx.map((i) => train.y[i]));
        const wb = Float32Array.from(idx.map((i) => weights[train.y[i]]));
        const lr = learningRateAt(step, sched);
        const seed = step + 1;
        const out = tf.tidy(() => {
          const xt = tf.tensor2d(ids, [idx.length, T], 'int32');
          const mt = tf.tensor2d(mask, [idx.length, T]);
          const yt = oneHotF32(tf.tensor1d(yb, 'int32'), C);
          const wt = tf.tensor1d(wb);
          const f = (...ts: tf.Tensor[]) => {
            const p: ParamMap = {};
            names.forEach((n, i) => (p[n] = ts[i]));
            return weightedCrossEntropy(classifierForward(p, c, xt, mt, { training: true, dropoutSeed: seed }), yt, wt);
          };
          return tf.valueAndGrads(f)(names.map((n) => params[n]));
        });
        const loss = (await out.value.data())[0];
        const norm = await globalNorm(out.grads);
        if (!Number.isFinite(loss) || !Number.isFinite(norm)) {
          out.value.dispose();
          tf.dispose(out.grads);
          throw new UserError(`Training diverged at step ${step + 1} (loss ${loss}); try a lower learning rate than ${o.learningRate}.`);
        }
        const grads: Record<string, tf.Tensor> = {};
        names.forEach((n, i) => (grads[n] = out.grads[i]));
        adamWUpdate(params, grads, opt, lr, o, decay, o.gradClip > 0 && norm > o.gradClip ? o.gradClip / norm : 1);
        out.value.dispose();
        tf.dispose(out.grads);
        step++;
        lossSum += loss * idx.length;
        await a.onStep?.({ epoch, step, totalSteps, loss, lr });
      }
      if (a.signal?.aborted) throw new CancelledError();
      const pv = await predictBatches(params, c, val.ids, val.y);
      const m = metricsFromConfusion(confusionMatrix(val.y, pv.predicted, C), a.labels);
      const em: EpochMetrics = { epoch, trainLoss: lossSum / train.ids.length, valLoss: pv.loss, ...m };
      history.push(em);
      await a.onEpoch?.(em, step);
    }
  } finally {
    tf.dispose(Object.values(opt.moments));
  }
  return history;
}
