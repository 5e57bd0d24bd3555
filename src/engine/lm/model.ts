// The one transformer every family runs on (GPT-2, Llama, Qwen2, Gemma 3, BERT-style encoders; every architectural choice
// a config field): embed / attention (attentionLayer.ts) / MLP / norm pieces, logits and a cache of named activations
// (TransformerLens `run_with_cache`). Training, sampling, checkpoints and the HF loaders live in their own files.
import * as tf from '@tensorflow/tfjs-core';
// tfjs-core alone registers no gradients (the tfjs umbrella package does): training needs them.
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { headDim, isGated, validateConfig, type LayerAttention, type TransformerConfig } from './config';
import { blockPrefix, initParams, paramSpecs, type ParamMap } from './params';
import { attentionMaskTable, attentionWith, MASK_VALUE, type ForwardContext, type KvCache } from './attentionLayer';
import { activationFn } from './ops/activations';
import { applyNorm, layerNorm } from './ops/norms';
import { ropeAngles } from './rope';
import { gpuBindingLimit } from '../backends/webgpu';
import { UserError } from '../errors';

export { MASK_VALUE, type KvCache } from './attentionLayer';
export { geluNew } from './ops/activations';
export { ropeAngles } from './rope';

/** Named activations, e.g. `blocks.2.attn.pattern` → [batch, heads, q, k]. The caller disposes them (`disposeCache`). */
export type ActivationCache = Record<string, tf.Tensor>;

/**
 * The one helper that names activations (TransformerLens `get_act_name`): `actName('embed')`,
 * `actName('blocks', 2, 'attn.pattern')` → `blocks.2.attn.pattern`.
 * Per block: resid_pre, ln1, attn.q ([batch, heads, seq, dHead], after q-norm and RoPE), attn.k/attn.v ([batch, kvHeads, seq,
 * dHead]: grouped-query models cache one per kv head), attn.scores (scaled, capped, masked, pre-softmax), attn.pattern
 * ([batch, heads, q, k], one per query head), attn.z, attn_out (what is added to the residual, after a sandwich norm),
 * resid_mid, ln2, mlp_out, resid_post; global: embed (after the embedding scale), token_type_embed, pos_embed, embed_norm, ln_final.
 */
export function actName(name: string, layer?: number, sub?: string): string {
  if (layer === undefined) return name;
  return `${name}.${layer}${sub ? '.' + sub : ''}`;
}

export function disposeCache(cache: ActivationCache | undefined): void {
  if (cache) for (const t of Object.values(cache)) t.dispose();
}

/** Sinusoidal positions (Vaswani et al. 2017): PE[p, 2i] = sin(p / 10000^(2i/d)), PE[p, 2i+1] = cos(…). [T * d] row-major. */
export function sinusoidalTable(T: number, d: number): Float32Array {
  const out = new Float32Array(T * d);
  for (let p = 0; p < T; p++) {
    for (let i = 0; i < d; i++) {
      const freq = Math.pow(10000, -(2 * Math.floor(i / 2)) / d);
      out[p * d + i] = i % 2 === 0 ? Math.sin(p * freq) : Math.cos(p * freq);
    }
  }
  return out;
}

