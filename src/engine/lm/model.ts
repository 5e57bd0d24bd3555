// The decoder-only transformer (GPT-2 style; every architectural choice a config field): forward pass, logits and a cache
// of named activations (TransformerLens `run_with_cache`). Training, sampling and checkpoints live in their own files.
import * as tf from '@tensorflow/tfjs-core';
// tfjs-core alone registers no gradients (the tfjs umbrella package does): training needs them.
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { validateConfig, type TransformerConfig } from './config';
import { blockPrefix, initParams, paramSpecs, type ParamMap } from './params';
import { fusedAttention, fusedAttentionAvailable } from './ops/attention';

/** Named activations, e.g. `blocks.2.attn.pattern` → [batch, heads, q, k]. The caller disposes them (`disposeCache`). */
export type ActivationCache = Record<string, tf.Tensor>;

/**
 * The one helper that names activations (TransformerLens `get_act_name`): `actName('embed')`,
 * `actName('blocks', 2, 'attn.pattern')` → `blocks.2.attn.pattern`.
 * Per block: resid_pre, ln1, attn.q/k/v ([batch, heads, seq, dHead], after RoPE), attn.scores (scaled, masked, pre-softmax),
 * attn.pattern ([batch, heads, q, k]), attn.z, attn_out, resid_mid, ln2, mlp_out, resid_post; global: embed, pos_embed, ln_final.
 */
export function actName(name: string, layer?: number, sub?: string): string {
  if (layer === undefined) return name;
  return `${name}.${layer}${sub ? '.' + sub : ''}`;
}

export function disposeCache(cache: ActivationCache | undefined): void {
  if (cache) for (const t of Object.values(cache)) t.dispose();
}

/** Large negative added to masked scores (exp underflows to exactly 0; -Infinity would not survive JSON). */
export const MASK_VALUE = -1e9;

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

/** RoPE angles (Su et al. 2021): θ[p, i] = p · 10000^(−2i/dHead), i < dHead/2. [T * dHead/2] row-major. */
export function ropeAngles(T: number, dHead: number): Float32Array {
  const half = dHead / 2;
  const out = new Float32Array(T * half);
  for (let p = 0; p < T; p++) for (let i = 0; i < half; i++) out[p * half + i] = p * Math.pow(10000, (-2 * i) / dHead);
  return out;
}

export interface ForwardOptions {
  /** Return the named-activation cache. */
  cache?: boolean;
  /** Apply dropout (and use the one-hot embedding whose gradient every backend has). */
  training?: boolean;
  /** Seed for dropout masks while training. */
  dropoutSeed?: number;
  /**
   * Only the last position's logits, [batch, 1, vocab]: next-token prediction. For a large vocabulary
   * (GPT-2: 50,257) the unembedding of every position would dominate the forward pass.
   */
  lastOnly?: boolean;
}

export interface ForwardResult {
  /** [batch, seq, vocab] */
  logits: tf.Tensor3D;
  cache?: ActivationCache;
}

type Ids = number[][] | tf.Tensor2D;

/** Layer norm (Ba et al. 2016) over the last axis. x: [N, d]. */
function layerNorm(x: tf.Tensor2D, g: tf.Tensor, b: tf.Tensor, eps: number): tf.Tensor2D {
  const mean = tf.mean(x, -1, true);
  const centered = tf.sub(x, mean);
  const variance = tf.mean(tf.square(centered), -1, true);
  return tf.add(tf.mul(tf.mul(centered, tf.rsqrt(tf.add(variance, eps))), g), b) as tf.Tensor2D;
}

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

/** x @ w + b; x: [N, in], w: [in, out]. */
function linear(x: tf.Tensor2D, w: tf.Tensor, b: tf.Tensor): tf.Tensor2D {
  return tf.add(matMul2d(x, w as tf.Tensor2D), b) as tf.Tensor2D;
}

const GELU_C = Math.sqrt(2 / Math.PI);
const GELU_A = 0.044715;

/**
 * GELU, tanh approximation as in GPT-2 (Hendrycks & Gimpel 2016): 0.5·x·(1 + tanh(u)), u = √(2/π)(x + 0.044715x³),
 * computed as the identical x·σ(2u) (wasm's Tanh is ~4× slower than its Sigmoid), with its derivative written out:
 * σ(2u) + x·σ(2u)(1 − σ(2u))·2u′, u′ = √(2/π)(1 + 3·0.044715x²).
 */
