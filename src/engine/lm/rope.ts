// Rotary position embeddings (Su et al. 2021): inverse frequencies with their base and scaling, the angle table, and
// the rotation of query/key pairs (x[i], x[i + dh/2]) in the GPT-NeoX / Llama layout. Which layer uses which base is model.ts's.
import * as tf from '@tensorflow/tfjs-core';
import type { RopeScaling } from './config';

/**
 * Inverse frequencies ω_i = θ^(−2i/dHead), i < dHead/2, then scaled: linear divides all by factor; llama3 divides
 * wavelengths 2π/ω longer than L/lowFreqFactor by factor, keeps those shorter than L/highFreqFactor, and blends between
 * with s = (L/λ − lowFreqFactor)/(highFreqFactor − lowFreqFactor): ω' = (1 − s)·ω/factor + s·ω (L = original context).
 */
export function ropeInverseFrequencies(dHead: number, theta = 10000, scaling: RopeScaling | null = null): Float64Array {
  const half = dHead / 2;
  const w = new Float64Array(half);
  for (let i = 0; i < half; i++) w[i] = Math.pow(theta, (-2 * i) / dHead);
  if (!scaling) return w;
  if (scaling.type === 'linear') return w.map((x) => x / scaling.factor);
  const { factor, lowFreqFactor, highFreqFactor, originalContextLength: L } = scaling;
  const lowWavelen = L / lowFreqFactor;
  const highWavelen = L / highFreqFactor;
  return w.map((x) => {
    const wavelen = (2 * Math.PI) / x;
    if (wavelen < highWavelen) return x;
    if (wavelen > lowWavelen) return x / factor;
    const s = (L / wavelen - lowFreqFactor) / (highFreqFactor - lowFreqFactor);
    return (1 - s) * (x / factor) + s * x;
  });
}

/** RoPE angles θ[p, i] = p · ω_i for p < T. [T * dHead/2] row-major. Defaults: base 10000, no scaling. */
export function ropeAngles(T: number, dHead: number, theta = 10000, scaling: RopeScaling | null = null): Float32Array {
  const half = dHead / 2;
  const out = new Float32Array(T * half);
  if (theta === 10000 && !scaling) {
    // the original table, computed exactly as before so saved models give identical numbers
    for (let p = 0; p < T; p++) for (let i = 0; i < half; i++) out[p * half + i] = p * Math.pow(10000, (-2 * i) / dHead);
    return out;
  }
  const w = ropeInverseFrequencies(dHead, theta, scaling);
  for (let p = 0; p < T; p++) for (let i = 0; i < half; i++) out[p * half + i] = p * w[i];
  return out;
}

/**
 * Rotate pairs (x[i], x[i + d/2]) by the RoPE angles. x: [B, H, T, dh] with cos, sin: [T, dh/2],
 * or x: [B, T, H, dh] with cos, sin: [T, 1, dh/2].
 */
export function applyRope(x: tf.Tensor4D, cos: tf.Tensor, sin: tf.Tensor): tf.Tensor4D {
  const half = x.shape[3] / 2;
  const [x1, x2] = tf.split(x, [half, half], 3);
  return tf.concat([tf.sub(tf.mul(x1, cos), tf.mul(x2, sin)), tf.add(tf.mul(x1, sin), tf.mul(x2, cos))], 3) as tf.Tensor4D;
}
