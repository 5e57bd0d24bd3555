// The AdamW SIMD kernel (src/engine/lm/ops/kernels.as.ts via adamWKernel) against the tf-ops step it replaces on the
// CPU-side backends: same parameters and moments after a few steps, with clipping scale and decay on some tensors.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { initBackend } from '../../../src/engine/backend';
import { adamWKernel, adamWOps, newAdamWState } from '../../../src/engine/lm/adamw';
import type { ParamMap } from '../../../src/engine/lm/params';

test('AdamW kernel step equals the tf-ops step', async () => {
  await initBackend('wasm');
  const shapes: Record<string, number[]> = { w: [5, 7], b: [7], odd: [3] };
  const mk = (seed: number): ParamMap => Object.fromEntries(Object.entries(shapes).map(([n, s], i) => [n, tf.randomNormal(s, 0, 1, 'float32', seed + i)]));
  const pa = mk(1);
  const pb = Object.fromEntries(Object.entries(pa).map(([n, t]) => [n, t.clone()]));
  const sa = newAdamWState(pa);
  const sb = newAdamWState(pb);
  const cfg = { beta1: 0.9, beta2: 0.99, eps: 1e-8, weightDecay: 0.1 };
  const decay = new Set(['w']);
  for (let t = 1; t <= 4; t++) {
    const grads = mk(10 * t);
    const scale = t % 2 ? 1 : 0.37;
    const bc1 = 1 - Math.pow(cfg.beta1, t);
    const bc2 = 1 - Math.pow(cfg.beta2, t);
    adamWOps(pa, grads, sa, 1e-2, cfg, decay, scale, bc1, bc2);
    adamWKernel(pb, grads, sb, 1e-2, cfg, decay, scale, bc1, bc2);
    tf.dispose(Object.values(grads));
  }
  for (const n of Object.keys(shapes)) {
    for (const [a, b, what] of [[pa[n], pb[n], n], [sa.moments[`m.${n}`], sb.moments[`m.${n}`], `m.${n}`], [sa.moments[`v.${n}`], sb.moments[`v.${n}`], `v.${n}`]] as const) {
      assert.deepEqual(b.shape, a.shape);
      const d = tf.max(tf.abs(tf.sub(a, b))).dataSync()[0];
      assert.ok(d < 1e-6, `${what}: ${d}`);
    }
  }
});