export const geluNew = tf.customGrad(((...args: unknown[]) => {
  const [x, save] = args as [tf.Tensor, tf.GradSaveFunc];
  const x2 = tf.square(x);
  const s = tf.sigmoid(tf.mul(tf.mul(x, tf.add(tf.mul(x2, GELU_A), 1)), 2 * GELU_C));
  save([x, s]);
  return {
    value: tf.mul(x, s),
    gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
      const [xs, ss] = saved;
      const du2 = tf.add(tf.mul(tf.square(xs), 3 * GELU_A * 2 * GELU_C), 2 * GELU_C); // 2u′
      return tf.mul(dy, tf.add(ss, tf.mul(tf.mul(xs, tf.mul(ss, tf.sub(1, ss))), du2)));
    },
  };
}) as Parameters<typeof tf.customGrad>[0]) as unknown as (x: tf.Tensor) => tf.Tensor;

/** Exact GELU: x·Φ(x) = x/2 · (1 + erf(x/√2)). */
function geluExact(x: tf.Tensor): tf.Tensor {
  return tf.mul(tf.mul(0.5, x), tf.add(1, tf.erf(tf.mul(x, Math.SQRT1_2))));
}

/**
 * Rotate pairs (x[i], x[i + d/2]) by the RoPE angles (GPT-NeoX / LLaMA layout). x: [B, H, T, dh] with cos, sin: [T, dh/2],
 * or x: [B, T, H, dh] with cos, sin: [T, 1, dh/2].
 */
function applyRope(x: tf.Tensor4D, cos: tf.Tensor, sin: tf.Tensor): tf.Tensor4D {
  const half = x.shape[3] / 2;
  const [x1, x2] = tf.split(x, [half, half], 3);
  return tf.concat([tf.sub(tf.mul(x1, cos), tf.mul(x2, sin)), tf.add(tf.mul(x1, sin), tf.mul(x2, cos))], 3) as tf.Tensor4D;
}

export class Transformer {
  readonly config: TransformerConfig;
  /** Plain named tensors, owned by the model; see params.ts for the names. */
  params: ParamMap;

  constructor(config: TransformerConfig, params: ParamMap) {
    this.config = validateConfig(config);
    const missing = paramSpecs(this.config).filter((s) => !params[s.name]);
    if (missing.length) throw new Error(`parameters missing: ${missing.map((s) => s.name).join(', ')}`);
    this.params = params;
  }