export interface ForwardOptions {
  /** Return the named-activation cache. */
  cache?: boolean;
  /** With `cache`: keep only the activations whose name passes (a large model's full cache can be gigabytes). */
  cacheFilter?: (name: string) => boolean;
  /** Apply dropout (and use the one-hot embedding whose gradient every backend has). */
  training?: boolean;
  /** Seed for dropout masks while training. */
  dropoutSeed?: number;
  /**
   * Only the last position's logits, [batch, 1, vocab]: next-token prediction. For a large vocabulary
   * (GPT-2: 50,257) the unembedding of every position would dominate the forward pass.
   */
  lastOnly?: boolean;
  /**
   * Only these flattened positions (b·seq + t) are unembedded: logits [1, rows, vocab]. Masked-LM training scores the
   * chosen positions only, so the unembedding's cost follows the masking rate rather than the sequence length.
   */
  rows?: tf.Tensor1D;
  /** Return the final hidden states [batch, seq, d] (after the final norm) and skip the unembedding: a classifier's body. */
  hiddenOnly?: boolean;
  /** Key-padding mask [batch, seq] of 0/1: keys marked 0 (padding) get no attention from any query. Default: all 1. */
  attentionMask?: number[][] | tf.Tensor2D;
  /** Segment ids [batch, seq] (BERT token types), each < typeVocabSize. Default: all 0. */
  tokenTypeIds?: number[][] | tf.Tensor2D;
  /**
   * Incremental decoding: ids are the positions after kv.past, attending to the cached keys/values too; the cache is
   * extended in place (Transformer.forward disposes the tensors it replaces). Causal models, past + seq ≤ contextLength.
   */
  kv?: KvCache;
}

export interface ForwardResult {
  /** [batch, seq, vocab] */
  logits: tf.Tensor3D;
  cache?: ActivationCache;
}

type Ids = number[][] | tf.Tensor2D;

/** One-hot rows as float32. (wasm's OneHot kernel returns zeros when asked for float32 directly, so cast.) [N, depth] */
export function oneHotF32(ids: tf.Tensor1D, depth: number): tf.Tensor2D {
  return tf.cast(tf.oneHot(ids, depth), 'float32') as tf.Tensor2D;
}

/**
 * a @ b for 2-D tensors with a gradient that transposes explicitly: wasm's matmul is fast (XNNPACK) only without
 * transpose flags (measured: x@w 18 GFLOP/s, xᵀ@dy with the flag 0.6 GFLOP/s), and tf's default gradient uses the flags.
 */
export const matMul2d = tf.customGrad(((...args: unknown[]) => {
  const [a, b, save] = args as [tf.Tensor, tf.Tensor, tf.GradSaveFunc];
  save([a, b]);
  return {
    value: tf.matMul(a as tf.Tensor2D, b as tf.Tensor2D),
    gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => [
      tf.matMul(dy as tf.Tensor2D, tf.transpose(saved[1]) as tf.Tensor2D),
      tf.matMul(tf.transpose(saved[0]) as tf.Tensor2D, dy as tf.Tensor2D),
    ],
  };
}) as Parameters<typeof tf.customGrad>[0]) as unknown as (a: tf.Tensor2D, b: tf.Tensor2D) => tf.Tensor2D;

/** x @ w (+ b when the model has that bias); x: [N, in], w: [in, out]. */
function linear(x: tf.Tensor2D, w: tf.Tensor, b?: tf.Tensor): tf.Tensor2D {
  const y = matMul2d(x, w as tf.Tensor2D);
  return b ? (tf.add(y, b) as tf.Tensor2D) : y;
}

export class Transformer {
  readonly config: TransformerConfig;
  /** Plain named tensors, owned by the model; see params.ts for the names. */
  params: ParamMap;

  constructor(config: TransformerConfig, params: ParamMap) {
    this.config = validateConfig(config);
    const missing = paramSpecs(this.config).filter((s) => !params[s.name]);
    if (missing.length) throw new Error(`parameters missing: ${missing.map((s) => s.name).join(', ')}`);
    // a tensor larger than one GPU binding would make every op that reads it fail (or return garbage)
    const limit = gpuBindingLimit();
    const big = limit ? Object.entries(params).find(([, t]) => t.size * 4 > limit) : undefined;
    if (big) {
      const mb = (n: number) => `${Math.round(n / 2 ** 20)} MB`;
      throw new UserError(`parameter ${big[0]} is ${mb(big[1].size * 4)}, more than this GPU binds in one buffer (${mb(limit!)}); run this model on another backend (setting modelLens.backend, or --backend wasm)`);
    }
    this.params = params;
  }

