// Masked-language-model training of the encoder (the Transformer with causal: false and its tied unembedding as the
// MLM head): BERT masking, cross-entropy at the chosen positions only, masked-token accuracy, AdamW with warm-up +
// cosine decay and clipping, validation on fixed seeded batches, cancellation. Saving is the caller's (onCheckpoint).
import * as tf from '@tensorflow/tfjs-core';
import { adamWUpdate, globalNorm, learningRateAt, newAdamWState } from '../lm/adamw';
import { CancelledError, UserError } from '../errors';
import { yieldToEventLoop } from '../analysis/yieldToEventLoop';
import { forwardWith, oneHotF32, type Transformer } from '../lm/model';
import { decayedParams, type ParamMap } from '../lm/params';
import { Rng } from '../lm/rng';
import { defaultTrainOptions, splitCorpus, type LossPoint, type TrainOptions, type TrainState } from '../lm/train';
import type { WordPieceTokenizer } from '../lm/tokenizers/wordpiece';
import { maskTokens, sampleEncoderRows, sentenceStarts, type MaskingSpec } from './masking';

export interface MlmTrainOptions extends TrainOptions {
  /** Fraction of tokens chosen for prediction (BERT: 0.15). */
  maskRate: number;
  /** Shortest row length; each batch draws its length from [minLength, contextLength] so [SEP] is not always last. */
  minLength: number;
}

export function defaultMlmTrainOptions(): MlmTrainOptions {
  return { ...defaultTrainOptions(), batchSize: 32, learningRate: 2e-3, minLearningRate: 2e-4, maskRate: 0.15, minLength: 12 };
}

/** A loss point with the masked-token accuracy (fraction of chosen positions whose argmax is the original token). */
export interface MlmLossPoint extends LossPoint {
  acc: number;
  valAcc?: number;
}

export interface MlmStepInfo {
  step: number;
  totalSteps: number;
  loss: number;
  /** Masked-token accuracy of this batch. */
  acc: number;
  valLoss?: number;
  valAcc?: number;
  lr: number;
  gradNorm: number;
  tokensPerSec: number;
}

export interface MlmTrainArgs {
  model: Transformer;
  tokenizer: WordPieceTokenizer;
  /** The corpus as token ids, no specials. */
  ids: ArrayLike<number>;
  options?: Partial<MlmTrainOptions>;
  state?: TrainState;
  onStep?: (s: MlmStepInfo) => void | Promise<void>;
  onCheckpoint?: (s: TrainState) => Promise<void>;
  signal?: AbortSignal;
}

export function maskingSpecFor(tok: WordPieceTokenizer, rate: number): MaskingSpec {
  return { maskId: tok.maskId, vocabSize: tok.vocabSize, specialIds: new Set([tok.padId, tok.unkId, tok.clsId, tok.sepId, tok.maskId]), rate };
}

function enderIds(tok: WordPieceTokenizer): Set<number> {
  return new Set(['.', '!', '?'].map((s) => tok.idOf(s)).filter((i): i is number => i !== undefined));
}

/** The chosen positions of a masked batch (flattened b·T + t) and their original tokens. */
export function chosenRows(m: { targets: Int32Array; weights: Float32Array }): { rows: Int32Array; targets: Int32Array } {
  const rows: number[] = [];
  for (let i = 0; i < m.weights.length; i++) if (m.weights[i] > 0) rows.push(i);
  return { rows: Int32Array.from(rows), targets: Int32Array.from(rows, (i) => m.targets[i]) };
}

/**
 * Mean cross-entropy over the chosen positions, −(1/R) Σ_r log softmax(z_r)[y_r], and their argmax ids [R], inside a
 * tidy. Only the R chosen rows are unembedded (rows: flattened positions, y: their original tokens).
 */
function mlmLoss(p: ParamMap, model: Transformer, x: tf.Tensor2D, rows: tf.Tensor1D, y: tf.Tensor1D, training: boolean, seed: number) {
  const V = model.config.vocabSize;
  const logits = tf.reshape(forwardWith(p, model.config, x, { training, dropoutSeed: seed, rows }), [-1, V]); // [R, V]
  const loss = tf.losses.softmaxCrossEntropy(oneHotF32(y, V), logits, undefined, 0, tf.Reduction.MEAN) as tf.Scalar;
  return { loss, pred: tf.argMax(logits, 1) as tf.Tensor1D };
}

function accuracy(pred: Int32Array, targets: Int32Array): number {
  let hit = 0;
  for (let i = 0; i < pred.length; i++) if (pred[i] === targets[i]) hit++;
  return targets.length ? hit / targets.length : 0;
}