  /** A freshly initialised model (seeded). */
  static create(config: Partial<TransformerConfig>, seed = 0): Transformer {
    const c = validateConfig(config);
    return new Transformer(c, initParams(c, seed));
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
    const logits = tf.tidy(() => {
      const idsT = Array.isArray(ids) ? tf.tensor2d(ids, undefined, 'int32') : ids;
      const out = forwardWith(this.params, this.config, idsT, opts, cache);
      if (cache) for (const t of Object.values(cache)) tf.keep(t);
      return out;
    });
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

/** lnF (pre-norm only; post-norm's last block already ends in a norm) then wteᵀ or the separate unembedding. x: [N, d] → [N, V]. */
function unembedWith(p: ParamMap, c: TransformerConfig, x: tf.Tensor2D): tf.Tensor2D {
  const h = c.norm === 'pre' ? layerNorm(x, p['lnF.g'], p['lnF.b'], c.layerNormEpsilon) : x;
  return c.tiedEmbeddings ? matMul2d(h, tf.transpose(p.wte) as tf.Tensor2D) : matMul2d(h, p.unembed as tf.Tensor2D);
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
  if (T > c.contextLength) throw new Error(`sequence of ${T} tokens is longer than the context (${c.contextLength})`);
  const d = c.dModel;
  const H = c.nHeads;
  const dh = d / H;
  const N = B * T;
  let dropCount = 0;
  const drop = (x: tf.Tensor2D): tf.Tensor2D =>
    opts.training && c.dropout > 0 ? (tf.dropout(x, c.dropout, undefined, (opts.dropoutSeed ?? 0) * 997 + dropCount++) as tf.Tensor2D) : x;
  const save = (name: string, t: tf.Tensor, shape?: number[]) => {
    if (cache) cache[name] = shape ? tf.reshape(t, shape) : t;
  };
  const flatIds = tf.reshape(ids, [N]) as tf.Tensor1D;
  // Gather's gradient (UnsortedSegmentSum) has no wasm kernel: train through a one-hot matmul, infer with gather.
  const tok = opts.training
    ? matMul2d(oneHotF32(flatIds, c.vocabSize), p.wte as tf.Tensor2D) // [N, d]
    : (tf.gather(p.wte, flatIds) as tf.Tensor2D); // [N, d]
  save(actName('embed'), tok, [B, T, d]);
  let x: tf.Tensor2D = tok; // [N, d]
  if (c.positional === 'learned' || c.positional === 'sinusoidal') {
    const pos =
      c.positional === 'learned'
        ? (tf.slice(p.wpe, [0, 0], [T, d]) as tf.Tensor2D) // [T, d]
        : tf.tensor2d(sinusoidalTable(T, d), [T, d]);
    save(actName('pos_embed'), tf.broadcastTo(pos, [B, T, d]));
    x = tf.reshape(tf.add(tf.reshape(x, [B, T, d]), pos), [N, d]) as tf.Tensor2D;
  }
  x = drop(x);
  let rope: { cos: tf.Tensor2D; sin: tf.Tensor2D } | undefined;
  if (c.positional === 'rope') {
    const ang = tf.tensor2d(ropeAngles(T, dh), [T, dh / 2]);
    rope = { cos: tf.cos(ang), sin: tf.sin(ang) };
  }
  // The fused kernel when nothing asks for the per-head activations (training, plain forward) on a CPU-side backend.
  const fused = !cache && fusedAttentionAvailable(dh);
  let mask: tf.Tensor2D | undefined;
  if (c.causal && !fused) {
    const m = new Float32Array(T * T);
    for (let i = 0; i < T; i++) for (let j = i + 1; j < T; j++) m[i * T + j] = MASK_VALUE;
    mask = tf.tensor2d(m, [T, T]); // [q, k]
  }
  const heads = (t: tf.Tensor2D) => tf.transpose(tf.reshape(t, [B, T, H, dh]), [0, 2, 1, 3]) as tf.Tensor4D; // [B, H, T, dh]
  const eps = c.layerNormEpsilon;
  for (let i = 0; i < c.nLayers; i++) {
    const bp = blockPrefix(i);
    const name = (sub: string) => actName('blocks', i, sub);
    save(name('resid_pre'), x, [B, T, d]);
    // attention sublayer
    const h1 = c.norm === 'pre' ? layerNorm(x, p[`${bp}.ln1.g`], p[`${bp}.ln1.b`], eps) : x;
    if (c.norm === 'pre') save(name('ln1'), h1, [B, T, d]);
    const std = c.attention === 'standard';
    if (fused) {
      // same maths as below, without the [B, H, T, dh] transposes or the [B, H, T, T] batched matmuls (ops/attention.ts)
      let q2 = std ? linear(h1, p[`${bp}.attn.wq`], p[`${bp}.attn.bq`]) : h1;
      let k2 = std ? linear(h1, p[`${bp}.attn.wk`], p[`${bp}.attn.bk`]) : h1;
      const v2 = std ? linear(h1, p[`${bp}.attn.wv`], p[`${bp}.attn.bv`]) : h1;
      if (rope) {
        const cos = tf.reshape(rope.cos, [T, 1, dh / 2]);
        const sin = tf.reshape(rope.sin, [T, 1, dh / 2]);
        q2 = tf.reshape(applyRope(tf.reshape(q2, [B, T, H, dh]) as tf.Tensor4D, cos, sin), [N, d]) as tf.Tensor2D;
        k2 = tf.reshape(applyRope(tf.reshape(k2, [B, T, H, dh]) as tf.Tensor4D, cos, sin), [N, d]) as tf.Tensor2D;
      }
      const merged = fusedAttention(q2, k2, v2, { batch: B, seq: T, heads: H, scale: std ? 1 / Math.sqrt(dh) : 1, causal: c.causal });
      const attnOut = drop(std ? linear(merged, p[`${bp}.attn.wo`], p[`${bp}.attn.bo`]) : merged); // [N, d]
      x = tf.add(x, attnOut);
    } else {
      let q = heads(std ? linear(h1, p[`${bp}.attn.wq`], p[`${bp}.attn.bq`]) : h1);
      let k = heads(std ? linear(h1, p[`${bp}.attn.wk`], p[`${bp}.attn.bk`]) : h1);
      const v = heads(std ? linear(h1, p[`${bp}.attn.wv`], p[`${bp}.attn.bv`]) : h1);
      if (rope) {
        q = applyRope(q, rope.cos, rope.sin);
        k = applyRope(k, rope.cos, rope.sin);
      }
      save(name('attn.q'), q);
      save(name('attn.k'), k);
      save(name('attn.v'), v);
      // scaled dot-product (Vaswani et al. 2017): softmax(QKᵀ/√dh + mask) V; 'simple' uses raw x_i·x_j
      let scores = tf.matMul(q, k, false, true) as tf.Tensor4D; // [B, H, T, T]
      if (std) scores = tf.mul(scores, 1 / Math.sqrt(dh));
      if (mask) scores = tf.add(scores, mask);
      save(name('attn.scores'), scores);
      const pattern = tf.softmax(scores) as tf.Tensor4D; // [B, H, q, k]
      save(name('attn.pattern'), pattern);
      const z = tf.matMul(pattern, v) as tf.Tensor4D; // [B, H, T, dh]
      save(name('attn.z'), z);
      const merged = tf.reshape(tf.transpose(z, [0, 2, 1, 3]), [N, d]) as tf.Tensor2D; // [N, d]
      const attnOut = drop(std ? linear(merged, p[`${bp}.attn.wo`], p[`${bp}.attn.bo`]) : merged); // [N, d]
      save(name('attn_out'), attnOut, [B, T, d]);
      x = tf.add(x, attnOut);
    }
    if (c.norm === 'post') x = layerNorm(x, p[`${bp}.ln1.g`], p[`${bp}.ln1.b`], eps);
    save(name('resid_mid'), x, [B, T, d]);
    // feed-forward sublayer
    const h2 = c.norm === 'pre' ? layerNorm(x, p[`${bp}.ln2.g`], p[`${bp}.ln2.b`], eps) : x;
    if (c.norm === 'pre') save(name('ln2'), h2, [B, T, d]);
    const up = linear(h2, p[`${bp}.mlp.wUp`], p[`${bp}.mlp.bUp`]); // [N, dFF]
    let act: tf.Tensor;
    switch (c.activation) {
      case 'relu':
        act = tf.relu(up);
        break;
      case 'gelu':
        act = geluExact(up);
        break;
      case 'gelu_new':
        act = geluNew(up);
        break;
      case 'swiglu': {
        // SwiGLU (Shazeer 2020): (SiLU(x W_gate) ⊙ x W_up) W_down
        const gate = linear(h2, p[`${bp}.mlp.wGate`], p[`${bp}.mlp.bGate`]);
        act = tf.mul(tf.mul(gate, tf.sigmoid(gate)), up);
        break;
      }
    }
    const mlpOut = drop(linear(act as tf.Tensor2D, p[`${bp}.mlp.wDown`], p[`${bp}.mlp.bDown`])); // [N, d]
    save(name('mlp_out'), mlpOut, [B, T, d]);
    x = tf.add(x, mlpOut);
    if (c.norm === 'post') x = layerNorm(x, p[`${bp}.ln2.g`], p[`${bp}.ln2.b`], eps);
    save(name('resid_post'), x, [B, T, d]);
  }
  if (cache) save(actName('ln_final'), c.norm === 'pre' ? layerNorm(x, p['lnF.g'], p['lnF.b'], eps) : x, [B, T, d]);
  if (opts.lastOnly) {
    const last = tf.reshape(tf.slice(tf.reshape(x, [B, T, d]), [0, T - 1, 0], [B, 1, d]), [B, d]) as tf.Tensor2D; // [B, d]
    return tf.reshape(unembedWith(p, c, last), [B, 1, c.vocabSize]) as tf.Tensor3D;
  }
  const logits = unembedWith(p, c, x);
  return tf.reshape(logits, [B, T, c.vocabSize]) as tf.Tensor3D;
}