  /** A freshly initialised model (seeded). */
  static create(config: Partial<TransformerConfig>, seed = 0): Transformer {
    const c = validateConfig(config);
    const params = initParams(c, seed);
    try {
      return new Transformer(c, params);
    } catch (e) {
      tf.dispose(Object.values(params));
      throw e;
    }
  }

  dispose(): void {
    for (const t of Object.values(this.params)) t.dispose();
  }

  /**
   * Logits [batch, seq, vocab] for token ids [batch, seq] (seq ≤ contextLength), and the named-activation cache when asked.
   * Runs in a tf.tidy; the returned tensors belong to the caller.
   */
  forward(ids: Ids, opts: ForwardOptions = {}): ForwardResult {
    const cache: ActivationCache | undefined = opts.cache ? {} : undefined;
    const before = opts.kv ? [...opts.kv.k, ...opts.kv.v] : [];
    const logits = tf.tidy(() => {
      const idsT = Array.isArray(ids) ? tf.tensor2d(ids, undefined, 'int32') : ids;
      const out = forwardWith(this.params, this.config, idsT, opts, cache);
      if (cache) for (const t of Object.values(cache)) tf.keep(t);
      return out;
    });
    if (opts.kv) {
      // the extended keys/values replaced the old ones
      tf.dispose(before);
      opts.kv.past += Array.isArray(ids) ? ids[0].length : ids.shape[1];
    }
    return { logits, cache };
  }

  /** Final norm + unembedding applied to any residual-stream tensor [..., dModel] → [..., vocab] (logit lens). */
  unembed(resid: tf.Tensor): tf.Tensor {
    return tf.tidy(() => {
      const shape = resid.shape;
      const x = tf.reshape(resid, [-1, this.config.dModel]) as tf.Tensor2D;
      const logits = unembedWith(this.params, this.config, x);
      return tf.reshape(logits, [...shape.slice(0, -1), this.config.vocabSize]);
    });
  }
}

/** The final norm (absent under post-norm, whose last block already ends in one). x: [N, d]. */
function finalNorm(p: ParamMap, c: TransformerConfig, x: tf.Tensor2D): tf.Tensor2D {
  return c.norm === 'post' ? x : applyNorm(c.normKind, p, 'lnF', x, c.layerNormEpsilon);
}

/**
 * h · wteᵀ → [M, V]. For a few rows (next-token prediction, KV-cached decoding) (wte · hᵀ)ᵀ moves M·V floats instead
 * of transposing all of wte (GPT-2: 50,257 × 768 = 154 MB per call); for many rows (training) the transpose of wte
 * is the smaller copy. Same product either way.
 */
function tiedUnembed(h: tf.Tensor2D, wte: tf.Tensor2D): tf.Tensor2D {
  const [M, d] = h.shape;
  if (M * 8 < d) return tf.transpose(matMul2d(wte, tf.transpose(h) as tf.Tensor2D)) as tf.Tensor2D; // [V, M] → [M, V]
  return matMul2d(h, tf.transpose(wte) as tf.Tensor2D);
}

/**
 * Final norm, BERT's MLM transform when present (dense → activation → LayerNorm), then wteᵀ or the separate unembedding,
 * the MLM output bias, and final soft-capping z → cap·tanh(z/cap) when set. x: [N, d] → [N, V].
 */
function unembedWith(p: ParamMap, c: TransformerConfig, x: tf.Tensor2D): tf.Tensor2D {
  let h = finalNorm(p, c, x);
  if (c.mlmHead) {
    h = activationFn(c.activation)(linear(h, p['mlm.w'], p['mlm.b'])) as tf.Tensor2D;
    h = layerNorm(h, p['mlm.ln.g'], p['mlm.ln.b'], c.layerNormEpsilon);
  }
  let logits = c.tiedEmbeddings ? tiedUnembed(h, p.wte as tf.Tensor2D) : matMul2d(h, p.unembed as tf.Tensor2D);
  if (c.mlmHead) logits = tf.add(logits, p['mlm.bOut']) as tf.Tensor2D;
  if (c.finalLogitSoftcap !== null) logits = tf.mul(tf.tanh(tf.div(logits, c.finalLogitSoftcap)), c.finalLogitSoftcap) as tf.Tensor2D;
  return logits;
}