/** Loss and masked-token accuracy on fixed validation rows (their own seeded RNG, full context length). */
export async function evaluateMlm(model: Transformer, tok: WordPieceTokenizer, data: Int32Array, B: number, batches: number, rate = 0.15, seed = 12345): Promise<{ loss: number; acc: number }> {
  const T = Math.min(model.config.contextLength, data.length + 2);
  if (T < 3) return { loss: NaN, acc: NaN };
  const rng = new Rng(seed);
  const starts = sentenceStarts(data, enderIds(tok));
  const spec = maskingSpecFor(tok, rate);
  let loss = 0;
  let hits = 0;
  let chosen = 0;
  for (let i = 0; i < batches; i++) {
    const m = maskTokens(sampleEncoderRows(data, starts, B, T, tok.clsId, tok.sepId, rng), spec, rng);
    if (m.chosen === 0) continue;
    const c = chosenRows(m);
    const out = tf.tidy(() => mlmLoss(model.params, model, tf.tensor2d(m.input, [B, T], 'int32'), tf.tensor1d(c.rows, 'int32'), tf.tensor1d(c.targets, 'int32'), false, 0));
    loss += (await out.loss.data())[0] * m.chosen;
    hits += accuracy((await out.pred.data()) as Int32Array, c.targets) * m.chosen;
    chosen += m.chosen;
    tf.dispose([out.loss, out.pred]);
  }
  return { loss: loss / chosen, acc: hits / chosen };
}

export function initialMlmState(model: Transformer, options: Partial<MlmTrainOptions> = {}): TrainState {
  const opts = { ...defaultMlmTrainOptions(), ...options };
  return { step: 0, rngState: new Rng(opts.seed).state, optimizer: newAdamWState(model.params), history: [], tokensSeen: 0, trainSeconds: 0, options: opts };
}

/** Train the encoder in place. Resolves with the final state; rejects with CancelledError (after a checkpoint) or UserError. */
export async function trainMlm(a: MlmTrainArgs): Promise<TrainState> {
  const { model, tokenizer: tok, signal } = a;
  if (model.config.causal) throw new UserError('masked-language-model training needs an encoder (causal: false)');
  const saved = a.state?.options as MlmTrainOptions | undefined;
  const opts: MlmTrainOptions = saved ? { ...defaultMlmTrainOptions(), ...saved, steps: a.options?.steps ?? saved.steps } : { ...defaultMlmTrainOptions(), ...a.options };
  const state = a.state ?? initialMlmState(model, opts);
  state.options = opts;
  const { train, val } = splitCorpus(a.ids, opts.valFraction);
  const C = model.config.contextLength;
  if (train.length < 4) throw new UserError(`the corpus is too short to train on (${a.ids.length} tokens)`);
  const maxT = Math.min(C, train.length + 2);
  const minT = Math.min(maxT, Math.max(3, opts.minLength));
  const starts = sentenceStarts(train, enderIds(tok));
  const spec = maskingSpecFor(tok, opts.maskRate);
  const B = opts.batchSize;
  const decay = decayedParams(model.config);
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
    const T = minT + rng.int(maxT - minT + 1);
    const m = maskTokens(sampleEncoderRows(train, starts, B, T, tok.clsId, tok.sepId, rng), spec, rng);
    const c = chosenRows(m);
    const seed = state.step + 1;
    const out = tf.tidy(() => {
      const xt = tf.tensor2d(m.input, [B, T], 'int32');
      const rt = tf.tensor1d(c.rows, 'int32');
      const yt = tf.tensor1d(c.targets, 'int32');
      let pred: tf.Tensor1D | undefined;
      const f = (...ts: tf.Tensor[]) => {
        const p: ParamMap = {};
        names.forEach((n, i) => (p[n] = ts[i]));
        const r = mlmLoss(p, model, xt, rt, yt, true, seed);
        pred = tf.keep(r.pred);
        return r.loss;
      };
      const { value, grads } = tf.valueAndGrads(f)(names.map((n) => model.params[n]));
      return { value, grads, pred: pred! };
    });
    const loss = (await out.value.data())[0];
    const acc = accuracy((await out.pred.data()) as Int32Array, c.targets);
    const norm = await globalNorm(out.grads);
    const step = state.step + 1;
    if (!Number.isFinite(loss) || !Number.isFinite(norm)) {
      tf.dispose([out.value, out.pred, ...out.grads]);
      throw new UserError(`Training diverged at step ${step}: the ${Number.isFinite(loss) ? 'gradient' : 'loss'} became NaN or infinite. Try a lower learning rate (now ${lr.toPrecision(3)}).`);
    }
    const grads: Record<string, tf.Tensor> = {};
    names.forEach((n, i) => (grads[n] = out.grads[i]));
    const scale = opts.gradClip > 0 && norm > opts.gradClip ? opts.gradClip / norm : 1;
    adamWUpdate(model.params, grads, state.optimizer, lr, opts, decay, scale);
    tf.dispose([out.value, out.pred, ...out.grads]);
    const dt = (performance.now() - t0) / 1000;
    state.step = step;
    state.tokensSeen += B * T;
    state.trainSeconds += dt;
    const point: MlmLossPoint = { step, loss, acc, lr };
    const last = step === opts.steps;
    if (opts.evalEvery > 0 && (step % opts.evalEvery === 0 || last) && val.length > 4) {
      const v = await evaluateMlm(model, tok, val, B, opts.evalBatches, opts.maskRate);
      point.valLoss = v.loss;
      point.valAcc = v.acc;
    }
    state.history.push(point);
    await a.onStep?.({ step, totalSteps: opts.steps, loss, acc, valLoss: point.valLoss, valAcc: point.valAcc, lr, gradNorm: norm, tokensPerSec: (B * T) / dt });
    if (last || (opts.checkpointEvery > 0 && step % opts.checkpointEvery === 0)) await checkpoint();
  }
  state.rngState = rng.state;
  return state;
}
