// One attention sublayer of the transformer, for every family: q/k/v projections (grouped kv heads, optional biases),
// per-head q/k RMSNorm, RoPE, scaled scores with optional soft-capping, causal / sliding-window / key-padding masks,
// softmax, ·V and the output projection. The fused wasm kernel runs it when no mask, cap or cache needs the reference path.
import * as tf from '@tensorflow/tfjs-core';
import { headDim, kvHeadCount, type LayerAttention, type TransformerConfig } from './config';
import { fusedAttention, fusedAttentionAvailable } from './ops/attention';
import { rmsNorm } from './ops/norms';
import { applyRope } from './rope';
import type { ParamMap } from './params';

/** Large negative added to masked scores (exp underflows to exactly 0; -Infinity would not survive JSON). */
export const MASK_VALUE = -1e9;

/** What one forward pass shares between its layers: shapes, per-kind masks and rotary tables, and the helpers. */
export interface ForwardContext {
  B: number;
  T: number;
  /** B · T */
  N: number;
  /** Rotary cos/sin [T, dh/2] per layer kind (global, sliding), when positional = rope. */
  rope?: Record<LayerAttention, { cos: tf.Tensor2D; sin: tf.Tensor2D }>;
  /** Additive [T, T] mask of a layer kind (causal and/or sliding band), built on first use; undefined = nothing masked. */
  mask: (kind: LayerAttention) => tf.Tensor2D | undefined;
  /** Additive key-padding mask [B, 1, 1, T] (0 for real keys, MASK_VALUE for padding), or undefined. */
  keyPadding?: tf.Tensor4D;
  /** Whether anything reads per-head activations (then the fused kernel is skipped). */
  caching: boolean;
  /** Key/value cache for incremental decoding: the T new positions start at kv.past; see KvCache. */
  kv?: KvCache;
  drop: (x: tf.Tensor2D) => tf.Tensor2D;
  save: (name: string, t: tf.Tensor, shape?: number[]) => void;
}

/**
 * Keys and values of the positions already processed, per layer (after k-norm and RoPE): k[i], v[i] are
 * [B, Hkv, past, dh]. A forward pass with it processes only the new positions and replaces k[i]/v[i] with the
 * extended tensors (the caller disposes the old ones; Transformer.forward does). Generation then costs one
 * position per token instead of the whole prefix (the KV cache of every decoder implementation).
 */
export interface KvCache {
  past: number;
  k: tf.Tensor4D[];
  v: tf.Tensor4D[];
}

/** x @ w (+ b); x: [N, in], w: [in, out]. */
export type Linear = (x: tf.Tensor2D, w: tf.Tensor, b?: tf.Tensor) => tf.Tensor2D;

/**
 * The additive [T, past + T] mask of one layer kind: key j hidden from query i (at position past + i) when j > past + i
 * (causal) or |past + i − j| ≥ window (sliding). past = 0: the square [T, T] mask of a full pass.
 */
export function attentionMaskTable(T: number, causal: boolean, window: number | undefined, past = 0): Float32Array | undefined {
  if (!causal && !window) return undefined;
  const L = past + T;
  const m = new Float32Array(T * L);
  for (let i = 0; i < T; i++) {
    for (let j = 0; j < L; j++) {
      const future = causal && j > past + i;
      const far = window !== undefined && window > 0 && Math.abs(past + i - j) >= window;
      if (future || far) m[i * L + j] = MASK_VALUE;
    }
  }
  return m;
}

/** s → cap · tanh(s / cap) (Gemma 2 soft-capping). */
function softcap(s: tf.Tensor, cap: number | null): tf.Tensor {
  return cap === null ? s : tf.mul(tf.tanh(tf.div(s, cap)), cap);
}

/**
 * Attention output [N, d] (before the residual add) of layer `i` for the normed input h: [N, d].
 * Cache (per query head H, per kv head Hkv): attn.q [B, H, T, dh] (after q-norm and RoPE), attn.k / attn.v [B, Hkv, T, dh],
 * attn.scores [B, H, q, k] (scaled, capped, masked, before softmax), attn.pattern [B, H, q, k], attn.z [B, H, T, dh].
 */
