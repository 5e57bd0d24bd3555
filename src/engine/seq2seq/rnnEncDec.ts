// GRU encoder–decoders: with one fixed context vector (Sutskever et al. 2014: the decoder starts from the encoder's last
// state and sees nothing else of the input) or with additive attention (Bahdanau et al. 2015: a new context per step,
// e_ij = vᵀ tanh(W s_{i−1} + U h_j), α_ij = softmax_j e_ij, c_i = Σ_j α_ij h_j).
import * as tf from '@tensorflow/tfjs-core';
import { gruStep, type CellState } from '../rnn/cells';
import { dense, embed, type Params, type Seq2SeqConfig, type Seq2SeqForward } from './model';

export function rnnEncDecSpecs(c: Seq2SeqConfig): { name: string; shape: number[] }[] {
  const H = c.dHidden;
  const V = c.vocabSize;
  const att = c.arch === 'rnn-attention';
  return [
    { name: 'enc.wx', shape: [V, 3 * H] },
    { name: 'enc.wh', shape: [H, 3 * H] },
    { name: 'enc.b', shape: [3 * H] },
    { name: 'dec.wx', shape: [V, 3 * H] },
    { name: 'dec.wh', shape: [H, 3 * H] },
    { name: 'dec.b', shape: [3 * H] },
    ...(att
      ? [
          { name: 'dec.wc', shape: [H, 3 * H] },
          { name: 'att.W', shape: [H, H] },
          { name: 'att.U', shape: [H, H] },
          { name: 'att.v', shape: [H, 1] },
        ]
      : []),
    { name: 'out.w', shape: [att ? 2 * H : H, V] },
    { name: 'out.b', shape: [V] },
  ];
}

const at = (x: tf.Tensor3D, t: number) => tf.reshape(tf.slice(x, [0, t, 0], [-1, 1, -1]), [x.shape[0], x.shape[2]]) as tf.Tensor2D;

export function forwardRnnEncDec(p: Params, c: Seq2SeqConfig, src: tf.Tensor2D, tgtIn: tf.Tensor2D): Seq2SeqForward {
  const [B, S] = src.shape;
  const T = tgtIn.shape[1];
  const H = c.dHidden;
  const xs = tf.add(embed(src, p['enc.wx'], c.vocabSize), p['enc.b']) as tf.Tensor3D; // [B, S, 3H]
  let s: CellState = { h: tf.zeros([B, H]) };
  const hs: tf.Tensor2D[] = [];
  for (let j = 0; j < S; j++) {
    s = gruStep(at(xs, j), s, p['enc.wh'] as tf.Tensor2D).state;
    hs.push(s.h);
  }
  const enc = tf.stack(hs, 1) as tf.Tensor3D; // [B, S, H]
  const ys = tf.add(embed(tgtIn, p['dec.wx'], c.vocabSize), p['dec.b']) as tf.Tensor3D; // [B, T, 3H]
  const attention = c.arch === 'rnn-attention';
  const uh = attention ? dense(enc, p['att.U']) : undefined; // [B, S, H], U h_j once for all steps
  const outs: tf.Tensor2D[] = [];
  const alphas: tf.Tensor2D[] = [];
  for (let i = 0; i < T; i++) {
    let xp = at(ys, i);
    let ctx: tf.Tensor2D | undefined;
    if (attention) {
      const ws = tf.expandDims(tf.matMul(s.h, p['att.W'] as tf.Tensor2D), 1); // [B, 1, H]
      const e = tf.reshape(dense(tf.tanh(tf.add(ws, uh!)) as tf.Tensor3D, p['att.v']), [B, S]); // [B, S]
      const alpha = tf.softmax(e) as tf.Tensor2D; // [B, S]
      ctx = tf.sum(tf.mul(tf.expandDims(alpha, 2), enc), 1) as tf.Tensor2D; // [B, H]
      alphas.push(alpha);
      xp = tf.add(xp, tf.matMul(ctx, p['dec.wc'] as tf.Tensor2D)) as tf.Tensor2D;
    }
    s = gruStep(xp, s, p['dec.wh'] as tf.Tensor2D).state;
    outs.push(ctx ? (tf.concat([s.h, ctx], 1) as tf.Tensor2D) : s.h);
  }
  const top = tf.stack(outs, 1) as tf.Tensor3D; // [B, T, H or 2H]
  const logits = dense(top, p['out.w'], p['out.b']);
  return { logits, alignment: attention ? (tf.stack(alphas, 1) as tf.Tensor3D) : undefined };
}
