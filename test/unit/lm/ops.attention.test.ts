// The fused attention kernel (src/engine/lm/ops/attention.ts) against tf's own ops: forward values and, through
// tf's autodiff of the reference, the gradients for q, k and v (causal and not, scaled and not, several heads).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { initBackend } from '../../../src/engine/backend';
import { MASK_VALUE } from '../../../src/engine/lm/model';
import { fusedAttention, fusedAttentionAvailable } from '../../../src/engine/lm/ops/attention';

/** The model's reference path: heads → softmax(s·q kᵀ + mask) v → merged rows. */
function reference(q: tf.Tensor2D, k: tf.Tensor2D, v: tf.Tensor2D, B: number, T: number, H: number, scale: number, causal: boolean): tf.Tensor2D {
  const dh = q.shape[1] / H;
  const heads = (t: tf.Tensor) => tf.transpose(tf.reshape(t, [B, T, H, dh]), [0, 2, 1, 3]);
  let s = tf.mul(tf.matMul(heads(q), heads(k), false, true), scale);
  if (causal) {
    const m = new Float32Array(T * T);
    for (let i = 0; i < T; i++) for (let j = i + 1; j < T; j++) m[i * T + j] = MASK_VALUE;
    s = tf.add(s, tf.tensor2d(m, [T, T]));
  }
  const z = tf.matMul(tf.softmax(s), heads(v));
  return tf.reshape(tf.transpose(z, [0, 2, 1, 3]), [B * T, H * dh]) as tf.Tensor2D;
}

const maxDiff = (a: tf.Tensor, b: tf.Tensor) => tf.tidy(() => tf.max(tf.abs(tf.sub(a, b))).dataSync()[0]);

for (const backend of ['wasm', 'cpu'] as const) {
  test(`fused attention matches tf's ops and autodiff on ${backend}`, async () => {
    await initBackend(backend);
    assert.ok(fusedAttentionAvailable(8));
    assert.ok(!fusedAttentionAvailable(6), 'dh not a multiple of 4 uses the tf path');
    const cases = [
      { B: 2, T: 5, H: 2, dh: 4, scale: 0.5, causal: true },
      { B: 1, T: 7, H: 3, dh: 8, scale: 1 / Math.sqrt(8), causal: false },
      { B: 3, T: 4, H: 1, dh: 12, scale: 1, causal: true },
    ];
    for (const [n, c] of cases.entries()) {
      tf.tidy(() => {
        const N = c.B * c.T;
        const d = c.H * c.dh;
        const q = tf.randomNormal([N, d], 0, 1, 'float32', 10 + n) as tf.Tensor2D;
        const k = tf.randomNormal([N, d], 0, 1, 'float32', 20 + n) as tf.Tensor2D;
        const v = tf.randomNormal([N, d], 0, 1, 'float32', 30 + n) as tf.Tensor2D;
        const w = tf.randomNormal([N, d], 0, 1, 'float32', 40 + n) as tf.Tensor2D; // a random cotangent via Σ w·z
        const shape = { batch: c.B, seq: c.T, heads: c.H, scale: c.scale, causal: c.causal };
        const got = fusedAttention(q, k, v, shape);
        const want = reference(q, k, v, c.B, c.T, c.H, c.scale, c.causal);
        assert.ok(maxDiff(got, want) < 1e-5, `case ${n} forward: ${maxDiff(got, want)}`);
        const gFused = tf.grads((a: tf.Tensor, b: tf.Tensor, e: tf.Tensor) =>
          tf.sum(tf.mul(fusedAttention(a as tf.Tensor2D, b as tf.Tensor2D, e as tf.Tensor2D, shape), w)))([q, k, v]);
        const gRef = tf.grads((a: tf.Tensor, b: tf.Tensor, e: tf.Tensor) =>
          tf.sum(tf.mul(reference(a as tf.Tensor2D, b as tf.Tensor2D, e as tf.Tensor2D, c.B, c.T, c.H, c.scale, c.causal), w)))([q, k, v]);
        ['dq', 'dk', 'dv'].forEach((name, i) => assert.ok(maxDiff(gFused[i], gRef[i]) < 1e-4, `case ${n} ${name}: ${maxDiff(gFused[i], gRef[i])}`));
      });
    }
  });
}
