// Element-wise MLP non-linearities, each with the formula it implements. The gate of a gated MLP is model.ts's business.
import * as tf from '@tensorflow/tfjs-core';
import type { Activation } from '../config';

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
export function geluExact(x: tf.Tensor): tf.Tensor {
  return tf.mul(tf.mul(0.5, x), tf.add(1, tf.erf(tf.mul(x, Math.SQRT1_2))));
}

/** SiLU / swish (Elfwing et al. 2017; Ramachandran et al. 2017): x·σ(x). */
export function silu(x: tf.Tensor): tf.Tensor {
  return tf.mul(x, tf.sigmoid(x));
}

/** The element-wise function of an activation name ('swiglu' = the silu of a gated MLP). */
export function activationFn(a: Activation): (x: tf.Tensor) => tf.Tensor {
  switch (a) {
    case 'relu':
      return (x) => tf.relu(x);
    case 'gelu':
      return geluExact;
    case 'gelu_new':
      return geluNew;
    case 'silu':
    case 'swiglu':
      return silu;
  }
}