/**
 * Rows of an embedding table for ids, [N, d]. tfjs differentiates gather through UnsortedSegmentSum, which the wasm
 * backend lacks; a one-hot matmul would cost N·V·d each way. So training gathers too, with the gradient written out:
 * ∂L/∂table = Σ_i e_{ids_i} ⊗ ∂L/∂out_i, a scatter-add of the output gradient's rows (ScatterNd sums repeated ids on
 * every backend).
 */
function embedRows(table: tf.Tensor, ids: tf.Tensor1D, rows: number, training: boolean | undefined): tf.Tensor2D {
  return training ? gatherRowsWithGrad(table as tf.Tensor2D, ids, rows) : (tf.gather(table, ids) as tf.Tensor2D);
}

/** table[ids] [N, d] whose gradient is the scatter-add described above (table has `rows` rows). */
function gatherRowsWithGrad(table: tf.Tensor2D, ids: tf.Tensor1D, rows: number): tf.Tensor2D {
  const N = ids.shape[0];
  const index = tf.reshape(ids, [N, 1]) as tf.Tensor2D;
  const d = table.shape[1];
  // The index goes in as an input and is saved: tensors a gradient closes over may be disposed before it runs.
  const f = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const [t, idx, save] = args as [tf.Tensor2D, tf.Tensor2D, tf.GradSaveFunc];
    save([idx]);
    return {
      value: tf.gather(t, tf.reshape(idx, [N])),
      gradFunc: (dy: tf.Tensor | tf.Tensor[], saved: tf.Tensor[]) => [tf.scatterND(saved[0], dy as tf.Tensor, [rows, d]), tf.zerosLike(saved[0])],
    };
  });
  return f(table, index) as tf.Tensor2D;
}

function asIds(v: number[][] | tf.Tensor2D, dtype: 'int32' | 'float32'): tf.Tensor2D {
  return Array.isArray(v) ? tf.tensor2d(v, undefined, dtype) : v;
}

/** Token embedding × embedScale, + token types, + learned/sinusoidal positions, then the embedding norm. → [N, d] */
function embedWith(p: ParamMap, c: TransformerConfig, ids: tf.Tensor2D, opts: ForwardOptions, ctx: ForwardContext): tf.Tensor2D {
  const { B, T, N } = ctx;
  const past = ctx.kv?.past ?? 0;
  const d = c.dModel;
  const flatIds = tf.reshape(ids, [N]) as tf.Tensor1D;
  let tok = embedRows(p.wte, flatIds, c.vocabSize, opts.training); // [N, d]
  // Gemma multiplies by √dModel here; a tied unembedding still uses the unscaled wte, so the scale cannot be folded
  if (c.embedScale !== 1) tok = tf.mul(tok, c.embedScale) as tf.Tensor2D;
  ctx.save(actName('embed'), tok, [B, T, d]);
  let x: tf.Tensor2D = tok;
  if (c.typeVocabSize > 0) {
    const types = opts.tokenTypeIds ? (tf.reshape(asIds(opts.tokenTypeIds, 'int32'), [N]) as tf.Tensor1D) : (tf.zeros([N], 'int32') as tf.Tensor1D);
    const tt = embedRows(p.wtt, types, c.typeVocabSize, opts.training); // [N, d]
    ctx.save(actName('token_type_embed'), tt, [B, T, d]);
    x = tf.add(x, tt);
  }
  if (c.positional === 'learned' || c.positional === 'sinusoidal') {
    const pos =
      c.positional === 'learned'
        ? (tf.slice(p.wpe, [past, 0], [T, d]) as tf.Tensor2D) // [T, d]: positions past … past + T − 1
        : tf.tensor2d(sinusoidalTable(past + T, d).subarray(past * d), [T, d]);
    ctx.save(actName('pos_embed'), tf.broadcastTo(pos, [B, T, d]));
    x = tf.reshape(tf.add(tf.reshape(x, [B, T, d]), pos), [N, d]) as tf.Tensor2D;
  }
  if (c.embeddingNorm) {
    x = applyNorm(c.normKind, p, 'lnE', x, c.layerNormEpsilon);
    ctx.save(actName('embed_norm'), x, [B, T, d]);
  }
  return ctx.drop(x);
}

