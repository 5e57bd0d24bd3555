// A compact transformer encoder–decoder (Vaswani et al. 2017) for the seq2seq tasks: one encoder layer (self-attention),
// one decoder layer (masked self-attention, then cross-attention to the encoder), pre-norm, sinusoidal positions.
// Kept apart from the decoder-only LM in src/engine/lm on purpose: it is the comparison model of this room only.
import * as tf from '@tensorflow/tfjs-core';
import { sinusoidalTable } from '../lm/model';
import { dense, embed, type Params, type Seq2SeqConfig, type Seq2SeqForward } from './model';

const ATTN = ['q', 'k', 'v', 'o'];

export function transformerEncDecSpecs(c: Seq2SeqConfig): { name: string; shape: number[] }[] {
  const d = c.dHidden;
  const attn = (pre: string) => ATTN.flatMap((m) => [{ name: `${pre}.w${m}`, shape: [d, d] }]);
  const ln = (pre: string) => [{ name: `${pre}.g`, shape: [d] }, { name: `${pre}.b`, shape: [d] }];
  const ffn = (pre: string) => [{ name: `${pre}.w1`, shape: [d, c.dFF] }, { name: `${pre}.b1`, shape: [c.dFF] }, { name: `${pre}.w2`, shape: [c.dFF, d] }, { name: `${pre}.b2`, shape: [d] }];
  return [
    { name: 'enc.emb', shape: [c.vocabSize, d] },
    { name: 'dec.emb', shape: [c.vocabSize, d] },
    ...ln('enc.ln1'), ...attn('enc.self'), ...ln('enc.ln2'), ...ffn('enc.ffn'), ...ln('enc.lnf'),
    ...ln('dec.ln1'), ...attn('dec.self'), ...ln('dec.ln2'), ...attn('dec.cross'), ...ln('dec.ln3'), ...ffn('dec.ffn'), ...ln('dec.lnf'),
    { name: 'out.w', shape: [d, c.vocabSize] },
    { name: 'out.b', shape: [c.vocabSize] },
  ];
}

/** Layer norm (Ba et al. 2016) over the last axis. */
function layerNorm(x: tf.Tensor3D, p: Params, pre: string): tf.Tensor3D {
  const { mean, variance } = tf.moments(x, -1, true);
  return tf.add(tf.mul(tf.div(tf.sub(x, mean), tf.sqrt(tf.add(variance, 1e-5))), p[`${pre}.g`]), p[`${pre}.b`]) as tf.Tensor3D;
}

/** Multi-head scaled dot-product attention softmax(QKᵀ/√d_h)V. q: [B, Tq, d], kv: [B, Tk, d] → out [B, Tq, d], pattern [B, h, Tq, Tk]. */
function attention(q: tf.Tensor3D, kv: tf.Tensor3D, p: Params, pre: string, nHeads: number, causal: boolean): { out: tf.Tensor3D; pattern: tf.Tensor4D } {
  const [B, Tq, d] = q.shape;
  const Tk = kv.shape[1];
  const dh = d / nHeads;
  const heads = (x: tf.Tensor3D, T: number) => tf.transpose(tf.reshape(x, [B, T, nHeads, dh]), [0, 2, 1, 3]) as tf.Tensor4D; // [B, h, T, dh]
  const Q = heads(dense(q, p[`${pre}.wq`]), Tq);
  const K = heads(dense(kv, p[`${pre}.wk`]), Tk);
  const V = heads(dense(kv, p[`${pre}.wv`]), Tk);
  let scores = tf.div(tf.matMul(Q, K, false, true), Math.sqrt(dh)) as tf.Tensor4D; // [B, h, Tq, Tk]
  if (causal) {
    const mask = tf.linalg.bandPart(tf.ones([Tq, Tk]), -1, 0); // 1 on and below the diagonal
    scores = tf.add(scores, tf.mul(tf.sub(1, mask), -1e9)) as tf.Tensor4D;
  }
  const pattern = tf.softmax(scores) as tf.Tensor4D;
  const z = tf.reshape(tf.transpose(tf.matMul(pattern, V), [0, 2, 1, 3]), [B, Tq, d]) as tf.Tensor3D;
  return { out: dense(z, p[`${pre}.wo`]), pattern };
}

function ffn(x: tf.Tensor3D, p: Params, pre: string): tf.Tensor3D {
  return dense(tf.relu(dense(x, p[`${pre}.w1`], p[`${pre}.b1`])) as tf.Tensor3D, p[`${pre}.w2`], p[`${pre}.b2`]);
}

function withPositions(x: tf.Tensor3D): tf.Tensor3D {
  const [, T, d] = x.shape;
  return tf.add(tf.mul(x, Math.sqrt(d)), tf.tensor2d(sinusoidalTable(T, d), [T, d])) as tf.Tensor3D;
}

export function forwardTransformerEncDec(p: Params, c: Seq2SeqConfig, src: tf.Tensor2D, tgtIn: tf.Tensor2D): Seq2SeqForward {
  const h = c.nHeads;
  let x = withPositions(embed(src, p['enc.emb'], c.vocabSize)); // [B, S, d]
  const encSelf = attention(layerNorm(x, p, 'enc.ln1'), layerNorm(x, p, 'enc.ln1'), p, 'enc.self', h, false);
  x = tf.add(x, encSelf.out) as tf.Tensor3D;
  x = tf.add(x, ffn(layerNorm(x, p, 'enc.ln2'), p, 'enc.ffn')) as tf.Tensor3D;
  const enc = layerNorm(x, p, 'enc.lnf');
  let y = withPositions(embed(tgtIn, p['dec.emb'], c.vocabSize)); // [B, T, d]
  const a = layerNorm(y, p, 'dec.ln1');
  const decSelf = attention(a, a, p, 'dec.self', h, true);
  y = tf.add(y, decSelf.out) as tf.Tensor3D;
  const cross = attention(layerNorm(y, p, 'dec.ln2'), enc, p, 'dec.cross', h, false);
  y = tf.add(y, cross.out) as tf.Tensor3D;
  y = tf.add(y, ffn(layerNorm(y, p, 'dec.ln3'), p, 'dec.ffn')) as tf.Tensor3D;
  const logits = dense(layerNorm(y, p, 'dec.lnf'), p['out.w'], p['out.b']);
  // the alignment shown for the transformer: cross-attention averaged over heads, [B, T, S]
  return { logits, alignment: tf.mean(cross.pattern, 1) as tf.Tensor3D, patterns: { 'encoder.self': encSelf.pattern, 'decoder.self': decSelf.pattern, 'decoder.cross': cross.pattern } };
}
