// gelu_new's custom op (x·σ(2u) with a written-out derivative, model.ts) against the tanh formula and tf's autodiff of it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { useTestBackend } from '../backendForTests';
import { geluNew } from '../../../src/engine/lm/model';

test('gelu_new custom op: value and gradient match 0.5x(1 + tanh(√(2/π)(x + 0.044715x³)))', async () => {
  await useTestBackend();
  const tanhGelu = (x: tf.Tensor) => tf.mul(tf.mul(0.5, x), tf.add(1, tf.tanh(tf.mul(Math.sqrt(2 / Math.PI), tf.add(x, tf.mul(0.044715, tf.pow(x, 3)))))));
  const x = tf.tensor1d([-6, -3.2, -1, -0.3, 0, 0.2, 0.9, 1.7, 4, 7]);
  const w = tf.tensor1d([1, -2, 0.5, 3, 1, -1, 2, 0.25, -0.7, 1.3]);
  const d = (a: tf.Tensor, b: tf.Tensor) => tf.max(tf.abs(tf.sub(a, b))).dataSync()[0];
  assert.ok(d(geluNew(x), tanhGelu(x)) < 1e-5);
  const g1 = tf.grad((t: tf.Tensor) => tf.sum(tf.mul(geluNew(t), w)))(x);
  const g2 = tf.grad((t: tf.Tensor) => tf.sum(tf.mul(tanhGelu(t), w)))(x);
  assert.ok(d(g1, g2) < 1e-4, `gradient differs by ${d(g1, g2)}`);
});
