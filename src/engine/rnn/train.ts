// Next-token training of a recurrent LM with truncated back-propagation through time: the transformer's loop
// (AdamW, warm-up + cosine, global-norm clipping, seeded windows, resumable state) around the RNN's forward pass,
// plus the ‖∂L/∂h_t‖-through-time trace the "Inside an RNN" view draws. Saving is the caller's (onCheckpoint).
import * as tf from '@tensorflow/tfjs-core';
import { adamWUpdate, globalNorm, learningRateAt, newAdamWState } from '../lm/adamw';
import { CancelledError, UserError } from '../errors';
import { yieldToEventLoop } from '../analysis/yieldToEventLoop';
import { oneHotF32 } from '../lm/model';
import { Rng } from '../lm/rng';
import { defaultTrainOptions, sampleBatch, splitCorpus, type LossPoint, type StepInfo, type TrainOptions, type TrainState } from '../lm/train';
import { forwardRnn, rnnDecayed, type RecurrentLm, type RnnParams } from './model';
import type { RnnConfig } from './config';

/** Recurrent defaults: a higher learning rate than the transformer's and no weight decay (small cells underfit first). */
export function defaultRnnTrainOptions(): TrainOptions {
  return { ...defaultTrainOptions(), learningRate: 1e-2, minLearningRate: 1e-3, warmupSteps: 10, weightDecay: 0, gradClip: 1 };
}

/** Mean next-token cross-entropy (nats) over every position. x: [B, T] int32, y: [B·T] int32. Call inside tidy. */
export function rnnLoss(p: RnnParams, c: RnnConfig, x: tf.Tensor2D, y: tf.Tensor1D, probe?: tf.Tensor3D, lastOnly = false): tf.Scalar {
  const { logits } = forwardRnn(p, c, x, { probe, lastOnly }); // [B, T, V] or [B, 1, V]
  const V = c.vocabSize;
  const targets = lastOnly ? tf.reshape(tf.slice(tf.reshape(y, [x.shape[0], x.shape[1]]), [0, x.shape[1] - 1], [-1, 1]), [-1]) : y;
  return tf.losses.softmaxCrossEntropy(oneHotF32(targets as tf.Tensor1D, V), tf.reshape(logits, [-1, V]), undefined, 0, tf.Reduction.MEAN) as tf.Scalar;
}

/**
 * ‖∂L_T/∂h_t‖ for t = 1…T, where L_T is the loss of the last prediction in the window (batch mean) and h_t the top
 * layer's hidden state: how much each earlier state still matters to the last prediction (Bengio et al. 1994,
 * Pascanu et al. 2013). A fast fall towards 0 is the vanishing gradient; a rise, the exploding one.
 */
export async function gradientThroughTime(model: RecurrentLm, x: Int32Array, y: Int32Array, B: number, T: number): Promise<number[]> {
  const H = model.config.dHidden;
  const norms = tf.tidy(() => {
    const xt = tf.tensor2d(x, [B, T], 'int32');
    const yt = tf.tensor1d(y, 'int32');
    const g = tf.grad((probe: tf.Tensor) => rnnLoss(model.params, model.config, xt, yt, probe as tf.Tensor3D, true))(tf.zeros([T, B, H])); // [T, B, H]
    return tf.sqrt(tf.sum(tf.square(g), [1, 2])); // [T]
  });
  const out = Array.from(await norms.data());
  norms.dispose();
  return out;
}

export interface RnnStepInfo extends StepInfo {
  /** ‖∂L_T/∂h_t‖ per position t of this step's first window, when traced this step. */
  gradThroughTime?: number[];
}

export interface RnnTrainArgs {
  model: RecurrentLm;
  ids: ArrayLike<number>;
  options?: Partial<TrainOptions>;
  /** A checkpoint's state to resume from (its options win, except `steps`). */
  state?: TrainState;
  /** Trace ‖∂L/∂h_t‖ every N steps (and at the last step); 0: never. */
  traceEvery?: number;
  onStep?: (s: RnnStepInfo) => void | Promise<void>;
  onCheckpoint?: (s: TrainState) => Promise<void>;
  signal?: AbortSignal;
}

export function initialRnnTrainState(model: RecurrentLm, options: Partial<TrainOptions> = {}): TrainState {
  const opts = { ...defaultRnnTrainOptions(), ...options };
  return { step: 0, rngState: new Rng(opts.seed).state, optimizer: newAdamWState(model.params), history: [], tokensSeen: 0, trainSeconds: 0, options: opts };
}