/** Feed-forward output [N, d] of block i for normed input h: down(act(h W_up)), or down(act(h W_gate) ⊙ h W_up) when gated. */
function mlpWith(p: ParamMap, c: TransformerConfig, i: number, h: tf.Tensor2D, ctx: ForwardContext): tf.Tensor2D {
  const bp = blockPrefix(i);
  const act = activationFn(c.activation);
  const up = linear(h, p[`${bp}.mlp.wUp`], p[`${bp}.mlp.bUp`]); // [N, dFF]
  // gated (Shazeer 2020): SwiGLU with silu (Llama), GeGLU with tanh-GELU (Gemma)
  const hidden = isGated(c) ? tf.mul(act(linear(h, p[`${bp}.mlp.wGate`], p[`${bp}.mlp.bGate`])), up) : act(up); // [N, dFF]
  return ctx.drop(linear(hidden as tf.Tensor2D, p[`${bp}.mlp.wDown`], p[`${bp}.mlp.bDown`])); // [N, d]
}

/** Rotary cos/sin [T, dh/2] for global layers (ropeTheta, ropeScaling) and sliding ones (ropeLocalTheta when set, unscaled). */
function ropeTables(c: TransformerConfig, T: number, past = 0): ForwardContext['rope'] {
  if (c.positional !== 'rope') return undefined;
  const dh = headDim(c);
  const table = (theta: number, scaling: TransformerConfig['ropeScaling']) => {
    // angles of positions past … past + T − 1
    const ang = tf.tensor2d(ropeAngles(past + T, dh, theta, scaling).subarray((past * dh) / 2), [T, dh / 2]);
    return { cos: tf.cos(ang), sin: tf.sin(ang) };
  };
  const global = table(c.ropeTheta, c.ropeScaling);
  const hasSliding = c.layerTypes?.includes('sliding') && c.ropeLocalTheta !== null;
  return { global, sliding: hasSliding ? table(c.ropeLocalTheta as number, null) : global };
}

/**
 * The forward pass as a pure function of the parameters, so training can differentiate it with tf.grads.
 * Call inside tf.tidy. ids: [B, T] int32. Returns logits [B, T, V]; fills `cache` with [B, T, d]-shaped residuals.
 */
