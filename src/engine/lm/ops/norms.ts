// The two normalisations the transformer uses, over the last axis of a 2-D tensor: LayerNorm and RMSNorm.
// Gemma's (1 + w) gain is not here: its loader folds the +1 into the stored gain, so one RMSNorm serves every family.
import * as tf from '@tensorflow/tfjs-core';
import type { NormKind } from '../config';

/** Layer norm (Ba et al. 2016): (x − mean) / √(var + eps) · g + b. x: [N, d]. */
export function layerNorm(x: tf.Tensor2D, g: tf.Tensor, b: tf.Tensor, eps: number): tf.Tensor2D {
  const mean = tf.mean(x, -1, true);
  const centered = tf.sub(x, mean);
  const variance = tf.mean(tf.square(centered), -1, true);
  return tf.add(tf.mul(tf.mul(centered, tf.rsqrt(tf.add(variance, eps))), g), b) as tf.Tensor2D;
}

/** RMS norm (Zhang & Sennrich 2019): x / √(mean(x²) + eps) · g. x: [N, d], g: [d]. */
export function rmsNorm(x: tf.Tensor2D, g: tf.Tensor, eps: number): tf.Tensor2D {
  const ms = tf.mean(tf.square(x), -1, true); // [N, 1]
  return tf.mul(tf.mul(x, tf.rsqrt(tf.add(ms, eps))), g) as tf.Tensor2D;
}

/** The norm named `prefix` (gain `${prefix}.g`, LayerNorm bias `${prefix}.b`) applied to x: [N, d]. */
export function applyNorm(kind: NormKind, p: Record<string, tf.Tensor>, prefix: string, x: tf.Tensor2D, eps: number): tf.Tensor2D {
  return kind === 'rms' ? rmsNorm(x, p[`${prefix}.g`], eps) : layerNorm(x, p[`${prefix}.g`], p[`${prefix}.b`], eps);
}
