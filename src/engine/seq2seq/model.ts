// Encoder–decoder models for the seq2seq tasks, three variants behind one forward pass (teacher-forced logits plus the
// decoder's alignment over the input): an RNN with one fixed context vector, an RNN with additive attention, and a
// compact transformer with cross-attention. Each variant's maths lives in its own file.
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { UserError } from '../errors';
import { Rng } from '../lm/rng';
import { rnnEncDecSpecs, forwardRnnEncDec } from './rnnEncDec';
import { transformerEncDecSpecs, forwardTransformerEncDec } from './transformerEncDec';

export type Seq2SeqArch = 'rnn' | 'rnn-attention' | 'transformer';
export const SEQ2SEQ_ARCHS: readonly Seq2SeqArch[] = ['rnn', 'rnn-attention', 'transformer'];

export interface Seq2SeqConfig {
  arch: Seq2SeqArch;
  vocabSize: number;
  /** Hidden size of the GRUs, or dModel of the transformer. */
  dHidden: number;
  /** Transformer only: heads and feed-forward width. */
  nHeads: number;
  dFF: number;
  /** Longest sequence the transformer's sinusoidal positions cover. */
  maxPositions: number;
}

export function defaultSeq2SeqConfig(arch: Seq2SeqArch, vocabSize: number): Seq2SeqConfig {
  return { arch, vocabSize, dHidden: 48, nHeads: 2, dFF: 96, maxPositions: 64 };
}

export function validateSeq2SeqConfig(c: Partial<Seq2SeqConfig>): Seq2SeqConfig {
  if (!SEQ2SEQ_ARCHS.includes(c.arch as Seq2SeqArch)) throw new UserError(`seq2seq arch must be one of ${SEQ2SEQ_ARCHS.join(', ')}, got ${JSON.stringify(c.arch)}`);
  const full = { ...defaultSeq2SeqConfig(c.arch as Seq2SeqArch, c.vocabSize ?? 0), ...c } as Seq2SeqConfig;
  for (const k of ['vocabSize', 'dHidden', 'nHeads', 'dFF', 'maxPositions'] as const) {
    if (!Number.isInteger(full[k]) || full[k] < 1 || full[k] > 1e5) throw new UserError(`seq2seq config: ${k} must be a positive integer, got ${JSON.stringify(full[k])}`);
  }
  if (full.arch === 'transformer' && full.dHidden % full.nHeads !== 0) throw new UserError(`seq2seq config: dHidden (${full.dHidden}) must be divisible by nHeads (${full.nHeads})`);
  return full;
}

export type Params = Record<string, tf.Tensor>;

export function seq2seqParamSpecs(c: Seq2SeqConfig): { name: string; shape: number[] }[] {
  return c.arch === 'transformer' ? transformerEncDecSpecs(c) : rnnEncDecSpecs(c);
}

/** Seeded init: uniform(−1/√fanIn, 1/√fanIn) for matrices, zeros for biases, ones for layer-norm gains. */
export function initSeq2SeqParams(c: Seq2SeqConfig, seed: number): Params {
  const rng = new Rng(seed);
  const out: Params = {};
  for (const s of seq2seqParamSpecs(c)) {
    const n = s.shape.reduce((a, b) => a * b, 1);
    const data = new Float32Array(n);
    if (s.name.endsWith('.g')) data.fill(1);
    else if (s.shape.length === 2) {
      const k = 1 / Math.sqrt(s.shape[0] === c.vocabSize ? c.dHidden : s.shape[0]);
      for (let i = 0; i < n; i++) data[i] = (2 * rng.next() - 1) * k;
    }
    out[s.name] = tf.tensor(data, s.shape, 'float32');
  }
  return out;
}

export interface Seq2SeqForward {
  /** [B, T, V] */
  logits: tf.Tensor3D;
  /** [B, T, S]: decoder step × input position weights (rows sum to 1); undefined for the fixed-context RNN. */
  alignment?: tf.Tensor3D;
  /** Transformer only: named attention patterns [B, heads, q, k] (encoder self, decoder masked self, cross). */
  patterns?: Record<string, tf.Tensor4D>;
}

/** Teacher-forced forward pass. src: [B, S] int32; tgtIn: [B, T] int32 (<s> y₁ … y_{T−1}). */
export function forwardSeq2Seq(p: Params, c: Seq2SeqConfig, src: tf.Tensor2D, tgtIn: tf.Tensor2D): Seq2SeqForward {
  return c.arch === 'transformer' ? forwardTransformerEncDec(p, c, src, tgtIn) : forwardRnnEncDec(p, c, src, tgtIn);
}

/** A one-hot [N, V] times a [V, d] table: the embedding lookup whose gradient every backend has. */
export function embed(ids: tf.Tensor2D, table: tf.Tensor, V: number): tf.Tensor3D {
  const [B, T] = ids.shape;
  const oh = tf.cast(tf.oneHot(tf.reshape(ids, [-1]) as tf.Tensor1D, V), 'float32') as tf.Tensor2D;
  return tf.reshape(tf.matMul(oh, table as tf.Tensor2D), [B, T, -1]) as tf.Tensor3D;
}

/** x [B, T, d] @ w [d, e] (+ b) → [B, T, e]. */
export function dense(x: tf.Tensor3D, w: tf.Tensor, b?: tf.Tensor): tf.Tensor3D {
  const [B, T, d] = x.shape;
  let y: tf.Tensor = tf.matMul(tf.reshape(x, [B * T, d]) as tf.Tensor2D, w as tf.Tensor2D);
  if (b) y = tf.add(y, b);
  return tf.reshape(y, [B, T, -1]) as tf.Tensor3D;
}
