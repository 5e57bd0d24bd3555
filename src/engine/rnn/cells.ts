// One time step of each recurrent cell, as tf ops with autodiff: Elman RNN, LSTM, GRU. Inputs arrive already projected
// (x_t W_x + b, computed for all steps at once by the caller), so a step is one h W_h matmul plus element-wise gates.
// Gate columns are stacked in the weight matrices: [gate 0 | gate 1 | …], each dHidden wide.
import * as tf from '@tensorflow/tfjs-core';
import type { RnnArch } from './config';

export interface CellState {
  /** [B, H] */
  h: tf.Tensor2D;
  /** [B, H], LSTM only. */
  c?: tf.Tensor2D;
}

/** What a step exposes to the "Inside an RNN" views, each [B, H]. */
export interface StepGates {
  input?: tf.Tensor2D;
  forget?: tf.Tensor2D;
  output?: tf.Tensor2D;
  reset?: tf.Tensor2D;
  update?: tf.Tensor2D;
}

const cols = (t: tf.Tensor2D, k: number, H: number) => tf.slice(t, [0, k * H], [-1, H]) as tf.Tensor2D;

/** Elman (1990): h_t = tanh(x_t W_xh + h_{t−1} W_hh + b). xp = x_t W_xh + b: [B, H]; wh: [H, H]. */
export function rnnStep(xp: tf.Tensor2D, s: CellState, wh: tf.Tensor2D): { state: CellState; gates: StepGates } {
  return { state: { h: tf.tanh(tf.add(xp, tf.matMul(s.h, wh))) as tf.Tensor2D }, gates: {} };
}

/**
 * LSTM (Hochreiter & Schmidhuber 1997, with a forget gate, Gers et al. 2000):
 * i = σ(·), f = σ(·), g = tanh(·), o = σ(·) of x_t W_x + h_{t−1} W_h + b; c_t = f ⊙ c_{t−1} + i ⊙ g; h_t = o ⊙ tanh(c_t).
 * xp: [B, 4H] in gate order i, f, g, o; wh: [H, 4H].
 */
export function lstmStep(xp: tf.Tensor2D, s: CellState, wh: tf.Tensor2D): { state: CellState; gates: StepGates } {
  const H = s.h.shape[1];
  const z = tf.add(xp, tf.matMul(s.h, wh)) as tf.Tensor2D; // [B, 4H]
  const i = tf.sigmoid(cols(z, 0, H));
  const f = tf.sigmoid(cols(z, 1, H));
  const g = tf.tanh(cols(z, 2, H));
  const o = tf.sigmoid(cols(z, 3, H));
  const c = tf.add(tf.mul(f, s.c!), tf.mul(i, g)) as tf.Tensor2D;
  const h = tf.mul(o, tf.tanh(c)) as tf.Tensor2D;
  return { state: { h, c }, gates: { input: i, forget: f, output: o } };
}

/**
 * GRU (Cho et al. 2014): r = σ(x W_xr + h W_hr + b_r), u = σ(x W_xu + h W_hu + b_u),
 * n = tanh(x W_xn + (r ⊙ h) W_hn + b_n), h_t = u ⊙ h_{t−1} + (1 − u) ⊙ n. xp: [B, 3H] in order r, u, n; wh: [H, 3H].
 */
export function gruStep(xp: tf.Tensor2D, s: CellState, wh: tf.Tensor2D): { state: CellState; gates: StepGates } {
  const H = s.h.shape[1];
  const whRu = tf.slice(wh, [0, 0], [H, 2 * H]) as tf.Tensor2D;
  const whN = tf.slice(wh, [0, 2 * H], [H, H]) as tf.Tensor2D;
  const ru = tf.add(tf.slice(xp, [0, 0], [-1, 2 * H]), tf.matMul(s.h, whRu)) as tf.Tensor2D;
  const r = tf.sigmoid(cols(ru, 0, H));
  const u = tf.sigmoid(cols(ru, 1, H));
  const n = tf.tanh(tf.add(cols(xp, 2, H), tf.matMul(tf.mul(r, s.h), whN)));
  const h = tf.add(tf.mul(u, s.h), tf.mul(tf.sub(1, u), n)) as tf.Tensor2D;
  return { state: { h }, gates: { reset: r, update: u } };
}

export type StepFn = typeof rnnStep;

export function stepFor(arch: RnnArch): StepFn {
  return arch === 'rnn' ? rnnStep : arch === 'lstm' ? lstmStep : gruStep;
}

/** The zero state for a batch of B sequences. */
export function zeroState(arch: RnnArch, B: number, H: number): CellState {
  return arch === 'lstm' ? { h: tf.zeros([B, H]), c: tf.zeros([B, H]) } : { h: tf.zeros([B, H]) };
}
