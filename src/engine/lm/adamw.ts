// AdamW (Loshchilov & Hutter 2019: Adam with decoupled weight decay), global-norm gradient clipping (Pascanu et al. 2013)
// and the warm-up + cosine learning-rate schedule. Moments are plain named tensors so checkpoints can save them.
import * as tf from '@tensorflow/tfjs-core';
import { kernelsUsable, layout, lmKernels } from './ops/kernel';
import type { ParamMap } from './params';

export interface AdamWConfig {
  beta1: number;
  beta2: number;
  eps: number;
  weightDecay: number;
}

export interface AdamWState {
  /** Number of updates applied so far (bias correction uses it). */
  t: number;
  /** First moments, keyed `m.<param>`, and second moments, `v.<param>`. */
  moments: ParamMap;
}

export function newAdamWState(params: ParamMap): AdamWState {
  const moments: ParamMap = {};
  for (const [n, p] of Object.entries(params)) {
    moments[`m.${n}`] = tf.zerosLike(p);
    moments[`v.${n}`] = tf.zerosLike(p);
  }
  return { t: 0, moments };
}

/** lr at `step` (0-based): linear warm-up to `peak` over `warmup` steps, then cosine decay to `min` at `total`. */
export function learningRateAt(step: number, o: { peak: number; min: number; warmup: number; total: number }): number {
  if (step < o.warmup) return (o.peak * (step + 1)) / o.warmup;
  if (step >= o.total) return o.min;
  const progress = (step - o.warmup) / Math.max(1, o.total - o.warmup);
  return o.min + 0.5 * (o.peak - o.min) * (1 + Math.cos(Math.PI * progress));
}

/** √(Σ‖g‖²) over all gradients, as a number (one sync). */
export async function globalNorm(grads: tf.Tensor[]): Promise<number> {
  const s = tf.tidy(() => tf.addN(grads.map((g) => tf.sum(tf.square(g)))));
  const v = (await s.data())[0];
  s.dispose();
  return Math.sqrt(v);
}

/**
 * One AdamW update in place of `params` and `state` (old tensors disposed). `scale` multiplies the gradients
 * (gradient clipping). Decay applies only to the names in `decay`.
 */
export function adamWUpdate(
  params: ParamMap,
  grads: Record<string, tf.Tensor>,
  state: AdamWState,
  lr: number,
  cfg: AdamWConfig,
  decay: Set<string>,
  scale = 1,
): void {
  state.t += 1;
  const bc1 = 1 - Math.pow(cfg.beta1, state.t);
  const bc2 = 1 - Math.pow(cfg.beta2, state.t);
  // CPU-side backends: one SIMD pass per parameter (kernels.as.ts) instead of ~14 tf ops, same operations in order
  if (kernelsUsable()) adamWKernel(params, grads, state, lr, cfg, decay, scale, bc1, bc2);
  else adamWOps(params, grads, state, lr, cfg, decay, scale, bc1, bc2);
}

/** The tf-ops AdamW step (any backend); adamWUpdate without the step count. Exported for the kernel's test. */
export function adamWOps(
  params: ParamMap,
  grads: Record<string, tf.Tensor>,
  state: AdamWState,
  lr: number,
  cfg: AdamWConfig,
  decay: Set<string>,
  scale: number,
  bc1: number,
  bc2: number,
): void {
  for (const name of Object.keys(params)) {
    const g0 = grads[name];
    if (!g0) continue;
    const mKey = `m.${name}`;
    const vKey = `v.${name}`;
    const [p, m, v] = tf.tidy(() => {
      const g = scale === 1 ? g0 : tf.mul(g0, scale);
      const m1 = tf.add(tf.mul(state.moments[mKey], cfg.beta1), tf.mul(g, 1 - cfg.beta1));
      const v1 = tf.add(tf.mul(state.moments[vKey], cfg.beta2), tf.mul(tf.square(g), 1 - cfg.beta2));
      const stepDir = tf.div(tf.div(m1, bc1), tf.add(tf.sqrt(tf.div(v1, bc2)), cfg.eps));
      const wd = decay.has(name) && cfg.weightDecay > 0 ? tf.mul(params[name], cfg.weightDecay) : undefined;
      const p1 = tf.sub(params[name], tf.mul(wd ? tf.add(stepDir, wd) : stepDir, lr));
      return [p1, m1, v1];
    });
    params[name].dispose();
    state.moments[mKey].dispose();
    state.moments[vKey].dispose();
    params[name] = p;
    state.moments[mKey] = m;
    state.moments[vKey] = v;
  }
}

/** The same step with the SIMD kernel (wasm/cpu backends). Exported for its test. */
export function adamWKernel(
  params: ParamMap,
  grads: Record<string, tf.Tensor>,
  state: AdamWState,
  lr: number,
  cfg: AdamWConfig,
  decay: Set<string>,
  scale: number,
  bc1: number,
  bc2: number,
): void {
  const K = lmKernels()!;
  for (const name of Object.keys(params)) {
    const g0 = grads[name];
    if (!g0) continue;
    const mKey = `m.${name}`;
    const vKey = `v.${name}`;
    const p0 = params[name];
    const n = p0.size;
    const { f32, at } = layout(K, [n, n, n, n]);
    f32.set(p0.dataSync() as Float32Array, at[0] / 4);
    f32.set(g0.dataSync() as Float32Array, at[1] / 4);
    f32.set(state.moments[mKey].dataSync() as Float32Array, at[2] / 4);
    f32.set(state.moments[vKey].dataSync() as Float32Array, at[3] / 4);
    const wd = decay.has(name) && cfg.weightDecay > 0 ? cfg.weightDecay : 0;
    K.adamw(at[0], at[1], at[2], at[3], n, scale, cfg.beta1, 1 - cfg.beta1, cfg.beta2, 1 - cfg.beta2, bc1, bc2, cfg.eps, lr, wd);
    const out = (i: number) => tf.tensor(f32.slice(at[i] / 4, at[i] / 4 + n), p0.shape, 'float32');
    const [p, m, v] = [out(0), out(2), out(3)];
    p0.dispose();
    state.moments[mKey].dispose();
    state.moments[vKey].dispose();
    params[name] = p;
    state.moments[mKey] = m;
    state.moments[vKey] = v;
  }
}