/** Mean validation loss over fixed windows (own seeded RNG so evaluating never shifts training batches). */
async function validationLoss(model: RecurrentLm, data: Int32Array, B: number, batches: number): Promise<number> {
  const rng = new Rng(12345);
  const T = Math.min(model.config.contextLength, data.length - 1);
  let sum = 0;
  for (let i = 0; i < batches; i++) {
    const { x, y } = sampleBatch(data, B, T, rng);
    const l = tf.tidy(() => rnnLoss(model.params, model.config, tf.tensor2d(x, [B, T], 'int32'), tf.tensor1d(y, 'int32')));
    sum += (await l.data())[0];
    l.dispose();
  }
  return sum / batches;
}

/** Train `model` in place; resolves with the final state, rejects with CancelledError (after a checkpoint) or UserError. */
export async function trainRnn(a: RnnTrainArgs): Promise<TrainState> {
  const { model, signal } = a;
  const opts: TrainOptions = a.state ? { ...a.state.options, steps: a.options?.steps ?? a.state.options.steps } : { ...defaultRnnTrainOptions(), ...a.options };
  const state = a.state ?? initialRnnTrainState(model, opts);
  state.options = opts;
  const { train, val } = splitCorpus(a.ids, opts.valFraction);
  const T = Math.min(model.config.contextLength, train.length - 1);
  if (T < 1) throw new UserError(`the corpus is too short to train on (${a.ids.length} tokens)`);
  const B = opts.batchSize;
  const decay = rnnDecayed(model.config);
  const names = Object.keys(model.params);
  const rng = Rng.fromState(state.rngState);
  const sched = { peak: opts.learningRate, min: opts.minLearningRate, warmup: opts.warmupSteps, total: opts.steps };
  const checkpoint = async () => {
    state.rngState = rng.state;
    if (a.onCheckpoint) await a.onCheckpoint(state);
  };
  while (state.step < opts.steps) {
    await yieldToEventLoop();
    if (signal?.aborted) {
      await checkpoint();
      throw new CancelledError();
    }
    const t0 = performance.now();
    const lr = learningRateAt(state.step, sched);
    const { x, y } = sampleBatch(train, B, T, rng);
    const step = state.step + 1;
    const last = step === opts.steps;
    const trace = (a.traceEvery ?? 0) > 0 && (step % a.traceEvery! === 0 || last || step === 1) ? (await gradientThroughTime(model, x, y, B, T)) : undefined;
    const out = tf.tidy(() => {
      const xt = tf.tensor2d(x, [B, T], 'int32');
      const yt = tf.tensor1d(y, 'int32');
      const f = (...ts: tf.Tensor[]) => {
        const p: RnnParams = {};
        names.forEach((n, i) => (p[n] = ts[i]));
        return rnnLoss(p, model.config, xt, yt);
      };
      return tf.valueAndGrads(f)(names.map((n) => model.params[n]));
    });
    const loss = (await out.value.data())[0];
    const norm = await globalNorm(out.grads);
    if (!Number.isFinite(loss) || !Number.isFinite(norm)) {
      out.value.dispose();
      tf.dispose(out.grads);
      throw new UserError(`Training diverged at step ${step}: the ${Number.isFinite(loss) ? 'gradient' : 'loss'} became NaN or infinite. Try a lower learning rate or turn gradient clipping on.`);
    }
    const grads: Record<string, tf.Tensor> = {};
    names.forEach((n, i) => (grads[n] = out.grads[i]));
    // global-norm clipping (Pascanu et al. 2013): what keeps exploding gradients through time from wrecking a step
    const scale = opts.gradClip > 0 && norm > opts.gradClip ? opts.gradClip / norm : 1;
    adamWUpdate(model.params, grads, state.optimizer, lr, opts, decay, scale);
    out.value.dispose();
    tf.dispose(out.grads);
    const dt = (performance.now() - t0) / 1000;
    state.step = step;
    state.tokensSeen += B * T;
    state.trainSeconds += dt;
    const point: LossPoint = { step, loss, lr };
    if (opts.evalEvery > 0 && (step % opts.evalEvery === 0 || last) && val.length > 1) point.valLoss = await validationLoss(model, val, B, opts.evalBatches);
    state.history.push(point);
    await a.onStep?.({ step, totalSteps: opts.steps, loss, valLoss: point.valLoss, lr, gradNorm: norm, tokensPerSec: (B * T) / dt, gradThroughTime: trace });
    if (last || (opts.checkpointEvery > 0 && step % opts.checkpointEvery === 0)) await checkpoint();
  }
  state.rngState = rng.state;
  return state;
}