export function forwardWith(
  p: ParamMap,
  c: TransformerConfig,
  ids: tf.Tensor2D,
  opts: ForwardOptions,
  cache?: ActivationCache,
): tf.Tensor3D {
  const [B, T] = ids.shape;
  const past = opts.kv?.past ?? 0;
  if (past + T > c.contextLength) throw new Error(`sequence of ${past + T} tokens is longer than the context (${c.contextLength})`);
  if (opts.kv && (!c.causal || opts.attentionMask)) throw new Error('a key/value cache needs a causal model without a padding mask');
  const d = c.dModel;
  const N = B * T;
  let dropCount = 0;
  const masks = new Map<LayerAttention, tf.Tensor2D | undefined>();
  const mask = (kind: LayerAttention) => {
    if (!masks.has(kind)) {
      const m = attentionMaskTable(T, c.causal, kind === 'sliding' ? c.slidingWindow : undefined, past);
      masks.set(kind, m && tf.tensor2d(m, [T, past + T])); // [q, k]
    }
    return masks.get(kind);
  };
  const ctx: ForwardContext = {
    B,
    T,
    N,
    rope: ropeTables(c, T, past),
    kv: opts.kv,
    mask,
    keyPadding: opts.attentionMask
      ? (tf.reshape(tf.mul(tf.sub(1, asIds(opts.attentionMask, 'float32')), MASK_VALUE), [B, 1, 1, T]) as tf.Tensor4D)
      : undefined,
    caching: !!cache,
    drop: (x) => (opts.training && c.dropout > 0 ? (tf.dropout(x, c.dropout, undefined, (opts.dropoutSeed ?? 0) * 997 + dropCount++) as tf.Tensor2D) : x),
    save: (name, t, shape) => {
      if (cache && (!opts.cacheFilter || opts.cacheFilter(name))) cache[name] = shape ? tf.reshape(t, shape) : t;
    },
  };
  const eps = c.layerNormEpsilon;
  const norm = (prefix: string, x: tf.Tensor2D) => applyNorm(c.normKind, p, prefix, x, eps);
  const pre = c.norm !== 'post'; // pre and sandwich normalise each sublayer's input
  let x = embedWith(p, c, ids, opts, ctx); // [N, d]
  for (let i = 0; i < c.nLayers; i++) {
    const bp = blockPrefix(i);
    const name = (sub: string) => actName('blocks', i, sub);
    ctx.save(name('resid_pre'), x, [B, T, d]);
    const h1 = pre ? norm(`${bp}.ln1`, x) : x;
    if (pre) ctx.save(name('ln1'), h1, [B, T, d]);
    let attnOut = attentionWith(p, c, i, h1, ctx, linear); // [N, d]
    if (c.norm === 'sandwich') attnOut = norm(`${bp}.ln1Post`, attnOut);
    ctx.save(name('attn_out'), attnOut, [B, T, d]);
    x = tf.add(x, attnOut);
    if (c.norm === 'post') x = norm(`${bp}.ln1`, x);
    ctx.save(name('resid_mid'), x, [B, T, d]);
    const h2 = pre ? norm(`${bp}.ln2`, x) : x;
    if (pre) ctx.save(name('ln2'), h2, [B, T, d]);
    let mlpOut = mlpWith(p, c, i, h2, ctx); // [N, d]
    if (c.norm === 'sandwich') mlpOut = norm(`${bp}.ln2Post`, mlpOut);
    ctx.save(name('mlp_out'), mlpOut, [B, T, d]);
    x = tf.add(x, mlpOut);
    if (c.norm === 'post') x = norm(`${bp}.ln2`, x);
    ctx.save(name('resid_post'), x, [B, T, d]);
  }
  if (cache || opts.hiddenOnly) {
    const h = tf.reshape(finalNorm(p, c, x), [B, T, d]) as tf.Tensor3D;
    if (cache) ctx.save(actName('ln_final'), h);
    if (opts.hiddenOnly) return h;
  }
  if (opts.rows) {
    const picked = opts.training ? gatherRowsWithGrad(x, opts.rows, N) : (tf.gather(x, opts.rows) as tf.Tensor2D); // [R, d]
    return tf.reshape(unembedWith(p, c, picked), [1, opts.rows.shape[0], c.vocabSize]) as tf.Tensor3D;
  }
  if (opts.lastOnly) {
    const last = tf.reshape(tf.slice(tf.reshape(x, [B, T, d]), [0, T - 1, 0], [B, 1, d]), [B, d]) as tf.Tensor2D; // [B, d]
    return tf.reshape(unembedWith(p, c, last), [B, 1, c.vocabSize]) as tf.Tensor3D;
  }
  const logits = unembedWith(p, c, x);
  return tf.reshape(logits, [B, T, c.vocabSize]) as tf.Tensor3D;
}