export function attentionWith(p: ParamMap, c: TransformerConfig, i: number, h: tf.Tensor2D, ctx: ForwardContext, linear: Linear): tf.Tensor2D {
  const { B, T, N } = ctx;
  const H = c.nHeads;
  const Hkv = kvHeadCount(c);
  const g = H / Hkv; // query heads per kv head
  const dh = headDim(c);
  const bp = `blocks.${i}.attn`;
  const name = (sub: string) => `blocks.${i}.${sub}`;
  const std = c.attention === 'standard';
  const kind: LayerAttention = c.layerTypes?.[i] ?? 'global';
  const scale = std ? (c.attnScale ?? 1 / Math.sqrt(dh)) : 1;
  const proj = (m: 'q' | 'k' | 'v') => (std ? linear(h, p[`${bp}.w${m}`], p[`${bp}.b${m}`]) : h); // [N, heads·dh]
  const headNorm = (t: tf.Tensor2D, which: 'qNorm' | 'kNorm', heads: number) =>
    c.qkNorm ? (tf.reshape(rmsNorm(tf.reshape(t, [N * heads, dh]) as tf.Tensor2D, p[`${bp}.${which}.g`], c.layerNormEpsilon), [N, heads * dh]) as tf.Tensor2D) : t;
  const q2 = headNorm(proj('q'), 'qNorm', H);
  const k2 = headNorm(proj('k'), 'kNorm', Hkv);
  const v2 = proj('v');
  const rope = ctx.rope?.[kind];
  const output = (merged: tf.Tensor2D) => ctx.drop(std ? linear(merged, p[`${bp}.wo`], p[`${bp}.bo`]) : merged); // [N, d]

  const fusable = !ctx.kv && !ctx.caching && !ctx.keyPadding && kind === 'global' && c.attnLogitSoftcap === null && fusedAttentionAvailable(dh);
  if (fusable) {
    // same maths as below, without the [B, H, T, dh] transposes or the [B, H, T, T] batched matmuls (ops/attention.ts)
    let q = q2;
    let k = k2;
    if (rope) {
      const cos = tf.reshape(rope.cos, [T, 1, dh / 2]);
      const sin = tf.reshape(rope.sin, [T, 1, dh / 2]);
      q = tf.reshape(applyRope(tf.reshape(q, [B, T, H, dh]) as tf.Tensor4D, cos, sin), [N, H * dh]) as tf.Tensor2D;
      k = tf.reshape(applyRope(tf.reshape(k, [B, T, Hkv, dh]) as tf.Tensor4D, cos, sin), [N, Hkv * dh]) as tf.Tensor2D;
    }
    // the kernel wants one k/v per query head: repeat each kv head g times in place ([N, Hkv, g, dh] → [N, H·dh])
    const widen = (t: tf.Tensor2D) => (g === 1 ? t : (tf.reshape(tf.tile(tf.reshape(t, [N, Hkv, 1, dh]), [1, 1, g, 1]), [N, H * dh]) as tf.Tensor2D));
    const merged = fusedAttention(q, widen(k), widen(v2), { batch: B, seq: T, heads: H, scale, causal: c.causal });
    return output(merged);
  }

  const heads = (t: tf.Tensor2D, n: number) => tf.transpose(tf.reshape(t, [B, T, n, dh]), [0, 2, 1, 3]) as tf.Tensor4D; // [B, n, T, dh]
  let q = heads(q2, H);
  let k = heads(k2, Hkv);
  const v = heads(v2, Hkv);
  let vAll = v;
  if (rope) {
    q = applyRope(q, rope.cos, rope.sin);
    k = applyRope(k, rope.cos, rope.sin);
  }
  let Lk = T; // keys: the past positions (cached) and the new ones
  if (ctx.kv) {
    const kv = ctx.kv;
    if (kv.past > 0) {
      k = tf.concat([kv.k[i], k], 2) as tf.Tensor4D; // [B, Hkv, past + T, dh]
      vAll = tf.concat([kv.v[i], v], 2) as tf.Tensor4D;
    }
    kv.k[i] = tf.keep(k);
    kv.v[i] = tf.keep(vAll);
    Lk = kv.past + T;
  }
  ctx.save(name('attn.q'), q);
  ctx.save(name('attn.k'), k);
  ctx.save(name('attn.v'), v);
  // Grouped heads without copying k/v: the g query heads of kv head j are contiguous, so [B, H, T, dh] viewed as
  // [B, Hkv, g·T, dh] multiplies straight against k [B, Hkv, T, dh] (HF repeat_kv: query head h reads kv head ⌊h/g⌋).
  const grouped = (t: tf.Tensor4D, cols: number) => (g === 1 ? t : (tf.reshape(t, [B, Hkv, g * T, cols]) as tf.Tensor4D));
  const ungrouped = (t: tf.Tensor4D, cols: number) => (g === 1 ? t : (tf.reshape(t, [B, H, T, cols]) as tf.Tensor4D));
  // scaled dot-product (Vaswani et al. 2017): softmax(QKᵀ·scale + mask) V; 'simple' uses raw x_i·x_j
  let scores = ungrouped(tf.matMul(grouped(q, dh), k, false, true) as tf.Tensor4D, Lk); // [B, H, T, Lk]
  if (std) scores = tf.mul(scores, scale);
  scores = softcap(scores, c.attnLogitSoftcap) as tf.Tensor4D;
  const mask = ctx.mask(kind);
  if (mask) scores = tf.add(scores, mask);
  if (ctx.keyPadding) scores = tf.add(scores, ctx.keyPadding);
  ctx.save(name('attn.scores'), scores);
  const pattern = tf.softmax(scores) as tf.Tensor4D; // [B, H, q, k]
  ctx.save(name('attn.pattern'), pattern);
  const z = ungrouped(tf.matMul(grouped(pattern, Lk), vAll) as tf.Tensor4D, dh); // [B, H, T, dh]
  ctx.save(name('attn.z'), z);
  const merged = tf.reshape(tf.transpose(z, [0, 2, 1, 3]), [N, H * dh]) as tf.Tensor2D; // [N, H·dh]
  return output(merged);
}
